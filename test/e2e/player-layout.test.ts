/**
 * The player laid out in Chromium: layer-view formulas fit their column at common laptop widths,
 * and a neuron's numbers stay inside its circle, negative and scientific ones too.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseProblem } from '../../src/data/problem';
import { encodeProblem } from '../../src/ui/player/problem-url';
import { openPage } from './browser';

/** The layer view's display formulas wider than their box (each would need a scrollbar). */
async function overflowingFormulas(page: Page): Promise<string[]> {
  return page.locator('.layer-view .tex.display').evaluateAll((formulas) =>
    formulas.filter((formula) => formula.scrollWidth > formula.clientWidth + 1).map((formula) => `${formula.scrollWidth} > ${formula.clientWidth}`),
  );
}

/** Checks the layer view at every stop, pressing → up to the last (and not past it: a lesson would move on). */
async function stepThrough(page: Page, counter: Locator): Promise<void> {
  for (;;) {
    const text = (await counter.textContent()) ?? '';
    expect(await overflowingFormulas(page), text).toEqual([]);
    const [, at, of] = /Step (\d+) of (\d+)/.exec(text) ?? [];
    expect(at, text).toBeDefined();
    if (at === of) return;
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => counter.textContent()).not.toBe(text);
  }
}

describe('the layer view', () => {
  it.each([
    [1280, 720],
    [1440, 900],
  ])('at %i×%i every formula of the classic example fits its column, stop by stop', async (width, height) => {
    const { page, errors } = await openPage('#/player?example=classic&by=layer', { viewport: { width, height } });
    await stepThrough(page, page.locator('[data-step-counter]'));
    expect(errors).toEqual([]);
  }, 90_000);

  it.each([
    [1280, 720],
    [1440, 900],
  ])("at %i×%i lesson 10's player (softmax, by layer) fits its formulas", async (width, height) => {
    const { page, errors } = await openPage('#/lesson?id=autodiff&step=3', { viewport: { width, height } });
    const player = page.locator('[data-lesson-player]');
    await player.waitFor();
    await stepThrough(page, player.locator('[data-step-counter]'));
    expect(errors).toEqual([]);
  }, 90_000);
});

describe('the network view', () => {
  it('writes negative and scientific numbers inside the neuron circles', async () => {
    // a = −2.1 in layer 1, and a δ of about −3e-4 there: the widest numbers a neuron shows.
    const problem = parseProblem({
      layers: [
        { weights: [[-3.1, -2.7], [1, 1]], biases: [-0.05, 0], activation: 'tanh' },
        { weights: [[0.001, -0.002]], biases: [0], activation: 'identity' },
      ],
      input: [0.4, 0.3],
      target: [5],
      loss: 'half_sse',
    });
    const { page, errors } = await openPage(`#/player?problem=${encodeProblem(problem)}`);
    await page.keyboard.press('End');
    const spills = await page.locator('.network-view .neuron').evaluateAll((neurons) =>
      neurons.flatMap((neuron) => {
        const circle = neuron.querySelector('circle')!.getBoundingClientRect();
        return [...neuron.querySelectorAll('text:not(.bias)')]
          .map((text) => ({ text: text.textContent, box: text.getBoundingClientRect() }))
          .filter(({ box }) => box.left < circle.left - 0.5 || box.right > circle.right + 0.5)
          .map(({ text }) => text);
      }),
    );
    expect(spills).toEqual([]);
    expect(await page.locator('.network-view .neuron text').allTextContents()).toContain('a -2.1');
    expect(errors).toEqual([]);
  }, 60_000);
});
