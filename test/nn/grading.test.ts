import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { parseProblem, parseProblemText, type Problem } from '../../src/data/problem';
import { runProblem } from '../../src/nn/run';
import type { GradResult } from '../../src/data/result';
import { AnswersError, DEFAULT_TOLERANCE, gradeAnswers, withinTolerance } from '../../src/nn/grading';
import { jsonText } from '../../src/data/json-text';
import { REPO } from '../cli/run-cli';

const classic = parseProblemText(readFileSync(join(REPO, 'test/cli/fixtures/classic.json'), 'utf8'));
const expected = runProblem(classic).result;

/** Every number of a result, rounded to `digits` significant figures, as a student would write it. */
function rounded(result: GradResult, digits: number): unknown {
  return JSON.parse(JSON.stringify(result), (_, value: unknown) => (typeof value === 'number' ? Number(value.toPrecision(digits)) : value));
}

function gradeError(answers: unknown, problem: Problem = classic): string {
  try {
    gradeAnswers(answers, problem, runProblem(problem).result);
  } catch (error) {
    if (error instanceof AnswersError) return error.message;
    throw error;
  }
  throw new Error('the answers were accepted');
}

describe('the tolerance |given − expected| ≤ atol + rtol·|expected|', () => {
  it('includes its edge and excludes just beyond it', () => {
    // Powers of two keep the arithmetic exact, so the edge is the edge.
    const relative = { rtol: 2 ** -10, atol: 0 };
    expect(withinTolerance(1025, 1024, relative)).toBe(true);
    expect(withinTolerance(1025.5, 1024, relative)).toBe(false);
    const absolute = { rtol: 0, atol: 2 ** -20 };
    expect(withinTolerance(2 ** -20, 0, absolute)).toBe(true);
    expect(withinTolerance(2 ** -19, 0, absolute)).toBe(false);
  });

  it('defaults to rtol 1e-3 and atol 1e-6, so 4 significant figures pass and 2 do not', () => {
    expect(DEFAULT_TOLERANCE).toEqual({ rtol: 1e-3, atol: 1e-6 });
    const fourFigures = gradeAnswers(rounded(expected, 4), classic, expected);
    expect(fourFigures.wrong).toBe(0);
    expect(fourFigures.correct).toBe(1 + 2 + 2 * (2 + 2 + 2 + 4 + 2 + 4 + 2));
    expect(gradeAnswers(rounded(expected, 2), classic, expected).wrong).toBeGreaterThan(0);
  });
});

describe('grading an answer sheet', () => {
  it('grades only the numbers given: null and missing entries are skipped', () => {
    const grading = gradeAnswers({ output: [null, 0.7729], layers: [{ gradBiases: [0.008771] }, null] }, classic, expected);
    expect(grading.items.map((item) => [item.path, item.name, item.ok])).toEqual([
      ['output[1]', 'ŷ_{2}', true],
      ['layers[0].gradBiases[0]', '∂ℒ/∂b^{[1]}_{1}', true],
    ]);
  });

  it('names every quantity in the notation, in the order grad --json prints them', () => {
    const grading = gradeAnswers({ layers: [{ newBiases: [0], z: [0], a: [0], delta: [0, 0], newWeights: [[0, 0.1996]] }] }, classic, expected);
    expect(grading.items.map((item) => item.name)).toEqual([
      'a^{[1]}_{1}',
      'z^{[1]}_{1}',
      'δ^{[1]}_{1}',
      'δ^{[1]}_{2}',
      'W^{[1]}_{11} (new)',
      'W^{[1]}_{12} (new)',
      'b^{[1]}_{1} (new)',
    ]);
    expect(grading.items.find((item) => item.path === 'layers[0].newWeights[0][1]')?.ok).toBe(true);
  });

  it('adds the sample to the names of a batch', () => {
    const batch = parseProblem({
      layers: [{ weights: [[0.5]], biases: [0], activation: 'tanh' }],
      inputs: [[1], [2]],
      targets: [[0], [1]],
      loss: 'mse',
    });
    const grading = gradeAnswers({ output: [null, [0.7616]], layers: [{ a: [null, [1]] }] }, batch, runProblem(batch).result);
    expect(grading.items.map((item) => [item.name, item.ok])).toEqual([
      ['ŷ^{(2)}_{1}', true],
      ['a^{[1](2)}_{1}', true],
    ]);
  });
});

describe('answer sheets that do not fit the problem', () => {
  it('says which index does not exist and why', () => {
    expect(gradeError({ layers: [{ gradWeights: [[1, 2], [3, 4], [5, 6]] }] })).toBe('layers[0].gradWeights[2] does not exist: layer 1 has 2 neurons');
    expect(gradeError({ layers: [null, { gradWeights: [[1, 2, 3]] }] })).toBe('layers[1].gradWeights[0][2] does not exist: layer 2 has 2 inputs');
    expect(gradeError({ layers: [{ gradWeights: [[1, 2, 3]] }] })).toBe('layers[0].gradWeights[0][2] does not exist: the input has 2 values');
    expect(gradeError({ layers: [null, null, {}] })).toBe('layers[2] does not exist: the problem has 2 layers');
    expect(gradeError({ output: [1, 2, 3] })).toBe('output[2] does not exist: the output layer has 2 neurons');
  });

  it('says where a number, an array or an object was expected', () => {
    expect(gradeError({ layers: [{ gradWeights: [1, 2] }] })).toBe('layers[0].gradWeights[0] must be an array (one entry per input), not a number');
    expect(gradeError({ loss: [0.3] })).toBe('loss must be a number, not an array');
    expect(gradeError({ layers: [{ delta: ['0.1'] }] })).toBe('layers[0].delta[0] must be a number, not a string');
    expect(gradeError({ layers: { 0: {} } })).toBe('layers must be an array (one entry per layer), not an object');
    expect(gradeError([1, 2])).toBe('the answers must be a JSON object shaped like grad --json output, not an array');
  });

  it('rejects unknown keys and updates the problem does not make', () => {
    expect(gradeError({ gradients: [] })).toBe('unknown key "gradients" (expected loss, output, layers)');
    expect(gradeError({ layers: [{ dW: [] }] })).toBe('layers[0] has an unknown key "dW" (expected a, z, delta, gradWeights, gradBiases, newWeights, newBiases)');
    const { learningRate: _, ...withoutStep } = classic;
    expect(gradeError({ layers: [{ newBiases: [0.3] }] }, withoutStep)).toBe(
      'layers[0].newBiases cannot be graded: the problem has no learningRate, so there is no gradient-descent step',
    );
  });
});

describe('JSON for people', () => {
  it('puts each row of numbers on one line and keeps full precision', () => {
    const text = jsonText(expected);
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).toContain('"gradBiases": [0.008771354689486937, 0.009954254705217202]');
    expect(text.endsWith('}\n')).toBe(true);
  });
});
