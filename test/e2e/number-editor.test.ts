import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/engine/format';
import { encodeProblem } from '../../src/ui/player/problem-url';
import { benchProblem } from '../../bench/player-layout';
import { openPage } from './browser';

/** The TeX of the card's result line. */
async function result(page: Page): Promise<string> {
  return (await page.locator('.formula-card [data-line="result"]').first().getAttribute('data-tex')) ?? '';
}

async function openEditor(page: Page): Promise<void> {
  await page.getByText('Edit the numbers', { exact: true }).click();
  await page.locator('.editor input').first().waitFor();
}

describe("the player's number editor", () => {
  it('is built when opened, edits a weight and replays, and marks a box that is not a finite number', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=1');
    // Step 1 is a^{[1]}_1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775.
    expect(await result(page)).toContain('0.3775');
    expect(await page.locator('.editor input').count()).toBe(0);
    await openEditor(page);
    // Weights and biases of both layers (6 + 6), the two inputs, the two targets and α.
    expect(await page.locator('.editor input').count()).toBe(17);
    const firstWeight = page.locator('.editor input').first();
    expect(await firstWeight.inputValue()).toBe('0.15');
    expect(await page.locator('.editor fieldset', { hasText: 'Target' }).locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(['0.01', '0.99']);

    await firstWeight.fill('0.5');
    await firstWeight.press('Tab');
    // 0.5·0.05 + 0.2·0.1 + 0.35 = 0.395, on the same step.
    await expect.poll(() => result(page)).toContain('0.395');
    expect(await page.locator('[data-step-counter]').textContent()).toMatch(/^Step 1 of/);

    await firstWeight.fill('1e999');
    await firstWeight.press('Tab');
    await expect.poll(() => firstWeight.getAttribute('aria-invalid')).toBe('true');
    expect(await result(page)).toContain('0.395');
    expect(errors).toEqual([]);
  });

  it('shows every number to four significant figures, as the rest of the page does', async () => {
    const problem = benchProblem([3, 4, 2]);
    const { page } = await openPage(`#/player?problem=${encodeProblem(problem)}&step=1`);
    await openEditor(page);
    const shown = await page.locator('.editor input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    const numbers = [
      ...problem.layers.flatMap((layer) => layer.weights.flatMap((row, j) => [...row, layer.biases[j]!])),
      ...problem.inputs[0]!,
      ...(problem.targets[0] as number[]),
      ...(problem.learningRate === undefined ? [] : [problem.learningRate]),
    ];
    expect(shown).toEqual(numbers.map(formatNumber));
    // The random numbers have more figures than that: the boxes really are rounded.
    expect(numbers.filter((x) => formatNumber(x) !== String(x)).length).toBeGreaterThan(numbers.length / 2);
  });

  it('refuses a class that is not one of the outputs, says why, keeps the network and marks the box', async () => {
    const { page, errors } = await openPage('#/player?example=softmax&step=1');
    const before = await result(page);
    await openEditor(page);
    const classBox = page.locator('.editor fieldset', { hasText: 'Target' }).locator('input');
    expect(await classBox.inputValue()).toBe('1');
    await classBox.fill('5');
    await classBox.press('Tab');
    await expect.poll(() => page.locator('[data-problem-error]').textContent()).toContain('target is class 5 but the output layer has 3 classes (0 to 2)');
    expect(await classBox.getAttribute('aria-invalid')).toBe('true');
    // Said beside the boxes too, where the student is looking.
    expect(await page.locator('[data-editor-refusal]').textContent()).toBe('Refused: target is class 5 but the output layer has 3 classes (0 to 2)');
    expect(await result(page)).toBe(before);
    // A good class is taken, and the message goes.
    await classBox.fill('2');
    await classBox.press('Tab');
    await expect.poll(() => page.locator('[data-problem-error]').count()).toBe(0);
    expect(await page.locator('[data-editor-refusal]').count()).toBe(0);
    expect(await classBox.getAttribute('aria-invalid')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('on a phone, the open editor scrolls its rows of boxes in their own frames instead of widening the page', async () => {
    const { page } = await openPage('#/player?example=softmax&step=1', { viewport: { width: 390, height: 844 }, touch: true });
    const sidewaysScroll = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await sidewaysScroll()).toBe(0);
    await openEditor(page);
    expect(await sidewaysScroll()).toBe(0);
    // The second layer's row of three weights and a bias is wider than the phone: its frame scrolls.
    const layer2 = page.locator('.editor fieldset', { hasText: 'Layer 2' });
    expect(await layer2.evaluate((frame) => frame.scrollWidth > frame.clientWidth)).toBe(true);
  });
});
