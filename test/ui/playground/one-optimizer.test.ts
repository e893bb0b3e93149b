/**
 * The playground trains through the tensor module's SGD optimizer. These tests redo its steps with the
 * formulas the playground used to write out itself, on a twin network, and ask for the same float32
 * weights bit for bit: w ← w − α (∂ℒ/∂w + penalty), b ← b − α ∂ℒ/∂b.
 */
import { describe, expect, it } from 'vitest';
import { PlaygroundNetwork, playgroundTrainer, type NetworkShape } from '../../../src/ui/playground/model';
import type { TrainerSettings } from '../../../src/tensor/train';
import type { Sample } from '../../../src/ui/playground/datasets';

const shape: NetworkShape = { features: ['x1', 'x2'], hidden: [3], activation: 'tanh', output: 'sigmoid-bce', classes: 2 };
const sample: Sample = { x: [0.7, -1.3], label: 1, test: false };

/** One hand-written step on `network` from `sample` alone (batch of one, so the shuffle cannot matter). */
function handStep(network: PlaygroundNetwork, { learningRate, regularization = 'none', regularizationRate = 0 }: TrainerSettings): void {
  const { mlp } = network;
  network.writeRows([sample]);
  mlp.forward(1);
  mlp.backward(network.loss);
  for (const layer of mlp.layers) {
    for (let e = 0; e < layer.weights.length; e++) {
      const w = layer.weights[e]!;
      const penalty = regularization === 'l1' ? regularizationRate * Math.sign(w) : regularization === 'l2' ? regularizationRate * w : 0;
      layer.weights[e] = w - learningRate * (layer.gradWeights[e]! + penalty);
    }
    for (let e = 0; e < layer.biases.length; e++) layer.biases[e] = layer.biases[e]! - learningRate * layer.gradBiases[e]!;
  }
}

describe('the playground trainer through the one optimizer', () => {
  it.each(['none', 'l1', 'l2'] as const)('gives the same weights as the hand-written SGD step with regularisation %s, settings changed between steps', (regularization) => {
    const trained = new PlaygroundNetwork(shape, 11);
    const twin = new PlaygroundNetwork(shape, 11);
    const first: TrainerSettings = { learningRate: 0.3, batchSize: 1, regularization, regularizationRate: 0.1 };
    const trainer = playgroundTrainer(trained, [sample], [], first, 5);
    const before = Array.from(trained.mlp.layers[0]!.weights);
    for (let step = 0; step < 3; step++) {
      trainer.step();
      handStep(twin, first);
    }
    const second: TrainerSettings = { ...first, learningRate: 0.03, regularizationRate: 1 };
    trainer.settings = second;
    for (let step = 0; step < 2; step++) {
      trainer.step();
      handStep(twin, second);
    }
    // The comparison is not vacuous: training moved the weights.
    expect(Array.from(trained.mlp.layers[0]!.weights)).not.toEqual(before);
    trained.mlp.layers.forEach((layer, l) => {
      expect(Array.from(layer.weights)).toEqual(Array.from(twin.mlp.layers[l]!.weights));
      expect(Array.from(layer.biases)).toEqual(Array.from(twin.mlp.layers[l]!.biases));
    });
  });

  it('leaves the biases out of the penalty: with no data gradient only the weight moves', () => {
    const network = new PlaygroundNetwork({ features: ['x1'], hidden: [], activation: 'tanh', output: 'sigmoid-mse', classes: 2 }, 1);
    network.setWeight(1, 1, 1, 2);
    network.setBias(1, 1, 0.5);
    // x = 0 gives ∂ℒ/∂w = 0, while ∂ℒ/∂b ≠ 0: the bias moves by its gradient alone, never by λb.
    const withPenalty = playgroundTrainer(network, [{ x: [0, 0], label: 1, test: false }], [], { learningRate: 0.1, batchSize: 1, regularization: 'l2', regularizationRate: 10 }, 1);
    const twin = new PlaygroundNetwork({ features: ['x1'], hidden: [], activation: 'tanh', output: 'sigmoid-mse', classes: 2 }, 1);
    twin.setWeight(1, 1, 1, 2);
    twin.setBias(1, 1, 0.5);
    const without = playgroundTrainer(twin, [{ x: [0, 0], label: 1, test: false }], [], { learningRate: 0.1, batchSize: 1, regularization: 'none', regularizationRate: 0 }, 1);
    withPenalty.step();
    without.step();
    expect(network.bias(1, 1)).toBe(twin.bias(1, 1));
    expect(network.bias(1, 1)).not.toBe(0.5);
    expect(network.weight(1, 1, 1)).toBeCloseTo(2 * (1 - 0.1 * 10), 6);
    expect(twin.weight(1, 1, 1)).toBe(2);
  });
});
