/** Random problems for property-style tests: every activation and loss, single samples and batches. */
import type { ActivationName, LayerSpec, LossName, Problem, Target } from '../../src/data/problem';
import { createRandom } from '../../src/data/random';

export interface RandomProblemOptions {
  sizes: number[];
  hidden: Exclude<ActivationName, 'softmax'>;
  loss: LossName;
  batch?: number;
  seed: number;
  learningRate?: number;
}

/** The output activation each loss goes with; half_sse and mse use `outputForSquared`. */
function outputActivation(loss: LossName, outputForSquared: Exclude<ActivationName, 'softmax'>): ActivationName {
  if (loss === 'cross_entropy') return 'softmax';
  if (loss === 'bce') return 'sigmoid';
  return outputForSquared;
}

export function randomProblem(options: RandomProblemOptions): Problem {
  const random = createRandom(options.seed);
  const uniform = (low: number, high: number): number => low + (high - low) * random.uniform();
  const layers: LayerSpec[] = [];
  for (let l = 1; l < options.sizes.length; l++) {
    const isLast = l === options.sizes.length - 1;
    layers.push({
      weights: Array.from({ length: options.sizes[l]! }, () => Array.from({ length: options.sizes[l - 1]! }, () => uniform(-1.5, 1.5))),
      biases: Array.from({ length: options.sizes[l]! }, () => uniform(-0.5, 0.5)),
      activation: isLast ? outputActivation(options.loss, options.hidden) : options.hidden,
    });
  }
  const outputs = options.sizes[options.sizes.length - 1]!;
  const samples = options.batch ?? 1;
  const inputs = Array.from({ length: samples }, () => Array.from({ length: options.sizes[0]! }, () => uniform(-1, 1)));
  const targets: Target[] = inputs.map(() => {
    if (options.loss === 'cross_entropy') return random.integer(outputs);
    if (options.loss === 'bce') return Array.from({ length: outputs }, () => random.integer(2));
    return Array.from({ length: outputs }, () => uniform(-1, 1));
  });
  const problem: Problem = { layers, inputs, targets, loss: options.loss, singleSample: options.batch === undefined };
  if (options.learningRate !== undefined) problem.learningRate = options.learningRate;
  return problem;
}

export const HIDDEN_ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu'] as const;
export const ALL_LOSSES = ['half_sse', 'mse', 'bce', 'cross_entropy'] as const;
