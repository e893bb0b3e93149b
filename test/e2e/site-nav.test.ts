/**
 * The site's navigation is in the header of every page, with the page on screen marked; the home
 * page's first screen steps the classic example with → and links to the full player and lesson 8.
 */
import { describe, expect, it } from 'vitest';
import { findExample } from '../../src/data/examples';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { computeStops } from '../../src/ui/player/stops';
import { seriousViolations } from './axe';
import { openPage } from './browser';

const NAV = ['Player', 'Lessons', 'Playground', 'Expression lab', 'MNIST', 'Check answers', 'Problem sets'];

describe('the site navigation', () => {
  it.each([
    ['#/', undefined],
    ['#/player?example=classic', 'Player'],
    ['#/lessons', 'Lessons'],
    ['#/lesson?id=backprop-mlp', 'Lessons'],
    ['#/playground', 'Playground'],
    ['#/expression', 'Expression lab'],
    ['#/mnist', 'MNIST'],
    ['#/check', 'Check answers'],
    ['#/problem-set', 'Problem sets'],
  ])('%s has every link in its header, with %s marked as the current page', async (path, current) => {
    const { page, errors } = await openPage(path);
    const nav = page.locator('header').getByRole('navigation', { name: 'Site' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(NAV);
    const marked = nav.locator('[aria-current="page"]');
    expect(await marked.allInnerTexts()).toEqual(current === undefined ? [] : [current]);
    // Every link leads to a page of the site, not to "Page not found".
    if (current !== undefined) {
      await marked.click();
      await page.locator('main h1').first().waitFor();
      expect(await page.locator('main h1').first().innerText()).not.toBe('Page not found');
    }
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('the home page', () => {
  it('steps the classic example with → and the Next button, and opens the same stop in the full player', async () => {
    const trace = new Trace(traceProblem(findExample('classic')!.problem).trace);
    const stops = computeStops(trace, 'op');
    const { page, errors } = await openPage('#/');
    const compact = page.locator('[data-compact-player]');
    const counter = compact.locator('[data-compact-counter]');
    expect(await counter.textContent()).toBe(`Step 1 of ${stops.length}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe(`Step 3 of ${stops.length}`);
    expect(await compact.locator('.formula-card [data-line="result"]').getAttribute('data-tex')).toContain('0.5933');
    await compact.getByRole('button', { name: 'Next step (→)' }).click();
    expect(await counter.textContent()).toBe(`Step 4 of ${stops.length}`);
    await page.keyboard.press('ArrowLeft');
    expect(await counter.textContent()).toBe(`Step 3 of ${stops.length}`);
    await page.locator('[data-open-full-player]').click();
    await page.locator('.player').waitFor();
    expect(new URL(page.url()).hash).toBe('#/player?example=classic&step=3');
    expect(await page.locator('.player .formula-card [data-line="result"]').getAttribute('data-tex')).toContain('0.5933');
    await page.goBack();
    await page.getByRole('link', { name: /Lesson 8/ }).click();
    await page.locator('main h1', { hasText: 'Backprop' }).waitFor();
    // The cards of "Who it is for" are links.
    await page.goto(new URL('#/', page.url()).href);
    const cards = page.locator('section[aria-labelledby="audience-title"] a');
    expect(await cards.count()).toBe(3);
    // The navigation, the compact player and the card links pass an accessibility scan.
    await page.locator('[data-compact-player]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
