import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { generateProblem } from '../../../src/data/generate';
import { gradeAnswers } from '../../../src/nn/grading';
import { runProblem } from '../../../src/nn/run';
import { answerGroups, parseTypedNumber, sheetFromForm, sheetNameTex } from '../../../src/ui/homework/answer-form';
import { classicProblem } from '../../helpers/classic';

describe('the answer form', () => {
  it('has one box per number of the answer key, each at the path grading reports', () => {
    const problem = classicProblem();
    const fields = answerGroups(problem).flatMap((group) => group.fields);
    const expected = runProblem(problem).result;
    // Fill every box with the right number; grading must see every one of them and pass all.
    const typed = Object.fromEntries(fields.map((field) => [field.path, String(lookup(expected, field.keys))]));
    const { sheet, unreadable } = sheetFromForm(answerGroups(problem), typed);
    expect(unreadable).toEqual([]);
    const grading = gradeAnswers(sheet, problem, expected);
    expect(grading.wrong).toBe(0);
    expect(grading.items.map((item) => item.path).sort()).toEqual(fields.map((field) => field.path).sort());
    // 2-2-2 with a learning rate: a (2+2), z of layer 1 (2), ŷ (2), L, δ (4), ∂W (8), ∂b (4), new W and b (12).
    expect(fields).toHaveLength(4 + 2 + 2 + 1 + 4 + 8 + 4 + 12);
  });

  it('writes the name of every graded number as TeX: as its box does, and typeset where it has no box (the last z)', () => {
    const problem = classicProblem();
    const texByPath = new Map(answerGroups(problem).flatMap((group) => group.fields.map((field) => [field.path, field.tex] as const)));
    const expected = runProblem(problem).result;
    // A sheet with every number of the key, the last layer's z included, which the form asks for as ŷ.
    const sheet = { ...expected, output: expected.output, layers: expected.layers.map((layer) => ({ ...layer })) };
    const items = gradeAnswers(sheet, problem, expected).items;
    const withoutBox = items.filter((item) => !texByPath.has(item.path));
    expect(withoutBox.map((item) => item.path)).toEqual(['layers[1].z[0]', 'layers[1].z[1]']);
    for (const item of items) {
      const box = texByPath.get(item.path);
      if (box !== undefined) expect(sheetNameTex(item.name), item.path).toBe(box);
      expect(() => katex.renderToString(sheetNameTex(item.name), { throwOnError: true, strict: 'error' }), item.name).not.toThrow();
    }
    expect(sheetNameTex('z^{[2]}_{1}')).toBe('z^{[2]}_{1}');
  });

  it('labels boxes in the notation', () => {
    const tex = answerGroups(classicProblem()).flatMap((group) => group.fields.map((field) => field.tex));
    expect(tex).toContain('\\frac{\\partial \\mathcal{L}}{\\partial W^{[1]}_{12}}');
    expect(tex).toContain('\\delta^{[2]}_{1}');
    expect(tex).toContain('\\hat{y}_{2}');
  });

  it('grades one right and one wrong answer; empty boxes are not graded', () => {
    const problem = classicProblem();
    const groups = answerGroups(problem);
    const { sheet } = sheetFromForm(groups, { 'layers[1].gradWeights[0][0]': '0.0822', 'layers[1].gradWeights[0][1]': '0.09', loss: '' });
    expect(sheet).toEqual({ layers: [null, { gradWeights: [[0.0822, 0.09]] }] });
    const grading = gradeAnswers(sheet, problem, runProblem(problem).result);
    expect(grading.items.map((item) => [item.path, item.ok])).toEqual([
      ['layers[1].gradWeights[0][0]', true],
      ['layers[1].gradWeights[0][1]', false],
    ]);
  });

  it('has per-sample boxes for a batch problem', () => {
    const problem = generateProblem({ sizes: [2, 2, 3], activations: ['tanh'], loss: 'cross_entropy', seed: 3, batch: 2 });
    const paths = answerGroups(problem).flatMap((group) => group.fields.map((field) => field.path));
    expect(paths).toContain('layers[0].delta[1][0]');
    expect(paths).toContain('output[1][2]');
  });

  it('reads numbers as people type them and reports the ones it cannot read', () => {
    expect(parseTypedNumber(' 0.0822 ')).toBe(0.0822);
    expect(parseTypedNumber('−0.5')).toBe(-0.5);
    expect(parseTypedNumber('3.2e-7')).toBe(3.2e-7);
    expect(parseTypedNumber('.5')).toBe(0.5);
    expect(parseTypedNumber('0,5')).toBeUndefined();
    expect(parseTypedNumber('abc')).toBeUndefined();
    const { unreadable } = sheetFromForm(answerGroups(classicProblem()), { loss: 'about 0.3' });
    expect(unreadable).toEqual(['loss']);
  });
});

function lookup(value: unknown, keys: readonly (string | number)[]): unknown {
  return keys.reduce<unknown>((inner, key) => (inner as Record<string | number, unknown>)[key], value);
}

describe('plain names of the boxes', () => {
  it('read like the CLI’s, for screen readers', async () => {
    const { plainName } = await import('../../../src/ui/homework/answer-form');
    expect(plainName('\\frac{\\partial \\mathcal{L}}{\\partial W^{[1]}_{12}}')).toBe('∂ℒ/∂W⁽¹⁾₁₂');
    expect(plainName('\\delta^{[2](3)}_{1}')).toBe('δ⁽²⁾⁽³⁾₁');
    expect(plainName('\\hat{y}^{(2)}_{1}')).toBe('ŷ⁽²⁾₁');
    expect(plainName('\\text{new } b^{[1]}_{2}')).toBe('new b⁽¹⁾₂');
  });
});
