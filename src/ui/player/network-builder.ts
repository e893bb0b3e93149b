/**
 * The changes the player's network builder makes by clicking: a neuron or a hidden layer more or
 * less, a layer's activation, the loss. Each returns a new problem and leaves the given one alone;
 * whether the result is a valid problem within the player's limit is the caller's check (the same
 * one any loaded problem passes), so a change that breaks a rule is refused with that rule's message.
 *
 * New weights are small and unequal (0.1, 0.2, … wrapping), so new neurons do not mirror each other
 * and the replay shows distinct numbers; new biases are 0.
 */
import type { ActivationName, LayerSpec, LossName, Problem, Target } from '../../data/problem';

/** The k-th new weight of a layer: 0.1 … 0.5, repeating. */
const newWeight = (k: number): number => ((k % 5) + 1) / 10;

const copyOf = (problem: Problem): Problem => structuredClone(problem);

/** Sets layer `l`'s number of inputs to `inputs`, keeping the first columns and adding new weights. */
function withInputs(layer: LayerSpec, inputs: number): void {
  layer.weights = layer.weights.map((row, j) => Array.from({ length: inputs }, (_, k) => row[k] ?? newWeight(j + k)));
}

/** Hidden layer `l` (0-based, not the output layer) with `count` neurons: the last ones go or new ones come. */
export function withNeuronCount(problem: Problem, l: number, count: number): Problem {
  const next = copyOf(problem);
  const layer = next.layers[l]!;
  const inputs = layer.weights[0]!.length;
  layer.weights = Array.from({ length: count }, (_, j) => layer.weights[j] ?? Array.from({ length: inputs }, (_, k) => newWeight(j + k)));
  layer.biases = Array.from({ length: count }, (_, j) => layer.biases[j] ?? 0);
  withInputs(next.layers[l + 1]!, count);
  return next;
}

/** A hidden layer more, just before the output layer, as wide as the layer before it and with its activation. */
export function withHiddenLayerAdded(problem: Problem): Problem {
  const next = copyOf(problem);
  const output = next.layers[next.layers.length - 1]!;
  const width = output.weights[0]!.length;
  const before = next.layers[next.layers.length - 2];
  const layer: LayerSpec = {
    weights: Array.from({ length: width }, (_, j) => Array.from({ length: width }, (_, k) => newWeight(j + k))),
    biases: Array.from({ length: width }, () => 0),
    activation: before?.activation ?? 'sigmoid',
  };
  next.layers.splice(next.layers.length - 1, 0, layer);
  return next;
}

/** The last hidden layer removed; the output layer takes the layer before it (or the inputs) as its inputs. */
export function withHiddenLayerRemoved(problem: Problem): Problem {
  const next = copyOf(problem);
  if (next.layers.length < 2) return next;
  next.layers.splice(next.layers.length - 2, 1);
  const before = next.layers[next.layers.length - 2];
  withInputs(next.layers[next.layers.length - 1]!, before === undefined ? next.inputs[0]!.length : before.weights.length);
  return next;
}

export function withActivation(problem: Problem, l: number, activation: ActivationName): Problem {
  const next = copyOf(problem);
  next.layers[l]!.activation = activation;
  return next;
}

/**
 * The loss changed, with what it needs: cross-entropy a softmax output and class indices as targets
 * (the largest component of a vector target), bce a sigmoid output, the others a vector target
 * (a class index becomes one-hot) and no softmax (sigmoid instead).
 */
export function withLoss(problem: Problem, loss: LossName): Problem {
  const next = copyOf(problem);
  const output = next.layers[next.layers.length - 1]!;
  const outputs = output.weights.length;
  next.loss = loss;
  if (loss === 'cross_entropy') output.activation = 'softmax';
  else if (loss === 'bce' || output.activation === 'softmax') output.activation = 'sigmoid';
  next.targets = next.targets.map((target): Target => {
    if (loss === 'cross_entropy') return typeof target === 'number' ? target : target.indexOf(Math.max(...target));
    const vector = typeof target === 'number' ? Array.from({ length: outputs }, (_, k) => (k === target ? 1 : 0)) : target;
    return loss === 'bce' ? vector.map((t) => Math.min(1, Math.max(0, t))) : vector;
  });
  return next;
}
