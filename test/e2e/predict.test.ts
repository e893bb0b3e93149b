/**
 * Predict mode in Chromium: no stop shows its result anywhere (page text, hidden text, the
 * accessibility tree, tooltips) before the guess; one key or button checks and the same one
 * moves on; feedback stays with its stop; scores at the end of each phase and of the trace.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findExample } from '../../src/data/examples';
import { formatNumber } from '../../src/engine/format';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { asksFor, resultOf } from '../../src/ui/player/step-result';
import { computeStops } from '../../src/ui/player/stops';
import { seriousViolations } from './axe';
import { openPage } from './browser';

function traceOf(id: string): Trace {
  return new Trace(traceProblem(findExample(id)!.problem).trace);
}

/** The digits of a number as the shared formatter writes it, without sign or exponent: 4.386e-4 → 4.386. */
function digitsOf(x: number): string {
  return formatNumber(Math.abs(x)).split('e')[0]!;
}

/** Where the digits stand as a whole number (not inside 0.37751 or 10.3775) in the page's text, hidden text, attributes or accessibility tree. */
async function placesShowing(page: Page, result: number): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const attributes = ['title', 'aria-label', 'aria-description', 'aria-valuetext', 'alt', 'placeholder', 'value', 'data-tex'];
    const found: [string, string][] = [['text', document.body.textContent ?? '']];
    for (const element of document.body.querySelectorAll('*')) {
      for (const name of attributes) {
        const value = element.getAttribute(name);
        if (value !== null) found.push([`${element.tagName.toLowerCase()}[${name}]`, value]);
      }
      if (element instanceof HTMLInputElement) found.push(['input value', element.value]);
    }
    return found;
  });
  texts.push(['accessibility tree', await page.locator('body').ariaSnapshot()]);
  // Sign-aware: a bias of −0.9 on the page does not give away a result of 0.9.
  const escaped = digitsOf(result).replace('.', '\\.');
  const pattern = new RegExp(result < 0 ? `[-−]\\s*${escaped}(?!\\d)` : `(?<!(?:[\\d.]|[-−]\\s*))${escaped}(?!\\d)`);
  return texts.filter(([, text]) => pattern.test(text)).map(([where, text]) => `${where}: …${text.slice(Math.max(0, text.search(pattern) - 40), text.search(pattern) + 20)}…`);
}

async function counter(page: Page): Promise<string> {
  return (await page.locator('[data-step-counter]').textContent()) ?? '';
}

/** The counter at a stop: "Step k of N" counts the stops. */
function counterAt(trace: Trace, stop: number): RegExp {
  const stops = computeStops(trace, 'op');
  return new RegExp(`^Step ${stops.indexOf(stop) + 1} of ${stops.length}$`);
}

const verdict = (page: Page) => page.locator('[data-verdict]');

/** A verdict anywhere on the page. */
async function oldFeedback(page: Page): Promise<string | null> {
  const text = await page.locator('body').innerText();
  return /Right:|Not quite|The result is/.exec(text)?.[0] ?? null;
}

