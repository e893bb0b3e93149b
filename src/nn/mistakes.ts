/**
 * The backward pass as students get it wrong. Each known mistake is made on purpose in a backward
 * pass over the network's own forward values (the engine's a and z), layer by layer, and the
 * numbers it gives are kept whole: a wrong answer that equals one of them is named by that
 * mistake, because it is exactly what the mistake produces, not because of its size.
 *
 * The correct pass, which the mistaken ones depart from (NOTATION.md):
 *   δ^{[L]} = ∂ℒ/∂ŷ ⊙ σ′(a^{[L]})   (ŷ − y, over K for bce, for the logit losses)
 *   δ^{[l]} = ((W^{[l+1]})ᵀ δ^{[l+1]}) ⊙ σ′(a^{[l]})
 *   ∂ℒ/∂W^{[l]} = Σ_i δ^{[l](i)} (z^{[l-1](i)})ᵀ,   ∂ℒ/∂b^{[l]} = Σ_i δ^{[l](i)},   W ← W − α ∂ℒ/∂W
 * with the batch mean's 1/B in every δ^{[L]}.
 */
import type { ActivationName, Problem } from '../data/problem';
import type { GradResult, LayerResult, Matrix, Vector } from '../data/result';
import { activateNumbers, derivativeNumbers } from './activations';

export const MISTAKES = [
  'sigma-prime-omitted',
  'sigma-prime-at-z',
  'sign-flipped',
  'not-transposed',
  'batch-mean-dropped',
  'same-layer-activation',
  'uphill',
] as const;
export type MistakeKind = (typeof MISTAKES)[number];

export interface Mistake {
  kind: MistakeKind;
  /**
   * The layers l (from 1) where it is made: the δ^{[l]} computed without σ′(a^{[l]}) or at z, the
   * δ^{[l]} sent back through an untransposed W^{[l+1]}, the ∂ℒ/∂W^{[l]} taking z^{[l]}. Absent:
   * in every layer where it can be made (and for the mistakes that belong to no one layer).
   */
  layer?: number;
}

/** The forward values of one sample: a[l-1], z[l-1] for layer l, and the input x. */
interface SampleForward {
  x: Vector;
  a: Vector[];
  z: Vector[];
}

const rowsOf = (value: Vector | Matrix, single: boolean): Vector[] => (single ? [value as Vector] : (value as Matrix));

function forwardValues(problem: Problem, key: GradResult): SampleForward[] {
  return problem.inputs.map((x, i) => ({
    x,
    a: key.layers.map((layer) => rowsOf(layer.a, problem.singleSample)[i]!),
    z: key.layers.map((layer) => rowsOf(layer.z, problem.singleSample)[i]!),
  }));
}

/** σ′ of an elementwise activation at the points x (z = σ(x) recomputed from x). */
function slopeAt(name: Exclude<ActivationName, 'softmax'>, x: Vector): Vector {
  return derivativeNumbers(name, x, activateNumbers(name, x));
}

/**
 * The factor σ′ for δ^{[l]}, as the mistake has it: σ′(a) when right, 1 when left out, σ′(z) when
 * evaluated at z.
 */
function slopeFactor(name: Exclude<ActivationName, 'softmax'>, a: Vector, z: Vector, mistake: Mistake, l: number): Vector {
  const here = mistake.layer === undefined || mistake.layer === l;
  if (here && mistake.kind === 'sigma-prime-omitted') return a.map(() => 1);
  if (here && mistake.kind === 'sigma-prime-at-z') return slopeAt(name, z);
  return derivativeNumbers(name, a, z);
}

/** δ^{[L]} for one sample, the batch mean's 1/B included (unless the mistake leaves it out). */
function outputDelta(problem: Problem, sample: SampleForward, target: number | Vector, mistake: Mistake, B: number): Vector {
  const L = problem.layers.length;
  const yHat = sample.z[L - 1]!;
  const a = sample.a[L - 1]!;
  const K = yHat.length;
  const mean = mistake.kind === 'batch-mean-dropped' ? 1 : 1 / B;
  // ŷ − y, or y − ŷ with the sign flipped.
  const sign = mistake.kind === 'sign-flipped' ? -1 : 1;
  const error = yHat.map((p, k) => sign * (p - (typeof target === 'number' ? (k === target ? 1 : 0) : target[k]!)));
  const activation = problem.layers[L - 1]!.activation;
  if (activation === 'softmax') return error.map((e) => e * mean);
  if (problem.loss === 'bce') {
    // ∂ℒ/∂ŷ = (ŷ − y) / (K ŷ(1 − ŷ)), whose σ′(a) = ŷ(1 − ŷ) cancels when it is there.
    const slope = slopeFactor(activation, a, yHat, mistake, L);
    return error.map((e, k) => ((e / (K * yHat[k]! * (1 - yHat[k]!))) * slope[k]! * mean));
  }
  const factor = problem.loss === 'mse' ? 2 / K : 1;
  const slope = slopeFactor(activation, a, yHat, mistake, L);
  return error.map((e, k) => factor * e * slope[k]! * mean);
}

