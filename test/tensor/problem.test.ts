import { classicProblem } from '../helpers/classic';
import { describe, it, expect } from 'vitest';
import { parseProblem, type ActivationName, type LossName, type Problem } from '../../src/data/problem';
import type { Matrix, Vector } from '../../src/data/result';
import { runProblemTensor } from '../../src/tensor/problem';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { wasmSimdBackend } from '../../src/tensor/kernels/wasm';
import { createRandom, type Random } from '../../src/data/random';

// ---- An independent float64 computation, one sample at a time, straight from docs/NOTATION.md. ----

const sigma: Record<ActivationName, (a: number[]) => number[]> = {
  identity: (a) => a,
  sigmoid: (a) => a.map((x) => 1 / (1 + Math.exp(-x))),
  tanh: (a) => a.map(Math.tanh),
  relu: (a) => a.map((x) => Math.max(0, x)),
  softmax: (a) => {
    const max = Math.max(...a);
    const e = a.map((x) => Math.exp(x - max));
    const sum = e.reduce((s, x) => s + x, 0);
    return e.map((x) => x / sum);
  },
};

/** σ'(a) from a and z = σ(a); softmax never needs it (its δ comes with cross_entropy). */
function sigmaPrime(name: ActivationName, a: number, z: number): number {
  if (name === 'sigmoid') return z * (1 - z);
  if (name === 'tanh') return 1 - z * z;
  if (name === 'relu') return a > 0 ? 1 : 0;
  return 1;
}

function targetVector(problem: Problem, i: number, outputs: number): number[] {
  const target = problem.targets[i]!;
  return typeof target === 'number' ? Array.from({ length: outputs }, (_, k) => (k === target ? 1 : 0)) : target;
}

function sampleLoss(loss: LossName, yHat: number[], y: number[]): number {
  const K = yHat.length;
  const terms = yHat.map((p, k) => {
    const t = y[k]!;
    if (loss === 'half_sse') return 0.5 * (p - t) ** 2;
    if (loss === 'mse') return (p - t) ** 2 / K;
    if (loss === 'bce') return -(t * Math.log(p) + (1 - t) * Math.log(1 - p)) / K;
    return -t * Math.log(p);
  });
  return terms.reduce((s, x) => s + x, 0);
}

interface Forward { a: number[][]; z: number[][] }

function forwardSample(problem: Problem, x: number[]): Forward {
  const a: number[][] = [];
  const z: number[][] = [];
  let input = x;
  for (const layer of problem.layers) {
    const pre = layer.weights.map((row, j) => row.reduce((s, w, k) => s + w * input[k]!, layer.biases[j]!));
    a.push(pre);
    input = sigma[layer.activation](pre);
    z.push(input);
  }
  return { a, z };
}

function referenceLoss(problem: Problem): number {
  const B = problem.inputs.length;
  return problem.inputs.reduce((sum, x, i) => {
    const { z } = forwardSample(problem, x);
    const yHat = z[z.length - 1]!;
    return sum + sampleLoss(problem.loss, yHat, targetVector(problem, i, yHat.length));
  }, 0) / B;
}

interface Reference { loss: number; a: number[][][]; z: number[][][]; delta: number[][][]; gradW: number[][][]; gradB: number[][] }

