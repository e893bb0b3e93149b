/**
 * The course's notation in words as on the card: Unicode scripts (a⁽¹⁾₁, ∂ℒ/∂W⁽²⁾₁₂), never the
 * ASCII a[1]_1 the narration used to read out; negative factors in brackets; the loss ℒ; and a
 * constant of an expression written as its number (lesson 6's v = 2u, not v = u v₁).
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import { narrateStep } from '../../src/engine/narration';
import { stepTex, texToText } from '../../src/engine/tex';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { expressionTrace } from '../../src/ui/lesson/widgets/expressions';

describe('narration in the course notation', () => {
  it.each(EXAMPLES.map((example) => [example.id, example] as const))('%s: no ASCII names, no TeX, negative factors bracketed', (_id, example) => {
    const trace = new Trace(traceProblem(example.problem).trace);
    for (let i = 0; i < trace.length; i++) {
      const line = narrateStep(trace, i);
      expect(line, line).not.toMatch(/\[\d+\]|_\d|\\|[{}^]/);
      // "× -0.0226" reads as a subtraction; it is "× (−0.0226)".
      expect(line, line).not.toMatch(/[×−] -/);
    }
  });

  it('the classic example reads as the card writes it', () => {
    const trace = new Trace(traceProblem(EXAMPLES[0]!.problem).trace);
    const lines = Array.from({ length: trace.length }, (_, i) => narrateStep(trace, i));
    expect(lines[0]).toBe('Forward, layer 1, neuron 1: a⁽¹⁾₁ is the weighted sum of x₁, x₂ with weights W⁽¹⁾₁₁, W⁽¹⁾₁₂, plus b⁽¹⁾₁, which is 0.3775.');
    expect(lines).toContain('Update, layer 2, neuron 2: W⁽²⁾₂₁ becomes 0.5 − 0.5 × (−0.0226) = 0.5113.');
    expect(lines).toContain('Backward: backward starts at ℒ with ∂ℒ/∂ℒ = 1.');
  });

  it('plain-text names', () => {
    expect(texToText('a^{[1]}_{1}')).toBe('a⁽¹⁾₁');
    expect(texToText('W^{[2]}_{12,3}')).toBe('W⁽²⁾₁₂,₃');
    expect(texToText('z^{[1](2)}_{3}')).toBe('z⁽¹⁾⁽²⁾₃');
    expect(texToText('x^{(3)}_{2}')).toBe('x⁽³⁾₂');
    expect(texToText('\\frac{\\partial \\mathcal{L}}{\\partial \\ell^{(2)}}')).toBe('∂ℒ/∂ℓ⁽²⁾');
    expect(texToText('\\hat{y}_{1}')).toBe('ŷ₁');
  });
});

describe('constants in an expression', () => {
  it('lesson 6: v = 2u is written with its 2, in the rule, the local derivative and the words (it read v = u v₁)', () => {
    const trace = expressionTrace('paths');
    const forwardOf = (label: string): number => trace.toData().steps.findIndex((step) => step.kind === 'forward' && trace.node(step.node).meta.label === label);
    expect(stepTex(trace, forwardOf('v')).rule).toBe('2\\,u');
    expect(stepTex(trace, forwardOf('v')).substituted).toBe('2 \\times 1.5');
    const intoU = trace.toData().steps.findIndex((step) => step.kind === 'backward' && trace.node(step.input).meta.label === 'u' && trace.node(step.node).meta.label === 'v');
    expect(stepTex(trace, intoU).rule).toBe('\\frac{\\partial \\mathcal{L}}{\\partial v}\\,2');
    expect(narrateStep(trace, forwardOf('v'))).toContain('the product of 2, u');
  });
});