describe('predict mode', () => {
  it.each([
    ['classic', 'Network'],
    ['classic', 'Computation graph'],
    ['xor', 'Network'],
  ])('no stop of %s in the %s view shows its result before the guess', async (id, tab) => {
    const trace = traceOf(id);
    const stops = computeStops(trace, 'op');
    const { page, errors } = await openPage(`#/player?example=${id}`);
    await page.getByRole('tab', { name: tab }).click();
    await page.getByLabel('Predict mode').check();
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    let asked = 0;
    for (const [i, stop] of stops.entries()) {
      const where = `stop ${i + 1} (step ${stop + 1}, ${trace.step(stop).kind})`;
      expect(await counter(page), where).toMatch(counterAt(trace, stop));
      if (asksFor(trace, stop)) {
        asked++;
        expect(await page.locator('[data-predict-input]').count(), where).toBe(1);
        expect(await placesShowing(page, resultOf(trace, stop)), where).toEqual([]);
        // Checking with nothing typed shows the result: now it is on the page.
        await page.keyboard.press('ArrowRight');
        expect(await verdict(page).textContent(), where).toContain(formatNumber(resultOf(trace, stop)));
        expect((await placesShowing(page, resultOf(trace, stop))).length, where).toBeGreaterThan(0);
      } else {
        expect(await page.locator('[data-predict-given]').count(), where).toBe(1);
      }
      await page.keyboard.press('ArrowRight');
    }
    expect(asked).toBeGreaterThan(stops.length / 2);
    expect(errors).toEqual([]);
  }, 120_000);

  it('Enter, →, PageDown, the Next button and ▶ each check the guess and then move on', async () => {
    const trace = traceOf('classic');
    const { page, errors } = await openPage('#/player?example=classic');
    await page.getByLabel('Predict mode').check();
    const input = page.locator('[data-predict-input]');
    const answerWith = async (stop: number, typed: string, press: () => Promise<void>): Promise<void> => {
      expect(await counter(page)).toMatch(counterAt(trace, stop));
      await input.fill(typed);
      await press();
      expect(await verdict(page).textContent()).toMatch(typed === formatNumber(resultOf(trace, stop)) ? /Right/ : /Not quite/);
      expect(await counter(page)).toMatch(counterAt(trace, stop));
      await press();
      expect(await counter(page)).not.toMatch(counterAt(trace, stop));
    };
    await answerWith(0, formatNumber(resultOf(trace, 0)), () => input.press('Enter'));
    await answerWith(1, '0.5', () => input.press('ArrowRight'));
    await answerWith(2, formatNumber(resultOf(trace, 2)), () => input.press('PageDown'));
    await answerWith(3, '1', () => page.getByRole('button', { name: 'Next step (→)' }).click());
    // With the focus outside the box the page's keys do the same.
    await input.fill(formatNumber(resultOf(trace, 4)));
    await page.locator('h1').click();
    await page.keyboard.press('PageDown');
    expect(await verdict(page).textContent()).toMatch(/Right/);
    await page.keyboard.press('Enter');
    expect(await counter(page)).toMatch(counterAt(trace, 5));
    // ▶ checks; pressed again it plays on, and stops at the next question.
    await input.fill(formatNumber(resultOf(trace, 5)));
    await page.getByRole('button', { name: 'Play' }).click();
    expect(await verdict(page).textContent()).toMatch(/Right/);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => counter(page)).toMatch(counterAt(trace, 6));
    await expect.poll(() => page.getByRole('button', { name: 'Play' }).count()).toBe(1);
    expect(await input.inputValue()).toBe('');
    expect(errors).toEqual([]);
  });

  it('the question and its verdict pass an accessibility scan', async () => {
    const { page, errors } = await openPage('#/player?example=classic');
    await page.getByLabel('Predict mode').check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('[data-predict-input]').fill('0.3');
    await page.locator('[data-predict-input]').press('Enter');
    await page.locator('[data-verdict]', { hasText: 'Not quite' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('feedback belongs to its stop: after a step back or a jump no old verdict shows', async () => {
    const trace = traceOf('classic');
    const { page, errors } = await openPage('#/player?example=classic');
    await page.getByLabel('Predict mode').check();
    const input = page.locator('[data-predict-input]');
    await input.fill(formatNumber(resultOf(trace, 0)));
    await input.press('Enter');
    expect(await verdict(page).textContent()).toContain('Right');
    await input.press('Enter');
    await input.fill('0.1');
    await input.press('Enter');
    expect(await verdict(page).textContent()).toContain('Not quite');
    // Back to the first stop: its result is shown (it was answered), without the old verdict.
    await input.press('PageUp');
    expect(await counter(page)).toMatch(counterAt(trace, 0));
    expect(await page.locator('.formula-card [data-line="result"]').count()).toBe(1);
    expect(await oldFeedback(page)).toBeNull();
    // Forward to a stop not answered yet; a wrong guess, then a jump from a chip of the card to
    // the step that made one of its numbers.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await counter(page)).toMatch(counterAt(trace, 2));
    await input.fill('0.4');
    await input.press('Enter');
    expect(await verdict(page).textContent()).toContain('Not quite');
    await page.locator('.formula-card .sources button').first().click();
    expect(await counter(page)).toMatch(counterAt(trace, 0));
    expect(await oldFeedback(page)).toBeNull();
    expect(errors).toEqual([]);
  });

  it('scores each phase and the whole trace', async () => {
    const trace = traceOf('classic');
    const stops = computeStops(trace, 'op');
    const { page, errors } = await openPage('#/player?example=classic');
    await page.getByLabel('Predict mode').check();
    const input = page.locator('[data-predict-input]');
    const forward = stops.filter((stop) => trace.phaseOf(stop) === 'forward' && trace.passOf(stop) === 0);
    for (const [i, stop] of forward.entries()) {
      // One of them wrong.
      await input.fill(i === 2 ? '0.1' : formatNumber(resultOf(trace, stop)));
      await input.press('Enter');
      if (i < forward.length - 1) {
        expect(await page.locator('[data-predict-score]').count()).toBe(0);
        await input.press('Enter');
      }
    }
    expect(await page.locator('[data-predict-score]').textContent()).toBe(`Forward pass: ${forward.length - 1} of ${forward.length} predicted right.`);
    // The last stop: the loss with the new weights, and the whole trace.
    await page.locator('h1').click();
    await page.keyboard.press('End');
    await input.fill(formatNumber(resultOf(trace, trace.length - 1)));
    await input.press('Enter');
    const questions = stops.filter((stop) => asksFor(trace, stop)).length;
    expect(await page.locator('[data-predict-score]').allTextContents()).toEqual([
      'Loss (new weights): 1 of 1 predicted right.',
      `The whole trace: ${forward.length} of ${questions} predicted right.`,
    ]);
    expect(errors).toEqual([]);
  });
});

describe("predict mode in a lesson's player", () => {
  it('lesson 8 asks, moves on with the same key and scores the forward pass', async () => {
    const trace = traceOf('classic');
    const stops = computeStops(trace, 'op');
    // The step of lesson 8 whose player predicts, counted in the lesson's source (steps get added).
    const source = readFileSync(new URL('../../lessons/08-backprop-mlp.md', import.meta.url), 'utf8');
    const step = source.slice(0, source.indexOf('<Step id="predict"')).split('<Step ').length;
    const { page, errors } = await openPage(`#/lesson?id=backprop-mlp&step=${step}`);
    const player = page.locator('[data-lesson-player]');
    const input = player.locator('[data-predict-input]');
    const forward = stops.filter((stop) => trace.phaseOf(stop) === 'forward' && trace.passOf(stop) === 0);
    for (const [i, stop] of forward.entries()) {
      expect(await placesShowing(page, resultOf(trace, stop))).toEqual([]);
      await input.fill(formatNumber(resultOf(trace, stop)));
      await input.press('Enter');
      expect(await player.locator('[data-verdict]').textContent()).toContain('Right');
      if (i < forward.length - 1) await input.press('Enter');
    }
    expect(await player.locator('[data-predict-score]').textContent()).toBe(`Forward pass: ${forward.length} of ${forward.length} predicted right.`);
    expect(errors).toEqual([]);
  }, 90_000);
});
