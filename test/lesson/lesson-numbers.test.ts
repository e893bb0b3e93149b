/**
 * The numbers the lessons state in their prose, recomputed: by the engine (a problem run through
 * the scalar engine) or by the same module the lesson's widget runs. Each check also finds the
 * number written in the lesson, so editing either side without the other fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASS_LABELS, PASS_POINTS } from '../../src/ui/lesson/widgets/pass-data';
import { applyRule, type PerceptronWeights } from '../../src/ui/lesson/widgets/perceptron-rule';

const lesson = (file: string): string => readFileSync(new URL(`../../lessons/${file}`, import.meta.url), 'utf8');

describe('lesson 1 (perceptron): the widget run the text describes', () => {
  const text = lesson('01-perceptron.md');

  it('the rule first makes no mistakes in pass 7 and stops at w = (2.24, −1.72), b = −0.2', () => {
    let w: PerceptronWeights = { w1: 0, w2: 0, b: 0 };
    const mistakes: number[] = [];
    while (mistakes.at(-1) !== 0 && mistakes.length < 50) {
      let count = 0;
      PASS_POINTS.forEach((x, i) => {
        const { prediction, after } = applyRule(w, x, PASS_LABELS[i]!, 0.1);
        if (prediction !== PASS_LABELS[i]) count++;
        w = after;
      });
      mistakes.push(count);
    }
    expect(mistakes.length).toBe(7);
    expect(w.w1).toBeCloseTo(2.24, 10);
    expect(w.w2).toBeCloseTo(-1.72, 10);
    expect(w.b).toBeCloseTo(-0.2, 10);
    expect(text).toContain('that happens in pass 7, and the rule stops at $w_1 = 2.24$, $w_2 = -1.72$, $b = -0.2$');
  });

  it("the exercise's students are the widget's first two, and its answer is the rule's w₂ after them", () => {
    expect(PASS_POINTS[0]).toEqual([9.6, 6.6]);
    expect(PASS_LABELS[0]).toBe(1);
    expect(PASS_POINTS[1]).toEqual([0.1, 8.4]);
    expect(PASS_LABELS[1]).toBe(0);
    const first = applyRule({ w1: 0, w2: 0, b: 0 }, PASS_POINTS[0]!, 1, 0.1);
    expect(first.after).toEqual({ w1: 0, w2: 0, b: 0 });
    const second = applyRule(first.after, PASS_POINTS[1]!, 0, 0.1);
    expect(second.after.w1).toBeCloseTo(-0.01, 12);
    expect(second.after.w2).toBeCloseTo(-0.84, 12);
    expect(second.after.b).toBeCloseTo(-0.1, 12);
    expect(text).toContain('<Numeric id="update" answer={-0.84}');
    expect(text).toContain('(studied 9.6 hours, slept 6.6)');
    expect(text).toContain('studied $x_1 = 0.1$ hours, slept $x_2 = 8.4$ hours and failed');
  });
});
