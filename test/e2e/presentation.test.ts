/**
 * Presentation mode on a projector: at 1280×720 and 1920×1080 the page is the screen (nothing
 * below the fold or cut off, no scrolling), and at 1920×1080 the type reads from the back of a
 * lecture hall: formulas ≥ 32 px, the network's and layer view's numbers and the spoken line
 * ≥ 24 px. Driven with PageDown only, as with a clicker.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage } from './browser';

/** Rendered sizes in CSS pixels; SVG text is scaled by its picture's viewBox. */
async function sizes(page: Page): Promise<{ formula: number; network: number; layer: number; narration: number }> {
  return page.evaluate(() => {
    const rendered = (selector: string): number[] =>
      [...document.querySelectorAll(selector)]
        .filter((element) => element.getBoundingClientRect().height > 0)
        .map((element) => {
          const svg = element.closest('svg');
          const scale = svg === null ? 1 : svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return parseFloat(getComputedStyle(element).fontSize) * scale;
        });
    const smallest = (selector: string): number => Math.min(...rendered(selector));
    return {
      formula: smallest('.formula-card .line :is(.katex, .katex-error)'),
      network: smallest('.network-view text'),
      layer: smallest('.layer-view .katex'),
      narration: smallest('.narration'),
    };
  });
}

/** Elements drawn past the screen's edges, and how far the page scrolls. */
async function spill(page: Page): Promise<{ scroll: number[]; outside: string[] }> {
  return page.evaluate(() => ({
    scroll: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight],
    outside: [...document.querySelectorAll('main *')]
      .filter((element) => !element.closest('.katex-mathml') && element.parentElement?.closest('svg') == null)
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && (box.bottom > innerHeight + 0.5 || box.right > innerWidth + 0.5);
      })
      .map((element) => `${element.tagName}.${element.getAttribute('class') ?? ''}`),
  }));
}

/** Waits until the formula column has refitted its type (it does so in an animation frame). */
async function settle(page: Page): Promise<void> {
  await page.waitForSelector('.formula-card .line');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
}

describe('presenting the player', () => {
  it.each([
    [1280, 720],
    [1920, 1080],
  ])('at %i×%i uses the whole screen, with nothing cut off or below the fold', async (width, height) => {
    const { page, errors } = await openPage('#/player?example=classic&step=20', { viewport: { width, height } });
    await page.keyboard.press('p');
    await page.waitForSelector('.player.presenting.fitted');
    for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
    await settle(page);
    const { scroll, outside } = await spill(page);
    expect(scroll).toEqual([0, 0]);
    expect(outside).toEqual([]);
    // The bottom third of the screen is not left empty: the player reaches the bottom edge.
    const bottom = await page.locator('.player').evaluate((element) => element.getBoundingClientRect().bottom);
    expect(bottom).toBeGreaterThan(height - 24);
    expect(errors).toEqual([]);
  });

  it('at 1920×1080 sets formulas ≥ 32 px and numbers and the spoken line ≥ 24 px', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=20', { viewport: { width: 1920, height: 1080 } });
    await page.keyboard.press('p');
    await page.waitForSelector('.player.presenting.fitted');
    for (const presses of [0, 5, 20]) {
      for (let i = 0; i < presses; i++) await page.keyboard.press('PageDown');
      await settle(page);
      const measured = await sizes(page);
      expect(measured.formula).toBeGreaterThanOrEqual(32);
      expect(measured.network).toBeGreaterThanOrEqual(24);
      expect(measured.layer).toBeGreaterThanOrEqual(24);
      expect(measured.narration).toBeGreaterThanOrEqual(24);
    }
    expect(errors).toEqual([]);
  });
});

