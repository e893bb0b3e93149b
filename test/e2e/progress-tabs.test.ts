/**
 * Two tabs of one browser record lesson progress into the one stored value; neither may write
 * over what the other saved.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { PROGRESS_KEY, loadProgress, type Progress } from '../../src/ui/lesson/progress';
import { openPage } from './browser';

async function stored(page: Page): Promise<Progress> {
  return loadProgress(await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY)).progress;
}

async function goToStep(page: Page, lesson: string, step: number): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/lesson?id=${lesson}&step=${step}`);
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(new RegExp(`^Step ${step} of`));
}

it('two tabs each record their steps and exercises, and neither loses the other’s', async () => {
  const { page: first, errors } = await openPage('#/lesson?id=perceptron&step=1');
  const second = await first.context().newPage();
  await second.goto(first.url().replace(/#.*$/, '#/lesson?id=chain-rule&step=1'));
  await expect(second.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of/);

  // Interleaved: each tab read the stored value when it opened, before the other wrote anything.
  await goToStep(first, 'perceptron', 2);
  await goToStep(second, 'chain-rule', 2);
  const exercise = second.locator('[data-exercise="dlnx2"]');
  await exercise.locator('[data-answer-input]').fill('2/x');
  await exercise.locator('[data-check]').click();
  await expect(exercise.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('right');
  await goToStep(first, 'perceptron', 3);

  const expected = {
    perceptron: { seen: [0, 1, 2], solved: [] },
    'chain-rule': { seen: [0, 1], solved: ['dlnx2'] },
  };
  expect((await stored(first)).lessons).toEqual(expected);

  // The second tab heard of the first one's steps too: its next write keeps them.
  await goToStep(second, 'chain-rule', 3);
  expect((await stored(second)).lessons).toEqual({ ...expected, 'chain-rule': { seen: [0, 1, 2], solved: ['dlnx2'] } });
  expect(errors).toEqual([]);
}, 90_000);
