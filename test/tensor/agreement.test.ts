import { describe, expect, it } from 'vitest';
import { AGREEMENT_TOLERANCE, maxResultDifference } from '../../src/data/agreement';
import type { GradResult } from '../../src/data/result';
import { runProblem } from '../../src/nn/run';
import { enginesAgree } from '../../src/ui/player/engines-agree';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { wasmSimdBackend } from '../../src/tensor/kernels/wasm';
import { runProblemTensor } from '../../src/tensor/problem';
import { ALL_LOSSES, HIDDEN_ACTIVATIONS, randomProblem } from '../helpers/random-problem';

/** float32 against float64: relative above 1, absolute below, like enginesAgree. */
function expectClose(tensor: number, scalar: number, where: string): void {
  const difference = Math.abs(tensor - scalar) / Math.max(1, Math.abs(scalar));
  expect(difference, `${where}: tensor ${tensor}, scalar ${scalar}`).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
}

function expectSameResult(tensor: GradResult, scalar: GradResult): void {
  expectClose(tensor.loss, scalar.loss, 'loss');
  expect(tensor.layers).toHaveLength(scalar.layers.length);
  scalar.layers.forEach((layer, l) => {
    const other = tensor.layers[l]!;
    for (const key of ['a', 'z', 'delta', 'gradWeights', 'gradBiases', 'newWeights', 'newBiases'] as const) {
      const expected = [layer[key] ?? []].flat(2);
      const actual = [other[key] ?? []].flat(2);
      expect(actual, `layers[${l}].${key}`).toHaveLength(expected.length);
      expected.forEach((value, i) => expectClose(actual[i]!, value, `layers[${l}].${key}[${i}]`));
    }
  });
}

describe('the scalar and the vectorized engine agree to float32 precision', () => {
  for (const hidden of HIDDEN_ACTIVATIONS) {
    for (const loss of ALL_LOSSES) {
      it(`on random ${hidden} networks with ${loss}, one sample and a batch of 5, both kernel backends`, () => {
        for (let seed = 1; seed <= 4; seed++) {
          const batch = seed % 2 === 0 ? 5 : undefined;
          const problem = randomProblem({ sizes: [4, 5, 3, 3], hidden, loss, seed: 100 * seed + loss.length, learningRate: 0.1, ...(batch === undefined ? {} : { batch }) });
          const scalar = runProblem(problem).result;
          expectSameResult(runProblemTensor(problem, wasmSimdBackend), scalar);
          expectSameResult(runProblemTensor(problem, typescriptBackend), scalar);
          const agreement = enginesAgree(problem);
          expect(agreement.agree).toBe(true);
          expect(agreement.maxDifference).toBeGreaterThanOrEqual(0);
        }
      });
    }
  }
});

describe('enginesAgree', () => {
  const problem = randomProblem({ sizes: [3, 4, 2], hidden: 'tanh', loss: 'half_sse', seed: 9, learningRate: 0.5 });

  it('reports float32 rounding as agreement, with the size of the largest difference', () => {
    const { agree, maxDifference } = enginesAgree(problem);
    expect(agree).toBe(true);
    expect(maxDifference).toBeGreaterThan(0); // float32 never matches float64 exactly…
    expect(maxDifference).toBeLessThan(1e-6); // …but on a small network it is close.
  });

  it('notices one gradient that is off, a NaN, and results of different shapes', () => {
    const scalar = runProblem(problem).result;
    const wrong = structuredClone(scalar);
    wrong.layers[0]!.gradWeights[1]![2]! += 0.01;
    expect(maxResultDifference(scalar, wrong)).toBeCloseTo(0.01, 6);
    const nan = structuredClone(scalar);
    nan.layers[1]!.gradBiases[0] = NaN;
    expect(maxResultDifference(scalar, nan)).toBe(Infinity);
    const shorter = structuredClone(scalar);
    shorter.layers.pop();
    expect(maxResultDifference(scalar, shorter)).toBe(Infinity);
  });
});