function referenceBackprop(problem: Problem): Reference {
  const B = problem.inputs.length;
  const L = problem.layers.length;
  const gradW = problem.layers.map((layer) => layer.weights.map((row) => row.map(() => 0)));
  const gradB = problem.layers.map((layer) => layer.biases.map(() => 0));
  const perSample: { a: number[][]; z: number[][]; delta: number[][] }[] = [];
  problem.inputs.forEach((x, i) => {
    const { a, z } = forwardSample(problem, x);
    const last = problem.layers[L - 1]!;
    const yHat = z[L - 1]!;
    const y = targetVector(problem, i, yHat.length);
    const K = yHat.length;
    let delta = yHat.map((p, k) => {
      const t = y[k]!;
      if (problem.loss === 'cross_entropy') return (p - t) / B;
      if (problem.loss === 'bce') return (p - t) / (K * B);
      const dLdy = problem.loss === 'half_sse' ? (p - t) / B : (2 * (p - t)) / (K * B);
      return dLdy * sigmaPrime(last.activation, a[L - 1]![k]!, p);
    });
    const deltas: number[][] = [];
    for (let l = L - 1; l >= 0; l--) {
      deltas[l] = delta;
      const previousZ = l === 0 ? x : z[l - 1]!;
      delta.forEach((d, j) => {
        gradB[l]![j]! += d;
        previousZ.forEach((zk, k) => (gradW[l]![j]![k]! += d * zk));
      });
      if (l > 0) {
        const weights = problem.layers[l]!.weights;
        const below = problem.layers[l - 1]!;
        delta = z[l - 1]!.map((zk, k) => {
          const upstreamGrad = delta.reduce((s, d, j) => s + weights[j]![k]! * d, 0);
          return upstreamGrad * sigmaPrime(below.activation, a[l - 1]![k]!, zk);
        });
      }
    }
    perSample.push({ a, z, delta: deltas });
  });
  const layerwise = (pick: (s: (typeof perSample)[number]) => number[][]): number[][][] =>
    problem.layers.map((_, l) => perSample.map((s) => pick(s)[l]!));
  return { loss: referenceLoss(problem), a: layerwise((s) => s.a), z: layerwise((s) => s.z), delta: layerwise((s) => s.delta), gradW, gradB };
}

// ---- Random problems of every activation and loss. ----

const HIDDEN: ActivationName[] = ['identity', 'sigmoid', 'tanh', 'relu'];
const OUTPUTS: [LossName, ActivationName][] = [
  ...HIDDEN.map((act): [LossName, ActivationName] => ['half_sse', act]),
  ...HIDDEN.map((act): [LossName, ActivationName] => ['mse', act]),
  ['bce', 'sigmoid'],
  ['cross_entropy', 'softmax'],
];

function randomMatrix(random: Random, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => random.normal()));
}

function randomProblem(seed: number, hidden: ActivationName, loss: LossName, output: ActivationName, batch: number): Problem {
  const random = createRandom(seed);
  const sizes = [3, 4, 5, 3];
  const layers = sizes.slice(1).map((outputs, l) => ({
    weights: randomMatrix(random, outputs, sizes[l]!).map((row) => row.map((w) => w * 0.8)),
    biases: Array.from({ length: outputs }, () => 0.3 * random.normal()),
    activation: l === sizes.length - 2 ? output : hidden,
  }));
  const K = sizes[sizes.length - 1]!;
  const target = (): number | number[] =>
    loss === 'cross_entropy' ? random.integer(K) : Array.from({ length: K }, () => (loss === 'bce' ? random.uniform() : random.normal()));
  const inputs = randomMatrix(random, batch, sizes[0]!);
  const targets = inputs.map(target);
  const raw = batch === 1
    ? { layers, input: inputs[0], target: targets[0], loss, learningRate: 0.1 }
    : { layers, inputs, targets, loss };
  return parseProblem(raw);
}

const CASES = HIDDEN.flatMap((hidden) => OUTPUTS.map(([loss, output]) => ({ hidden, loss, output })));

function expectClose(actual: number, expected: number, what: string): void {
  // float32 against float64: a relative error of ~1e-6 per operation, a few dozen operations deep.
  const tolerance = 2e-5 + 1e-4 * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`${what}: tensor ${actual}, reference ${expected}`);
}

function expectRowsClose(actual: Vector | Matrix, expected: number[][], what: string): void {
  const rows = (expected.length === 1 && typeof actual[0] === 'number' ? [actual] : actual) as number[][];
  expect(rows.length).toBe(expected.length);
  expected.forEach((row, i) => row.forEach((value, k) => expectClose(rows[i]![k]!, value, `${what}[${i}][${k}]`)));
}

