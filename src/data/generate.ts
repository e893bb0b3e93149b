/**
 * Reproducible practice problems: `tracegrad new` and the web pages make the same problem from the
 * same options. Every number is rounded to two decimals so a student can work it by hand.
 *
 * The order of random draws is part of the contract (changing it changes every seed's problem):
 * each layer's weights row by row, then its biases; then each sample's input, then its target.
 */
import { createRandom, type Random } from './random';
import type { ActivationName, LayerSpec, LossName, Problem, Target } from './problem';

export interface GenerateOptions {
  /** Layer widths from the input to the output, e.g. [2, 3, 2]. */
  sizes: readonly number[];
  /**
   * One activation per layer. For cross_entropy the last one may be left out: softmax is the only
   * output that loss accepts, so it is implied.
   */
  activations: readonly ActivationName[];
  loss: LossName;
  seed: number;
  learningRate?: number;
  /** Samples in a batch; absent for a one-sample problem (input/target rather than inputs/targets). */
  batch?: number;
}

export class GenerateError extends Error {
  override name = 'GenerateError';
}

/** Two decimals, as a student would write them; never -0, which reads oddly in a problem sheet. */
function twoDecimals(x: number): number {
  const rounded = Math.round(x * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

function between(random: Random, low: number, high: number): number {
  return twoDecimals(low + (high - low) * random.uniform());
}

function checkOptions(options: GenerateOptions): ActivationName[] {
  const { sizes, loss, seed, learningRate, batch } = options;
  if (sizes.length < 2) throw new GenerateError(`sizes needs at least two widths (input and output), not ${sizes.length}`);
  sizes.forEach((size, i) => {
    if (!Number.isInteger(size) || size < 1) throw new GenerateError(`sizes[${i}] must be a whole number ≥ 1, not ${size}`);
  });
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new GenerateError(`seed must be a whole number from 0 to 4294967295, not ${seed}`);
  if (learningRate !== undefined && !(Number.isFinite(learningRate) && learningRate >= 0)) {
    throw new GenerateError(`learning rate must be a finite number ≥ 0, not ${learningRate}`);
  }
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new GenerateError(`batch must be a whole number ≥ 1, not ${batch}`);

  const layerCount = sizes.length - 1;
  const activations = [...options.activations];
  if (loss === 'cross_entropy' && activations.length === layerCount - 1) activations.push('softmax');
  if (activations.length !== layerCount) {
    throw new GenerateError(`activations has ${activations.length} name${activations.length === 1 ? '' : 's'} but sizes ${sizes.join(',')} make ${layerCount} layer${layerCount === 1 ? '' : 's'}`);
  }
  activations.forEach((name, i) => {
    if (name === 'softmax' && i !== layerCount - 1) throw new GenerateError(`activations[${i}] is softmax, which is allowed on the last layer only`);
  });
  const output = activations[layerCount - 1]!;
  if (loss === 'cross_entropy' && output !== 'softmax') throw new GenerateError(`loss cross_entropy needs a softmax output, not ${output}`);
  if (loss !== 'cross_entropy' && output === 'softmax') throw new GenerateError(`a softmax output goes with loss cross_entropy, not ${loss}`);
  if (loss === 'bce' && output !== 'sigmoid') throw new GenerateError(`loss bce needs a sigmoid output, not ${output}`);
  return activations;
}

/** A target the output can actually reach, so the exercise makes sense. */
function drawTarget(random: Random, loss: LossName, output: ActivationName, width: number): Target {
  if (loss === 'cross_entropy') return random.integer(width);
  if (loss === 'bce') return Array.from({ length: width }, () => random.integer(2));
  // Sigmoid outputs live in (0, 1), so 0.01–0.99 as in the classic worked example; ReLU outputs
  // are never negative; tanh and identity can reach the whole of [-1, 1].
  const [low, high] = output === 'sigmoid' ? [0.01, 0.99] : output === 'relu' ? [0, 1] : [-1, 1];
  return Array.from({ length: width }, () => between(random, low, high));
}

export function generateProblem(options: GenerateOptions): Problem {
  const activations = checkOptions(options);
  const { sizes, loss } = options;
  const random = createRandom(options.seed);
  const layers: LayerSpec[] = activations.map((activation, index) => {
    const inputs = sizes[index]!;
    const neurons = sizes[index + 1]!;
    const weights = Array.from({ length: neurons }, () => Array.from({ length: inputs }, () => between(random, -1, 1)));
    const biases = Array.from({ length: neurons }, () => between(random, -1, 1));
    return { weights, biases, activation };
  });
  const samples = options.batch ?? 1;
  const output = activations[activations.length - 1]!;
  const inputs: number[][] = [];
  const targets: Target[] = [];
  for (let i = 0; i < samples; i++) {
    inputs.push(Array.from({ length: sizes[0]! }, () => between(random, -1, 1)));
    targets.push(drawTarget(random, loss, output, sizes[sizes.length - 1]!));
  }
  const problem: Problem = { layers, inputs, targets, loss, singleSample: options.batch === undefined };
  if (options.learningRate !== undefined) problem.learningRate = options.learningRate;
  return problem;
}
