/**
 * micrograd's demo workload on tracegrad's scalar engine: a 2-16-16-1 ReLU MLP with a linear output
 * learns to separate two moons with a hinge loss, by full-batch gradient descent. Shared by the
 * benchmark (bench/engine.ts), which times it, and by a test, which checks that it learns and that
 * recording changes nothing but what is kept.
 *
 * It follows micrograd's demo.ipynb: weights uniform in [−1, 1], biases 0, labels y ∈ {−1, +1},
 * loss = mean max(0, 1 − y·score) + α·Σ p² with α = 1e-4, learning rate 1 − 0.9·k/100 at step k,
 * and the loss and accuracy reported for each step are those of the forward pass before its update.
 */
import { makeMoons, type ToyDataset } from '../src/data/toys';
import { recordCompact } from '../src/engine/tape';
import { Value } from '../src/engine/value';
import { gradientDescentStep } from '../src/nn/mlp';
import { createRandom, type Random } from '../src/data/random';

export const LAYER_SIZES: readonly number[] = [2, 16, 16, 1];
export const SAMPLE_COUNT = 100;
export const NOISE = 0.1;
/** Weight of the L2 penalty α·Σ p², micrograd's value. */
export const L2_WEIGHT = 1e-4;
/**
 * Seeds chosen by trying data seeds 1–4 with weight seeds 1–4: 11 of the 12 pairs end at 100 %
 * with a loss of 0.012–0.017, one at 99 %; this pair ends at 0.0117 and 100 %, like micrograd's
 * demo (0.011). Two seeds, so the data noise and the weights come from independent streams rather
 * than the same sequence of numbers.
 */
export const DATA_SEED = 2;
export const WEIGHT_SEED = 3;

/** One neuron: Σ_k weights_k · x_k + bias. */
interface Neuron {
  weights: Value[];
  bias: Value;
}

/** Layers of neurons; every layer but the last is followed by a ReLU. */
type Network = Neuron[][];

export interface MoonsOptions {
  /** How many gradient-descent steps to take (the benchmark takes 100). */
  steps: number;
  /** Record every step on a tape of its own, or run with recording off. */
  record: boolean;
  dataSeed?: number;
  weightSeed?: number;
}

export interface StepOutcome {
  /** The loss of this step's forward pass, before its update. */
  loss: number;
  /** The fraction of points with sign(score) = y in this step's forward pass. */
  accuracy: number;
  /** Wall-clock time of the forward pass, backward pass and update (and recording, when on). */
  seconds: number;
  /** Nodes in the step's graph: the tape's count when recording, a traversal's count otherwise. */
  nodes: number;
  /** Steps on this training step's tape; 0 with recording off. */
  recordedSteps: number;
}

export interface MoonsRun {
  steps: StepOutcome[];
  /** Every weight and bias after the last update, in the order `parameters` lists them. */
  parameters: number[];
}

export function learningRate(step: number): number {
  return 1 - (0.9 * step) / 100;
}

/** Trains a fresh network from the seeds, so two runs with the same options do the same arithmetic. */
export function trainMoons(options: MoonsOptions): MoonsRun {
  const data = makeMoons(SAMPLE_COUNT, NOISE, options.dataSeed ?? DATA_SEED);
  const network = createNetwork(LAYER_SIZES, createRandom(options.weightSeed ?? WEIGHT_SEED));
  const parameters = network.flatMap((layer) => layer.flatMap((neuron) => [...neuron.weights, neuron.bias]));
  const steps: StepOutcome[] = [];
  for (let k = 0; k < options.steps; k++) {
    const rate = learningRate(k);
    if (options.record) {
      const started = performance.now();
      // A fresh tape per step: the previous one can be collected, so memory stays flat over a run.
      const { result, tape } = recordCompact(() => trainingStep(network, parameters, data, rate));
      const seconds = (performance.now() - started) / 1000;
      steps.push({ loss: result.loss.data, accuracy: result.accuracy, seconds, nodes: tape.nodeCount, recordedSteps: tape.stepCount });
    } else {
      const started = performance.now();
      const result = trainingStep(network, parameters, data, rate);
      const seconds = (performance.now() - started) / 1000;
      // Counted after the clock stops: the count is for the report, not part of the work.
      steps.push({ loss: result.loss.data, accuracy: result.accuracy, seconds, nodes: countNodes(result.loss), recordedSteps: 0 });
    }
  }
  return { steps, parameters: parameters.map((parameter) => parameter.data) };
}

/** micrograd's Neuron(nin): weights uniform in [−1, 1], bias 0; drawn layer by layer, neuron by neuron. */
function createNetwork(sizes: readonly number[], random: Random): Network {
  const network: Network = [];
  for (let l = 1; l < sizes.length; l++) {
    const layer: Neuron[] = [];
    for (let j = 0; j < sizes[l]!; j++) {
      const weights: Value[] = [];
      for (let k = 0; k < sizes[l - 1]!; k++) weights.push(Value.leaf(2 * random.uniform() - 1));
      layer.push({ weights, bias: Value.leaf(0) });
    }
    network.push(layer);
  }
  return network;
}

function score(network: Network, point: readonly [number, number]): Value {
  let activations: Value[] = [Value.constant(point[0]), Value.constant(point[1])];
  network.forEach((layer, index) => {
    const isOutput = index === network.length - 1;
    const inputs = activations;
    activations = layer.map((neuron) => {
      const preActivation = Value.linear(neuron.weights, inputs, neuron.bias);
      return isOutput ? preActivation : preActivation.relu();
    });
  });
  return activations[0]!;
}

/** One full-batch step: forward over every point, the loss, backward, and the update. */
function trainingStep(network: Network, parameters: readonly Value[], data: ToyDataset, rate: number): { loss: Value; accuracy: number } {
  let correct = 0;
  const margins = data.points.map((point, i) => {
    const y = data.labels[i] === 1 ? 1 : -1;
    const s = score(network, point);
    if ((s.data > 0 ? 1 : -1) === y) correct++;
    return Value.constant(1).sub(s.mul(y)).relu();
  });
  const penalty = Value.sum(parameters.map((parameter) => parameter.pow(2))).mul(L2_WEIGHT);
  const loss = Value.mean(margins).add(penalty);
  loss.backward();
  gradientDescentStep(parameters, rate);
  return { loss, accuracy: correct / data.points.length };
}

/** Every node `root` depends on, constants included (what a tape would hold), counted without recursion. */
export function countNodes(root: Value): number {
  const seen = new Set<Value>([root]);
  const pending: Value[] = [root];
  while (pending.length > 0) {
    for (const input of pending.pop()!.inputs) {
      if (!seen.has(input)) {
        seen.add(input);
        pending.push(input);
      }
    }
  }
  return seen.size;
}
