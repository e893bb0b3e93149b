import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/data/problem';
import { layerFormGradients } from '../helpers/layer-form';
import { MLP, batchLoss, sampleLoss } from '../../src/nn/mlp';
import type { GradResult } from '../../src/data/result';
import { runProblem } from '../../src/nn/run';
import { classicProblem } from '../helpers/classic';
import { ALL_LOSSES, HIDDEN_ACTIVATIONS, randomProblem } from '../helpers/random-problem';

/** The loss of a problem with its current weights, on the scalar engine (no backward). */
function lossOf(problem: Problem): number {
  const network = MLP.fromSpec(problem.layers);
  const batch = !problem.singleSample;
  const losses = problem.inputs.map((input, i) => sampleLoss(problem.loss, network.forward(input, batch ? i + 1 : undefined), problem.targets[i]!, batch ? i + 1 : undefined));
  return batchLoss(losses).data;
}

type Nested = number | Nested[];
const KEYS = ['a', 'z', 'delta', 'gradWeights', 'gradBiases', 'newWeights', 'newBiases'] as const;

/** Every number of a result in a fixed order, so two results can be compared pairwise. */
function flatten(result: GradResult): number[] {
  const numbers: number[] = [];
  const collect = (value: Nested | undefined): void => {
    if (value === undefined) return;
    if (typeof value === 'number') numbers.push(value);
    else value.forEach(collect);
  };
  collect(result.loss);
  collect(result.output);
  for (const layer of result.layers) for (const key of KEYS) collect(layer[key]);
  return numbers;
}

const cases = HIDDEN_ACTIVATIONS.flatMap((hidden) => ALL_LOSSES.flatMap((loss) => [
  [hidden, loss, undefined] as const,
  [hidden, loss, 3] as const,
]));

describe('the classic worked example (Mazur), to its printed digits', () => {
  const { result } = runProblem(classicProblem());
  it('forward pass and total error', () => {
    expect(result.layers[0]!.z).toEqual([expect.closeTo(0.593269992, 9), expect.closeTo(0.596884378, 9)]);
    expect(result.output).toEqual([expect.closeTo(0.75136507, 8), expect.closeTo(0.772928465, 9)]);
    expect(result.loss).toBeCloseTo(0.298371109, 9);
  });
  it('output-layer gradient and update', () => {
    expect(result.layers[1]!.gradWeights[0]![0]).toBeCloseTo(0.082167041, 9);
    expect(result.layers[1]!.newWeights).toEqual([
      [expect.closeTo(0.35891648, 8), expect.closeTo(0.408666186, 9)],
      [expect.closeTo(0.511301270, 9), expect.closeTo(0.561370121, 9)],
    ]);
  });
  it('hidden-layer update', () => {
    expect(result.layers[0]!.newWeights).toEqual([
      [expect.closeTo(0.149780716, 9), expect.closeTo(0.19956143, 8)],
      [expect.closeTo(0.24975114, 8), expect.closeTo(0.29950229, 8)],
    ]);
  });
});

describe('the layer (matrix) form equals what the scalar trace accumulated', () => {
  it.each(cases)('hidden %s, loss %s, batch %s', (hidden, loss, batch) => {
    const problem = randomProblem({ sizes: [3, 4, 3, 2], hidden, loss, seed: 5, learningRate: 0.3, ...(batch !== undefined && { batch }) });
    const scalar = flatten(runProblem(problem).result);
    const matrix = flatten(layerFormGradients(problem));
    expect(scalar.length).toBeGreaterThan(40);
    expect(matrix).toHaveLength(scalar.length);
    matrix.forEach((x, i) => expect(x).toBeCloseTo(scalar[i]!, 12));
  });
});

describe('backprop on random networks matches central finite differences of the loss', () => {
  it.each(cases)('hidden %s, loss %s, batch %s', (hidden, loss, batch) => {
    const problem = randomProblem({ sizes: [2, 3, 3], hidden, loss, seed: 23, ...(batch !== undefined && { batch }) });
    const { result } = runProblem(problem);
    const h = 1e-6;
    problem.layers.forEach((layer, l) => {
      const nudge = (read: () => number, write: (x: number) => void, analytic: number, name: string) => {
        const original = read();
        write(original + h);
        const plus = lossOf(problem);
        write(original - h);
        const minus = lossOf(problem);
        write(original);
        const numeric = (plus - minus) / (2 * h);
        expect(Math.abs(analytic - numeric), `${name}: ${analytic} vs ${numeric}`).toBeLessThan(1e-6 + 1e-5 * Math.abs(numeric));
      };
      layer.weights.forEach((row, j) => row.forEach((_w, k) => nudge(() => row[k]!, (x) => (row[k] = x), result.layers[l]!.gradWeights[j]![k]!, `W[${l + 1}]_${j + 1}${k + 1}`)));
      layer.biases.forEach((_b, j) => nudge(() => layer.biases[j]!, (x) => (layer.biases[j] = x), result.layers[l]!.gradBiases[j]!, `b[${l + 1}]_${j + 1}`));
    });
  });
});

describe('losses are defined as in docs/NOTATION.md', () => {
  const base = (loss: Problem['loss'], activation: 'identity' | 'sigmoid' | 'softmax', target: number[] | number): Problem => ({
    layers: [{ weights: [[1, 0], [0, 1]], biases: [0, 0], activation }],
    inputs: [[0.2, 0.7]],
    targets: [target],
    loss,
    singleSample: true,
  });
  it('half_sse is ½ Σ (ŷ − y)²', () => expect(runProblem(base('half_sse', 'identity', [1, 0])).result.loss).toBeCloseTo(0.5 * (0.8 ** 2 + 0.7 ** 2), 14));
  it('mse is (1/K) Σ (ŷ − y)²', () => expect(runProblem(base('mse', 'identity', [1, 0])).result.loss).toBeCloseTo((0.8 ** 2 + 0.7 ** 2) / 2, 14));
  it('bce is −(1/K) Σ [y log ŷ + (1 − y) log(1 − ŷ)]', () => {
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    expect(runProblem(base('bce', 'sigmoid', [1, 0])).result.loss).toBeCloseTo(-(Math.log(s(0.2)) + Math.log(1 - s(0.7))) / 2, 14);
  });
  it('cross_entropy is −log softmax(a)_y and δ^{[L]} = ŷ − y', () => {
    const { result } = runProblem(base('cross_entropy', 'softmax', 1));
    const p1 = Math.exp(0.7) / (Math.exp(0.2) + Math.exp(0.7));
    expect(result.loss).toBeCloseTo(-Math.log(p1), 14);
    const output = result.output as number[];
    expect(result.layers[0]!.delta).toEqual([expect.closeTo(output[0]!, 14), expect.closeTo(output[1]! - 1, 14)]);
  });
  it('over a batch the loss is the mean and every δ carries 1/B', () => {
    const single = runProblem(base('half_sse', 'identity', [1, 0])).result;
    const doubled: Problem = { ...base('half_sse', 'identity', [1, 0]), inputs: [[0.2, 0.7], [0.2, 0.7]], targets: [[1, 0], [1, 0]], singleSample: false };
    const batch = runProblem(doubled).result;
    expect(batch.loss).toBeCloseTo(single.loss, 14);
    expect((batch.layers[0]!.delta as number[][])[0]![0]).toBeCloseTo((single.layers[0]!.delta as number[])[0]! / 2, 14);
    expect(batch.layers[0]!.gradWeights).toEqual(single.layers[0]!.gradWeights.map((row) => row.map((g) => expect.closeTo(g, 14))));
  });
});
