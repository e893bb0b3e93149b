/**
 * The slides' algorithm in layer (matrix) form, computed directly on small arrays of numbers, with
 * no graph: an independent computation the tests hold the scalar engine's gradients against (the
 * vectorized formulas are just the scalar steps collected). Only tests use it, so it lives here.
 *
 *   δ^{[L]}   = ∂L/∂z^{[L]} ⊙ σ^{[L]}'(a^{[L]})        (ŷ − y for softmax with cross-entropy)
 *   ∂L/∂W^{[l]} = δ^{[l]} (z^{[l-1]})^T,   ∂L/∂b^{[l]} = δ^{[l]}
 *   δ^{[l-1]} = ((W^{[l]})^T δ^{[l]}) ⊙ σ^{[l-1]}'(a^{[l-1]})
 */
import type { ActivationName, LossName, Problem, Target } from '../../src/data/problem';
import { activateNumbers, derivativeNumbers } from '../../src/nn/activations';
import type { GradResult, LayerResult, Matrix, Vector } from '../../src/data/result';

const matVec = (W: Matrix, v: Vector): Vector => W.map((row) => row.reduce((sum, w, k) => sum + w * v[k]!, 0));
const transposeMatVec = (W: Matrix, v: Vector): Vector => W[0]!.map((_w, k) => W.reduce((sum, row, j) => sum + row[k]! * v[j]!, 0));
const hadamard = (u: Vector, v: Vector): Vector => u.map((x, i) => x * v[i]!);
const outer = (u: Vector, v: Vector): Matrix => u.map((x) => v.map((y) => x * y));
const addInto = (target: Matrix, addend: Matrix): void => target.forEach((row, j) => row.forEach((_x, k) => (row[k]! += addend[j]![k]!)));
const scale = (v: Vector, factor: number): Vector => v.map((x) => x * factor);

function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function sampleLossValue(loss: LossName, a: Vector, yHat: Vector, target: Target): number {
  switch (loss) {
    case 'half_sse':
      return yHat.reduce((sum, p, k) => sum + (p - (target as Vector)[k]!) ** 2, 0) / 2;
    case 'mse':
      return yHat.reduce((sum, p, k) => sum + (p - (target as Vector)[k]!) ** 2, 0) / yHat.length;
    case 'bce':
      return a.reduce((sum, x, k) => sum + softplus(x) - (target as Vector)[k]! * x, 0) / a.length;
    case 'cross_entropy': {
      const max = Math.max(...a);
      const logSum = max + Math.log(a.reduce((sum, x) => sum + Math.exp(x - max), 0));
      return logSum - a[target as number]!;
    }
  }
}

/** Validation allows softmax only on the last layer and only with cross_entropy, where δ^{[L]} = ŷ − y. */
function elementwise(name: ActivationName): Exclude<ActivationName, 'softmax'> {
  if (name === 'softmax') throw new Error('softmax has no elementwise derivative; it goes with cross_entropy only');
  return name;
}

/** δ^{[L]} for one sample of a batch of B (the 1/B of the mean is folded in here). */
function outputDelta(problem: Problem, a: Vector, yHat: Vector, target: Target, batchSize: number): Vector {
  const K = yHat.length;
  const last = problem.layers[problem.layers.length - 1]!;
  switch (problem.loss) {
    case 'cross_entropy':
      return scale(yHat.map((p, k) => p - (k === target ? 1 : 0)), 1 / batchSize);
    case 'bce':
      // ∂L/∂z ⊙ σ'(a) = (ŷ−y)/(K ŷ(1−ŷ)) ⊙ ŷ(1−ŷ): written already simplified so a saturated
      // sigmoid cannot produce 0/0.
      return yHat.map((p, k) => (p - (target as Vector)[k]!) / (K * batchSize));
    case 'half_sse':
    case 'mse': {
      const factor = problem.loss === 'mse' ? 2 / K : 1;
      const dLdz = yHat.map((p, k) => (factor * (p - (target as Vector)[k]!)) / batchSize);
      return hadamard(dLdz, derivativeNumbers(elementwise(last.activation), a, yHat));
    }
  }
}

/** Runs a problem in layer form: the same numbers as the scalar engine, from matrices. */
export function layerFormGradients(problem: Problem): GradResult {
  const L = problem.layers.length;
  const B = problem.inputs.length;
  const gradWeights: Matrix[] = problem.layers.map((layer) => layer.weights.map((row) => row.map(() => 0)));
  const gradBiases: Vector[] = problem.layers.map((layer) => layer.biases.map(() => 0));
  const as: Vector[][] = [];
  const zs: Vector[][] = [];
  const deltas: Vector[][] = [];
  let loss = 0;

  problem.inputs.forEach((x, i) => {
    // Forward: z^{[0]} = x; a^{[l]} = W^{[l]} z^{[l-1]} + b^{[l]}; z^{[l]} = σ^{[l]}(a^{[l]}).
    const z: Vector[] = [x];
    const a: Vector[] = [];
    problem.layers.forEach((layer, index) => {
      const pre = matVec(layer.weights, z[index]!).map((value, j) => value + layer.biases[j]!);
      a.push(pre);
      z.push(activateNumbers(layer.activation, pre));
    });
    const target = problem.targets[i]!;
    loss += sampleLossValue(problem.loss, a[L - 1]!, z[L]!, target) / B;

    // Backward, from l = L down to 1.
    const delta: Vector[] = new Array<Vector>(L);
    delta[L - 1] = outputDelta(problem, a[L - 1]!, z[L]!, target, B);
    for (let l = L; l >= 1; l--) {
      const d = delta[l - 1]!;
      addInto(gradWeights[l - 1]!, outer(d, z[l - 1]!));
      gradBiases[l - 1] = gradBiases[l - 1]!.map((g, j) => g + d[j]!);
      if (l > 1) {
        const below = elementwise(problem.layers[l - 2]!.activation);
        delta[l - 2] = hadamard(transposeMatVec(problem.layers[l - 1]!.weights, d), derivativeNumbers(below, a[l - 2]!, z[l - 1]!));
      }
    }
    as.push(a);
    zs.push(z.slice(1));
    deltas.push(delta);
  });

  const pick = (rows: Vector[][], index: number): Vector | Matrix => (problem.singleSample ? rows[0]![index]! : rows.map((row) => row[index]!));
  const layers: LayerResult[] = problem.layers.map((layer, index) => {
    const result: LayerResult = {
      a: pick(as, index),
      z: pick(zs, index),
      delta: pick(deltas, index),
      gradWeights: gradWeights[index]!,
      gradBiases: gradBiases[index]!,
    };
    const rate = problem.learningRate;
    if (rate !== undefined) {
      result.newWeights = layer.weights.map((row, j) => row.map((w, k) => w - rate * gradWeights[index]![j]![k]!));
      result.newBiases = layer.biases.map((b, j) => b - rate * gradBiases[index]![j]!);
    }
    return result;
  });
  return { loss, output: pick(zs, L - 1), layers };
}
