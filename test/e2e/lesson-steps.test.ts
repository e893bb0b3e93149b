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

  it("lesson 1: two presses of Next student give the exercise's weights (w₁ = −0.01, w₂ = −0.84, b = −0.1); pass 7 is the first without mistakes, at w = (2.24, −1.72), b = −0.2", async () => {
    const { page, errors } = await openPage('#/lesson?id=perceptron&step=5');
    const next = page.locator('[data-perceptron-step]');
    await next.click();
    await next.click();
    const readout = page.locator('[data-perceptron-weights]');
    expect((await readout.getAttribute('data-perceptron-weights'))?.replaceAll('−', '-')).toBe('-0.01 -0.84 -0.1');
    // Finishing passes: the seventh is the first without mistakes, at the weights the text quotes.
    const finish = page.getByRole('button', { name: 'Finish this pass' });
    for (let pass = 1; pass <= 7; pass++) await finish.click();
    const mistakes = (await page.locator('[data-mistakes]').innerText()).replace(/[^\d,]/g, '').split(',');
    expect(mistakes).toHaveLength(7);
    expect(mistakes.at(-1)).toBe('0');
    expect(mistakes.slice(0, -1)).not.toContain('0');
    expect((await readout.getAttribute('data-perceptron-weights'))?.replaceAll('−', '-')).toBe('2.24 -1.72 -0.2');
    expect(errors).toEqual([]);
  });

  it('lesson 5, "What about just one layer?": more units get more of the square right; two layers get all of it', async () => {
    const { page, errors } = await openPage('#/lesson?id=xor-mlp&step=6');
    const share = page.locator('[data-one-layer-agreement]');
    await share.waitFor();
    const at8 = Number(await share.getAttribute('data-one-layer-agreement'));
    await page.locator('[data-one-layer-size="80"]').check();
    await expect.poll(async () => Number(await share.getAttribute('data-one-layer-agreement'))).toBeCloseTo(0.9727, 4);
    expect(at8).toBeCloseTo(0.8283, 4);
    await expect(share.innerText()).resolves.toContain('80 hidden units');
    await expect(page.getByText('Two hidden layers, 6 + 2 units: right on 100 %').count()).resolves.toBe(1);
    // The choice is a radio group: the arrow keys move it.
    await page.locator('[data-one-layer-size="80"]').press('ArrowLeft');
    await expect.poll(async () => (await share.innerText()).includes('48 hidden units')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('on a phone, a display formula wider than the screen scrolls in its box instead of widening the page', async () => {
    const { page, errors } = await openPage('#/lesson?id=logistic-regression&step=6', { viewport: { width: 390, height: 844 } });
    await page.locator('.katex-display').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });

  it("lesson 5's playground link opens XOR with the feature x₁x₂ switched on", async () => {
    const { page, errors } = await openPage('#/lesson?id=xor-mlp&step=3');
    await page.getByRole('link', { name: 'XOR with the feature x₁x₂ and no hidden layer' }).click();
    const feature = page.locator('[data-feature="x1x2"]');
    await feature.waitFor();
    await expect(feature.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.locator('[data-feature="x1sq"]').getAttribute('aria-pressed')).resolves.toBe('false');
    expect(errors).toEqual([]);
  });
});
