import { describe, it, expect } from 'vitest';
import { parseProblem } from '../../src/data/problem';
import { bandOf, gradientCheck, relativeError } from '../../src/nn/gradcheck';
import { ALL_LOSSES, HIDDEN_ACTIVATIONS, randomProblem } from '../helpers/random-problem';

describe('the relative error and its bands', () => {
  it('follows the CS231n convention, with 1e-8 as the floor of the denominator', () => {
    expect(relativeError(1, 1)).toBe(0);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1, -1)).toBe(1);
    expect(relativeError(0, 1e-12)).toBeCloseTo(1e-4, 12);
  });

  it('puts each boundary in the better band', () => {
    expect([2e-2, 1e-2, 1e-3, 1e-4, 1e-5, 1e-7, 0].map(bandOf)).toEqual(['wrong', 'suspicious', 'suspicious', 'ok', 'ok', 'good', 'good']);
  });
});

describe('gradient checking', () => {
  it('passes backprop on random networks of every activation and loss, batches included', () => {
    for (const hidden of HIDDEN_ACTIVATIONS) {
      for (const loss of ALL_LOSSES) {
        const check = gradientCheck(randomProblem({ sizes: [3, 4, 2], hidden, loss, batch: 3, seed: 5 }));
        expect(check.passed, `${hidden} + ${loss}`).toBe(true);
        if (hidden !== 'relu') expect(check.maxRelativeError, `${hidden} + ${loss}`).toBeLessThan(1e-6);
      }
    }
  });

  it('flags exactly the parameters that move a ReLU pre-activation across 0', () => {
    // a^{[1]}_1 = 1·0.5 − 1·0.5 + 0 = 0: the first hidden unit sits on its kink.
    const problem = parseProblem({
      layers: [
        { weights: [[1, -1], [0.5, 0.3]], biases: [0, 0.1], activation: 'relu' },
        { weights: [[0.7, -0.4]], biases: [0.2], activation: 'identity' },
      ],
      input: [0.5, 0.5],
      target: [0.3],
      loss: 'half_sse',
    });
    const check = gradientCheck(problem);
    const flagged = check.parameters.filter((entry) => entry.nearKink).map((entry) => entry.parameter);
    expect(flagged).toEqual(['W^{[1]}_{11}', 'W^{[1]}_{12}', 'b^{[1]}_{1}']);
    // Finite differences average the two slopes; backprop takes ReLU'(0) = 0.
    expect(check.parameters[0]!.band).toBe('wrong');
    expect(check.passed).toBe(true);
    expect(check.parameters.filter((entry) => !entry.nearKink).every((entry) => entry.band === 'good')).toBe(true);
  });
});
