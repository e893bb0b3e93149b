/**
 * The lesson steps and widgets of issue #18 in the browser: a widget's state after a scripted
 * interaction, and maths that must be typeset rather than shown as TeX source.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from './browser';

describe('lesson pages', () => {
  it('typeset the maths in objectives: lesson 9 shows δ^[L] as a formula, on its first step and on the lessons index', async () => {
    const { page, errors } = await openPage('#/lesson?id=softmax');
    const objectives = page.locator('.objectives li');
    await objectives.last().locator('.katex').waitFor();
    await expect(objectives.last().locator('.katex').count()).resolves.toBe(1);
    const shown = (await objectives.last().innerText()).replace(/\s+/g, ' ');
    expect(shown).not.toContain('{[L]}');
    expect(shown).not.toContain('\\delta');
    const index = await openPage('#/lessons');
    const card = index.page.locator('[data-lesson-card="softmax"] .objectives li').last();
    await card.locator('.katex').waitFor();
    await expect(card.locator('.katex').count()).resolves.toBe(1);
    expect([...errors, ...index.errors]).toEqual([]);
  });

  it("lesson 1: two presses of Next student give the exercise's weights (w₁ = −0.01, w₂ = −0.84, b = −0.1)", async () => {
    const { page, errors } = await openPage('#/lesson?id=perceptron&step=5');
    const next = page.locator('[data-perceptron-step]');
    await next.click();
    await next.click();
    const readout = page.locator('[data-perceptron-weights]');
    expect((await readout.getAttribute('data-perceptron-weights'))?.replaceAll('−', '-')).toBe('-0.01 -0.84 -0.1');
    expect(errors).toEqual([]);
  });
});