describe('runProblemTensor', () => {
  for (const { hidden, loss, output } of CASES) {
    it(`matches a float64 per-sample backprop: hidden ${hidden}, output ${output}, loss ${loss}`, () => {
      for (const batch of [1, 5]) {
        const problem = randomProblem(hidden.length * 31 + loss.length * 7 + output.length + batch, hidden, loss, output, batch);
        const result = runProblemTensor(problem);
        const reference = referenceBackprop(problem);
        expectClose(result.loss, reference.loss, 'loss');
        result.layers.forEach((layer, l) => {
          expectRowsClose(layer.a, reference.a[l]!, `a[${l}]`);
          expectRowsClose(layer.z, reference.z[l]!, `z[${l}]`);
          expectRowsClose(layer.delta, reference.delta[l]!, `delta[${l}]`);
          expectRowsClose(layer.gradWeights, reference.gradW[l]!, `gradWeights[${l}]`);
          expectRowsClose([layer.gradBiases], [reference.gradB[l]!], `gradBiases[${l}]`);
        });
      }
    });

    it(`agrees with central finite differences of the loss: hidden ${hidden}, output ${output}, loss ${loss}`, () => {
      const problem = randomProblem(1000 + hidden.length * 13 + loss.length * 3 + output.length, hidden, loss, output, 4);
      const result = runProblemTensor(problem);
      const h = 1e-5;
      problem.layers.forEach((layer, l) => {
        const nudge = (values: number[], index: number): number => {
          const kept = values[index]!;
          values[index] = kept + h;
          const up = referenceLoss(problem);
          values[index] = kept - h;
          const down = referenceLoss(problem);
          values[index] = kept;
          return (up - down) / (2 * h);
        };
        layer.weights.forEach((row, j) => row.forEach((_, k) => expectClose(result.layers[l]!.gradWeights[j]![k]!, nudge(row, k), `∂L/∂W[${l}][${j}][${k}]`)));
        layer.biases.forEach((_, j) => expectClose(result.layers[l]!.gradBiases[j]!, nudge(layer.biases, j), `∂L/∂b[${l}][${j}]`));
      });
    });
  }

  it('mirrors the problem: vectors for one sample, rows per sample for a batch', () => {
    const single = runProblemTensor(randomProblem(5, 'tanh', 'mse', 'identity', 1));
    expect(typeof (single.output as number[])[0]).toBe('number');
    expect(typeof (single.layers[0]!.delta as number[])[0]).toBe('number');
    const batch = runProblemTensor(randomProblem(5, 'tanh', 'mse', 'identity', 3));
    expect((batch.output as number[][]).length).toBe(3);
    expect(Array.isArray((batch.layers[1]!.z as number[][])[2])).toBe(true);
  });

  it('takes one gradient-descent step only when the problem has a learning rate', () => {
    const problem = randomProblem(9, 'sigmoid', 'half_sse', 'sigmoid', 1);
    const result = runProblemTensor(problem);
    result.layers.forEach((layer, l) => {
      const spec = problem.layers[l]!;
      spec.weights.forEach((row, j) => row.forEach((w, k) => expectClose(layer.newWeights![j]![k]!, w - 0.1 * layer.gradWeights[j]![k]!, 'newWeights')));
      spec.biases.forEach((b, j) => expectClose(layer.newBiases![j]!, b - 0.1 * layer.gradBiases[j]!, 'newBiases'));
    });
    const withoutRate = runProblemTensor(randomProblem(9, 'sigmoid', 'half_sse', 'sigmoid', 2));
    expect(withoutRate.layers.every((layer) => !('newWeights' in layer) && !('newBiases' in layer))).toBe(true);
  });

  it('gives the same result with the TypeScript and the WebAssembly SIMD kernels', () => {
    for (const { hidden, loss, output } of CASES) {
      const problem = randomProblem(77, hidden, loss, output, 6);
      const viaTypescript = runProblemTensor(problem, typescriptBackend);
      const viaWasm = runProblemTensor(problem, wasmSimdBackend);
      expectClose(viaWasm.loss, viaTypescript.loss, 'loss');
      viaTypescript.layers.forEach((layer, l) => {
        expectRowsClose(viaWasm.layers[l]!.gradWeights, layer.gradWeights, 'gradWeights');
        expectRowsClose(viaWasm.layers[l]!.delta, layer.delta as number[][], 'delta');
      });
    }
  });

  it('reproduces the worked example of the slides (2-2-2 sigmoid, half_sse)', () => {
    const problem = classicProblem();
    const result = runProblemTensor(problem);
    expect(result.loss).toBeCloseTo(0.298371109, 6);
    expect(result.layers[1]!.gradWeights[0]![0]).toBeCloseTo(0.082167041, 6);
    expect(result.layers[1]!.newWeights![0]![0]).toBeCloseTo(0.35891648, 6);
    expect(result.layers[0]!.newWeights![0]![0]).toBeCloseTo(0.149780716, 6);
  });
});
