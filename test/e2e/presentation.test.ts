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
      formula: smallest('.formula-card .line .katex'),
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
  await page.waitForSelector('.formula-card .katex');
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
