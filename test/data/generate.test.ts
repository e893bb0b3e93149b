import { describe, it, expect } from 'vitest';
import { GenerateError, generateProblem, type GenerateOptions } from '../../src/data/generate';
import { parseProblem, problemToJson } from '../../src/data/problem';

const classicShape: GenerateOptions = { sizes: [2, 3, 2], activations: ['sigmoid', 'sigmoid'], loss: 'half_sse', seed: 7 };

function generateError(options: GenerateOptions): string {
  try {
    generateProblem(options);
  } catch (error) {
    if (error instanceof GenerateError) return error.message;
    throw error;
  }
  throw new Error('the options were accepted');
}

describe('generated practice problems', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(generateProblem(classicShape)).toEqual(generateProblem(classicShape));
    expect(generateProblem({ ...classicShape, seed: 8 })).not.toEqual(generateProblem(classicShape));
  });

  it('have the asked-for sizes and numbers in [-1, 1] with two decimals, and are valid problem files', () => {
    const problem = generateProblem({ ...classicShape, learningRate: 0.5 });
    expect(problem.layers.map((layer) => [layer.weights.length, layer.weights[0]!.length])).toEqual([[3, 2], [2, 3]]);
    const numbers = [...problem.layers.flatMap((layer) => [...layer.weights.flat(), ...layer.biases]), ...problem.inputs.flat()];
    for (const x of numbers) {
      expect(Math.abs(x)).toBeLessThanOrEqual(1);
      expect(Math.round(x * 100) / 100).toBe(x);
    }
    expect(parseProblem(problemToJson(problem))).toEqual(problem);
    expect(problem.learningRate).toBe(0.5);
  });

  it('draws targets the output can reach: sigmoid in (0, 1), bce 0 or 1, cross_entropy a class', () => {
    const sigmoidTargets = generateProblem({ ...classicShape, batch: 20 }).targets.flat() as number[];
    expect(sigmoidTargets.every((t) => t >= 0.01 && t <= 0.99)).toBe(true);
    const bce = generateProblem({ sizes: [2, 3], activations: ['sigmoid'], loss: 'bce', seed: 1, batch: 20 });
    expect(new Set(bce.targets.flat())).toEqual(new Set([0, 1]));
    const classes = generateProblem({ sizes: [2, 4, 3], activations: ['relu'], loss: 'cross_entropy', seed: 1, batch: 20 });
    expect(classes.layers.map((layer) => layer.activation)).toEqual(['relu', 'softmax']);
    expect(classes.targets.every((t) => typeof t === 'number' && Number.isInteger(t) && t >= 0 && t < 3)).toBe(true);
    expect(classes.singleSample).toBe(false);
    expect(classes.inputs).toHaveLength(20);
  });

  it('reject options that cannot make a valid problem, saying why', () => {
    expect(generateError({ ...classicShape, activations: ['sigmoid'] })).toBe('activations has 1 name but sizes 2,3,2 make 2 layers');
    expect(generateError({ ...classicShape, activations: ['softmax', 'sigmoid'] })).toBe('activations[0] is softmax, which is allowed on the last layer only');
    expect(generateError({ ...classicShape, loss: 'bce', activations: ['sigmoid', 'tanh'] })).toBe('loss bce needs a sigmoid output, not tanh');
    expect(generateError({ ...classicShape, sizes: [2, 0], activations: ['sigmoid'] })).toBe('sizes[1] must be a whole number ≥ 1, not 0');
    expect(generateError({ ...classicShape, seed: -1 })).toBe('seed must be a whole number from 0 to 4294967295, not -1');
  });
});
