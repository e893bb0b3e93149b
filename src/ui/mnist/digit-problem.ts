/**
 * "Step into one digit" as a problem file: the page's current network, one test digit and its
 * label, and the page's learning rate, so the scalar engine can record every step of it and the
 * player can replay them. Pixels are scaled as training scales them (byte / 255).
 */
import type { Problem } from '../../data/problem';
import type { BatchedMlp } from '../../tensor/mlp';

/**
 * `pixels`: the digit's 784 values, 0–`fullInk` (255 for a test digit's bytes, 1 for the drawing
 * pad's input, which is already the network's input); `label`: its class.
 */
export function digitProblem(network: BatchedMlp, pixels: ArrayLike<number>, label: number, learningRate: number, fullInk = 255): Problem {
  return {
    layers: network.layers.map(({ shape, weights, biases }) => ({
      // W^{[l]} is stored outputs×inputs, row after row: row j is neuron j.
      weights: Array.from({ length: shape.outputs }, (_unused, j) => Array.from(weights.subarray(j * shape.inputs, (j + 1) * shape.inputs))),
      biases: Array.from(biases.subarray(0, shape.outputs)),
      activation: shape.activation,
    })),
    inputs: [Array.from(pixels, (value) => value / fullInk)],
    targets: [label],
    loss: 'cross_entropy',
    learningRate,
    singleSample: true,
  };
}