/** Sends δ^{[l+1]} back through W^{[l+1]}: transposed when right, as it is when the mistake is made (square W only). */
function sendBack(W: Matrix, delta: Vector, untransposed: boolean): Vector {
  if (!untransposed) return W[0]!.map((_w, k) => W.reduce((sum, row, j) => sum + row[k]! * delta[j]!, 0));
  // W δ needs as many columns as δ has entries; otherwise the mistake cannot be made.
  if (W[0]!.length !== delta.length) return W[0]!.map(() => NaN);
  return W.map((row) => row.reduce((sum, w, k) => sum + w * delta[k]!, 0));
}

function elementwise(name: ActivationName): Exclude<ActivationName, 'softmax'> {
  if (name === 'softmax') throw new Error('softmax is the output layer of cross_entropy only');
  return name;
}

/** The whole result (the shape of grad --json) of a backward pass made with the mistake. */
export function mistakenResult(problem: Problem, key: GradResult, mistake: Mistake): GradResult {
  const L = problem.layers.length;
  const B = problem.inputs.length;
  const samples = forwardValues(problem, key);
  const gradWeights: Matrix[] = problem.layers.map((layer) => layer.weights.map((row) => row.map(() => 0)));
  const gradBiases: Vector[] = problem.layers.map((layer) => layer.biases.map(() => 0));
  const deltas: Vector[][] = samples.map((sample, i) => {
    const delta: Vector[] = new Array<Vector>(L);
    delta[L - 1] = outputDelta(problem, sample, problem.targets[i]!, mistake, B);
    for (let l = L - 1; l >= 1; l--) {
      const W = problem.layers[l]!.weights;
      // Made in every layer, the mistake is made where it can be: where W^{[l+1]} is square.
      const untransposed = mistake.kind === 'not-transposed' && (mistake.layer === undefined ? W.length === W[0]!.length : mistake.layer === l);
      const back = sendBack(W, delta[l]!, untransposed);
      const slope = slopeFactor(elementwise(problem.layers[l - 1]!.activation), sample.a[l - 1]!, sample.z[l - 1]!, mistake, l);
      delta[l - 1] = back.map((value, j) => value * slope[j]!);
    }
    for (let l = 1; l <= L; l++) {
      const sameLayer = mistake.kind === 'same-layer-activation' && (mistake.layer === undefined || mistake.layer === l);
      const input = sameLayer ? sample.z[l - 1]! : l === 1 ? sample.x : sample.z[l - 2]!;
      const d = delta[l - 1]!;
      gradWeights[l - 1]!.forEach((row, j) => row.forEach((_g, k) => (row[k]! += d[j]! * (input[k] ?? NaN))));
      gradBiases[l - 1]!.forEach((_g, j) => (gradBiases[l - 1]![j]! += d[j]!));
    }
    return delta;
  });
  const direction = mistake.kind === 'uphill' ? 1 : -1;
  const layers: LayerResult[] = problem.layers.map((layer, index) => {
    const perSample = deltas.map((delta) => delta[index]!);
    const result: LayerResult = {
      a: key.layers[index]!.a,
      z: key.layers[index]!.z,
      delta: problem.singleSample ? perSample[0]! : perSample,
      gradWeights: gradWeights[index]!,
      gradBiases: gradBiases[index]!,
    };
    const rate = problem.learningRate;
    if (rate !== undefined) {
      result.newWeights = layer.weights.map((row, j) => row.map((w, k) => w + direction * rate * gradWeights[index]![j]![k]!));
      result.newBiases = layer.biases.map((b, j) => b + direction * rate * gradBiases[index]![j]!);
    }
    return result;
  });
  // Without the 1/B the loss is the batch's sum rather than its mean.
  const loss = mistake.kind === 'batch-mean-dropped' ? key.loss * B : key.loss;
  return { loss, output: key.output, layers };
}

/** Every way each mistake can be made in this problem: in one layer, or in all layers at once. */
export function possibleMistakes(problem: Problem): Mistake[] {
  const L = problem.layers.length;
  const layers = Array.from({ length: L }, (_unused, index) => index + 1);
  const everyAndEach = (kind: MistakeKind, where: readonly number[]): Mistake[] => [{ kind }, ...(where.length > 1 ? where.map((layer) => ({ kind, layer })) : [])];
  const squareBelow = layers.filter((l) => l < L && problem.layers[l]!.weights.length === problem.layers[l]!.weights[0]!.length);
  return [
    ...everyAndEach('sigma-prime-omitted', layers),
    ...everyAndEach('sigma-prime-at-z', layers),
    { kind: 'sign-flipped' },
    ...(squareBelow.length === 0 ? [] : everyAndEach('not-transposed', squareBelow)),
    ...(problem.inputs.length > 1 ? [{ kind: 'batch-mean-dropped' as const }] : []),
    ...everyAndEach('same-layer-activation', layers),
    ...(problem.learningRate === undefined ? [] : [{ kind: 'uphill' as const }]),
  ];
}
