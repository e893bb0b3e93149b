import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/ui/lesson/front-matter';
import { PROGRESS_KEY } from '../../src/ui/lesson/progress';
import { seriousViolations } from './axe';
import { openPage } from './browser';

const lessonsDir = new URL('../../lessons/', import.meta.url);
const files = Object.fromEntries(
  readdirSync(lessonsDir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => [`/lessons/${name}`, readFileSync(new URL(name, lessonsDir), 'utf8')]),
);
const { lessons } = buildCatalog(files);

async function counter(page: Page): Promise<string> {
  return (await page.locator('[data-lesson-counter]').textContent()) ?? '';
}


/** Solves the first exercise on screen: reads the revealed answer (or tries each option) and checks it. */
async function solveExercise(page: Page): Promise<string> {
  const exercise = page.locator('[data-exercise]').first();
  const id = (await exercise.getAttribute('data-exercise')) ?? '';
  const options = exercise.locator('[data-option]');
  if ((await options.count()) > 0) {
    for (let i = 0; i < (await options.count()); i++) {
      await options.nth(i).locator('input').check();
      await exercise.locator('[data-check]').click();
      if ((await exercise.locator('[data-verdict="right"]').count()) > 0) return id;
    }
    throw new Error(`no option of ${id} was accepted`);
  }
  await exercise.locator('[data-reveal]').click();
  const answer = (await exercise.locator('[data-answer-value]').getAttribute('data-answer-value')) ?? '';
  await exercise.locator('[data-reveal]').click();
  await exercise.locator('[data-answer-input]').fill(answer);
  await exercise.locator('[data-answer-input]').press('Enter');
  await expect(exercise.locator('[data-verdict="right"]').count()).resolves.toBe(1);
  return id;
}

describe('the lessons', () => {
  it('are all listed, in order, on the lessons page and the home page', async () => {
    expect(lessons.map((lesson) => lesson.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const { page, errors } = await openPage('#/lessons');
    await expect(page.locator('[data-lesson-card]').count()).resolves.toBe(lessons.length);
    expect(await seriousViolations(page)).toEqual([]);
    const home = await openPage('#/');
    await expect(home.page.locator('[data-lesson-card]').count()).resolves.toBe(lessons.length);
    expect([...errors, ...home.errors]).toEqual([]);
  });

  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))('%s: walks from the first to the last step with the keyboard, solves an exercise, passes axe on every step', async (_id, lesson) => {
    const { page, errors } = await openPage(`#/lesson?id=${lesson.id}`);
    await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toContain(`Step 1 of ${lesson.stepCount}`);
    let solved: string | undefined;
    for (let step = 1; step <= lesson.stepCount; step++) {
      // The step changes a moment after the key (the hash router re-renders); on a busy machine a
      // read right after the key press can still see the previous step.
      await expect.poll(() => counter(page)).toContain(`Step ${step} of ${lesson.stepCount}`);
      expect(page.url()).toContain(`step=${step}`);
      expect(await page.locator('.katex-error, .tex-error').count()).toBe(0);
      expect(await seriousViolations(page), `step ${step}`).toEqual([]);
      if (solved === undefined && (await page.locator('[data-exercise]').count()) > 0) {
        solved = await solveExercise(page);
        expect(await seriousViolations(page), 'with the exercise answered').toEqual([]);
        // Give the keys back to the page, as a student would by clicking the text.
        await page.locator('.step-title').click();
      }
      // An embedded replay takes the arrows until its end: End jumps there, → then leaves it.
      if ((await page.locator('[data-lesson-player], [data-replay]').count()) > 0) await page.keyboard.press('End');
      if (step < lesson.stepCount) await page.keyboard.press('ArrowRight');
    }
    expect(solved).toBeDefined();
    // At the last step → goes nowhere.
    await page.keyboard.press('ArrowRight');
    expect(await counter(page)).toContain(`Step ${lesson.stepCount} of ${lesson.stepCount}`);
    // Progress: every step seen, the exercise solved.
    const saved = await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
    const progress = JSON.parse(saved ?? '{}') as { lessons: Record<string, { seen: number[]; solved: string[] }> };
    expect(progress.lessons[lesson.id]?.seen.length).toBe(lesson.stepCount);
    expect(progress.lessons[lesson.id]?.solved).toContain(solved);
    expect(errors).toEqual([]);
    // axe scans every step, and a step with two shaded planes has thousands of SVG elements: on a
    // busy two-core machine lesson 5's six steps take longer than the default 30 s.
  }, 90_000);

  it('a wrong answer gets a hint and a link to the step to revisit; the step survives a reload', async () => {
    const { page, errors } = await openPage('#/lesson?id=chain-rule&step=2');
    const exercise = page.locator('[data-exercise="dlnx2"]');
    await exercise.locator('[data-answer-input]').fill('1/x');
    await exercise.locator('[data-answer-input]').press('Enter');
    await expect(exercise.locator('[data-verdict="wrong"]').count()).resolves.toBe(1);
    await expect(exercise.locator('.hint').textContent()).resolves.toContain('Multiply');
    await exercise.locator('[data-revisit]').click();
    await page.waitForFunction(() => location.hash.includes('step=2'));
    expect(await counter(page)).toContain('Step 2 of');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageDown');
    await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toContain('Step 4 of');
    await page.waitForLoadState('networkidle');
    await page.reload();
    await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toContain('Step 4 of');
    expect(errors).toEqual([]);
  });

  it('presents one step per screen without the site chrome (p), and hands keys to an embedded player', async () => {
    // Step 5 of lesson 8 is the classic example's replay.
    const { page, errors } = await openPage('#/lesson?id=backprop-mlp&step=5');
    await page.keyboard.press('p');
    expect(await page.evaluate(() => document.body.classList.contains('presenting'))).toBe(true);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    const before = await page.locator('[data-step-counter]').textContent();
    await page.keyboard.press('ArrowRight');
    // The player moved, the lesson did not.
    expect(await page.locator('[data-step-counter]').textContent()).not.toBe(before);
    expect(await counter(page)).toContain('Step 5 of');
    await page.keyboard.press('p');
    expect(await page.locator('.site-header').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('discards damaged saved progress with a notice instead of failing', async () => {
    const { page, errors } = await openPage('#/lessons');
    await page.evaluate((key) => localStorage.setItem(key, '{"version": 1, "lessons": {"perceptron": {"seen": "all"}}}'), PROGRESS_KEY);
    await page.reload();
    await expect(page.locator('[data-progress-notice]').textContent()).resolves.toContain('could not be read');
    await expect(page.locator('[data-lesson-card]').count()).resolves.toBe(lessons.length);
    expect(errors).toEqual([]);
  });
});
