/**
 * Lesson pictures and text laid out in Chromium: nothing drawn on top of something else, nothing
 * cut off. Each test measures the boxes the browser laid out.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage } from './browser';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxes(locator: Locator): Promise<{ text: string; box: Box }[]> {
  return locator.evaluateAll((elements) =>
    elements.map((element) => {
      const rect = element.getBoundingClientRect();
      return { text: element.textContent ?? '', box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } };
    }),
  );
}

async function openStep(lesson: string, step: number): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(`#/lesson?id=${lesson}&step=${step}`);
  await opened.page.locator(`[data-step="${step}"]`).waitFor();
  return opened;
}

describe('lesson 5 (XOR)', () => {
  it('the truth table is ruled and padded', async () => {
    const { page, errors } = await openStep('xor-mlp', 1);
    const cell = page.locator('[data-step] table td').first();
    const style = await cell.evaluate((element) => {
      const computed = getComputedStyle(element);
      return { border: parseFloat(computed.borderTopWidth), padding: parseFloat(computed.paddingLeft) };
    });
    expect(style.border).toBeGreaterThan(0);
    expect(style.padding).toBeGreaterThanOrEqual(8);
    expect(errors).toEqual([]);
  }, 60_000);

  it.each([1, 3, 4, 5])('step %i: the x₂ axis name is clear of every tick label', async (step) => {
    const { page, errors } = await openStep('xor-mlp', step);
    const plane = page.locator('svg.plane').first();
    const [name] = await boxes(plane.locator('.axis .label').nth(1));
    const ticks = await boxes(plane.locator('.axis text:not(.label)'));
    expect(ticks.length).toBeGreaterThan(4);
    for (const tick of ticks) expect(overlap(name!.box, tick.box), `x₂ and tick ${tick.text}`).toBe(false);
    expect(errors).toEqual([]);
  }, 60_000);

  it('step 5: the six lines are labelled, no label on top of another', async () => {
    const { page, errors } = await openStep('xor-mlp', 5);
    const labels = await boxes(page.locator('svg.plane .line-label'));
    expect(labels.map((label) => label.text).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) expect(overlap(a.box, b.box), `labels ${a.text} and ${b.text}`).toBe(false);
    }
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('lesson 8 (backprop through an MLP)', () => {
  it('step 2: the formulas of the nested list keep clear of each other', async () => {
    const { page, errors } = await openStep('backprop-mlp', 2);
    // The glyphs' boxes: a fraction's numerator and denominator stand outside the formula's own box.
    const extents = await page.locator('[data-step] li > .katex, [data-step] li > span > .katex').evaluateAll((formulas) =>
      formulas.map((formula) => {
        let top = Infinity;
        let bottom = -Infinity;
        const walker = document.createTreeWalker(formula, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          if (node.textContent?.trim() === '') continue;
          range.selectNodeContents(node);
          for (const rect of range.getClientRects()) {
            top = Math.min(top, rect.top);
            bottom = Math.max(bottom, rect.bottom);
          }
        }
        return { top, bottom };
      }),
    );
    expect(extents.length).toBeGreaterThanOrEqual(4);
    const sorted = extents.sort((a, b) => a.top - b.top);
    for (const [i, extent] of sorted.entries()) {
      const below = sorted[i + 1];
      if (below !== undefined) expect(below.top - extent.bottom, `formula ${i + 1} and the one below`).toBeGreaterThanOrEqual(0);
    }
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('lesson 6 (the chain rule)', () => {
  it('"solved before" appears when the exercise is opened again after a solve, not right after the first', async () => {
    const { page, errors } = await openStep('chain-rule', 2);
    const exercise = page.locator('[data-exercise="dlnx2"]');
    await exercise.locator('[data-answer-input]').fill('2/x');
    await exercise.locator('[data-answer-input]').press('Enter');
    await exercise.locator('[data-verdict="right"]').waitFor();
    expect(await exercise.getByText('solved before').count()).toBe(0);
    await page.waitForLoadState('networkidle');
    await page.reload();
    await page.locator('[data-exercise="dlnx2"]').waitFor();
    expect(await page.locator('[data-exercise="dlnx2"]').getByText('solved before').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 60_000);

  it('the formula box shows its whole placeholder', async () => {
    const { page, errors } = await openStep('chain-rule', 2);
    const input = page.locator('[data-answer-input]').first();
    const fits = await input.evaluate((element) => {
      const field = element as HTMLInputElement;
      const style = getComputedStyle(field);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const text = context.measureText(field.placeholder).width;
      return { text, room: field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
    });
    expect(fits.text).toBeGreaterThan(0);
    expect(fits.text).toBeLessThanOrEqual(fits.room);
    expect(errors).toEqual([]);
  }, 60_000);
});