describe('presenting a lesson', () => {
  it.each([
    [1280, 720],
    [1920, 1080],
  ])('at %i×%i is a deck: each step one screen, the player stepped one stop per PageDown, then the next step', async (width, height) => {
    const { page, errors } = await openPage('#/lesson?id=backprop-mlp&step=4', { viewport: { width, height } });
    await page.waitForSelector('[data-lesson-counter]');
    await page.keyboard.press('p');
    await page.waitForSelector('.lesson.presenting');
    for (const presses of [0, 1]) {
      for (let i = 0; i < presses; i++) await page.keyboard.press('PageDown');
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
      const { scroll, outside } = await spill(page);
      expect(scroll).toEqual([0, 0]);
      expect(outside).toEqual([]);
    }
    // Step 5 holds the player: stop 1 on arrival, one stop per PageDown, the URL keeping it.
    await page.waitForSelector('[data-lesson-player]');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await settle(page);
    await page.waitForFunction(() => location.hash.includes('stop=3'));
    expect(await page.evaluate(() => location.hash)).toBe('#/lesson?id=backprop-mlp&step=5&stop=3');
    const { scroll, outside } = await spill(page);
    expect(scroll).toEqual([0, 0]);
    expect(outside).toEqual([]);
    if (width === 1920) {
      const measured = await sizes(page);
      expect(measured.formula).toBeGreaterThanOrEqual(32);
      expect(measured.network).toBeGreaterThanOrEqual(24);
      expect(measured.layer).toBeGreaterThanOrEqual(24);
      expect(measured.narration).toBeGreaterThanOrEqual(24);
    }
    // End, then one more PageDown: the next step of the lesson, not a stuck player.
    await page.keyboard.press('End');
    await page.keyboard.press('PageDown');
    await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 6 of/);
    // Back: the player's last stop.
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => /stop=\d+$/.test(location.hash));
    const stops = await page.locator('[data-step-counter]').textContent();
    const [, shown, count] = /(\d+) of (\d+)/.exec(stops ?? '') ?? [];
    expect(shown).toBe(count);
    expect(errors).toEqual([]);
  });

  it('opens a link to a stop of the lesson’s player there', async () => {
    const { page, errors } = await openPage('#/lesson?id=backprop-mlp&step=5&stop=12');
    await page.waitForSelector('[data-step-counter]');
    await expect(page.locator('[data-step-counter]').textContent()).resolves.toMatch(/^Step 12 of/);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash.endsWith('stop=13'));
    expect(errors).toEqual([]);
  });
});

describe('presenting the playground', () => {
  it.each([
    [1280, 720],
    [1920, 1080],
  ])('at %i×%i fills the screen with the network and the output, in large neuron tiles', async (width, height) => {
    const { page, errors } = await openPage('#/playground', { viewport: { width, height } });
    await page.waitForSelector('[data-network] .neuron');
    const tile = () => page.locator('[data-network] .neuron').first().evaluate((element) => element.getBoundingClientRect().width);
    const before = await tile();
    await page.keyboard.press('p');
    await page.waitForSelector('.playground.presenting');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
    const { scroll, outside } = await spill(page);
    expect(scroll).toEqual([0, 0]);
    expect(outside).toEqual([]);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    // The tiles grow with the screen (38 px on the page).
    expect(await tile()).toBeGreaterThan(width === 1920 ? before * 2 : before * 1.3);
    const plot = await page.locator('.output').evaluate((element) => element.getBoundingClientRect());
    expect(plot.bottom).toBeLessThanOrEqual(height);
    expect(plot.height).toBeGreaterThan(height * 0.6);
    await page.keyboard.press('p');
    await page.waitForSelector('.playground:not(.presenting)');
    expect(errors).toEqual([]);
  });
});


describe('the graph view at Fit', () => {
  it('shows the graph neuron by neuron when fitting it whole would write its numbers under 12 px', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=20&view=graph', { viewport: { width: 1280, height: 720 } });
    const fit = page.getByRole('button', { name: 'Fit the whole graph in view' });
    await fit.waitFor();
    const collapseAll = page.getByRole('button', { name: 'Collapse all' });
    expect(await collapseAll.isDisabled()).toBe(false);
    // Expanded and fitted at 1280×720, a record's 13 px numbers are drawn well under 12 px.
    const scale = () =>
      page.evaluate(() => {
        const group = document.querySelector('.graph-view svg > g') as SVGGraphicsElement;
        return group.getBoundingClientRect().width / group.getBBox().width;
      });
    expect(13 * (await scale())).toBeLessThan(12);
    await fit.click();
    await page.waitForFunction(() => (document.querySelector('button[title="Collapse every neuron"]') as HTMLButtonElement).disabled);
    expect(await page.getByRole('button', { name: 'Expand all' }).isDisabled()).toBe(false);
    expect(errors).toEqual([]);
  });
});
