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

  it.each(['network', 'graph', 'layers'])('on a phone (390×844) the %s view and the explanation each keep their own part of the screen', async (view) => {
    const { page, errors } = await openPage(`#/player?example=classic&view=${view}`, { viewport: { width: 390, height: 844 } });
    await page.keyboard.press('p');
    await page.waitForSelector('.player.presenting.fitted');
    for (let i = 0; i < 25; i++) await page.keyboard.press('PageDown');
    await settle(page);
    const boxes = await page.evaluate(() => {
      const box = (selector: string) => {
        const rect = document.querySelector(selector)!.getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, height: rect.height };
      };
      // The graph's records are HTML over its SVG, so they are what would spill over the card.
      const records = [...document.querySelectorAll('.graph-view .viewport *')].map((element) => element.getBoundingClientRect()).filter((rect) => rect.height > 0);
      return { picture: box('.picture'), explain: box('.explain'), lowestRecord: Math.max(...records.map((rect) => rect.bottom), -Infinity) };
    });
    expect(boxes.picture.height).toBeGreaterThan(150);
    expect(boxes.picture.bottom).toBeLessThanOrEqual(boxes.explain.top);
    if (view === 'graph') expect(boxes.lowestRecord).toBeLessThanOrEqual(boxes.picture.bottom);
    expect((await spill(page)).scroll).toEqual([0, 0]);
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
    // The tiles grow with the screen (38 px on the page). The zoom is refitted a frame after each
    // resize it causes, so on a loaded machine it may take a few frames to settle: polled for.
    await expect.poll(tile).toBeGreaterThan(width === 1920 ? before * 2 : before * 1.3);
    const { scroll, outside } = await spill(page);
    expect(scroll).toEqual([0, 0]);
    expect(outside).toEqual([]);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    const plot = await page.locator('.output').evaluate((element) => element.getBoundingClientRect());
    expect(plot.bottom).toBeLessThanOrEqual(height);
    expect(plot.height).toBeGreaterThan(height * 0.6);
    await page.keyboard.press('p');
    await page.waitForSelector('.playground:not(.presenting)');
    expect(errors).toEqual([]);
  });
});


describe('the graph view, fitted', () => {
  /** What the graph draws now: its numbers' smallest rendered size, and whether the step's record is in view. */
  function drawn(page: Page): Promise<{ numbers: number; smallest: number; currentInView: boolean; tooBig: boolean }> {
    return page.evaluate(() => {
      const texts = [...document.querySelectorAll<SVGTextElement>('.graph-view text.number')].filter((text) => (text.textContent ?? '').trim() !== '');
      // The font size times the picture's scale on screen (its transform's x scale).
      const px = texts.map((text) => text.getScreenCTM()!.a * parseFloat(getComputedStyle(text).fontSize));
      const viewport = document.querySelector('.graph-view .viewport')!.getBoundingClientRect();
      const current = document.querySelector('.graph-view .record.current .frame')!.getBoundingClientRect();
      return {
        numbers: texts.length,
        smallest: Math.min(...px),
        currentInView: current.left >= viewport.left && current.right <= viewport.right && current.top >= viewport.top && current.bottom <= viewport.bottom,
        tooBig: document.querySelector('.graph-view [data-too-big]') !== null,
      };
    });
  }

  /** The zoom at which the drawn graph would fit its viewport (16 px padding), from the page itself. */
  function fitZoom(page: Page): Promise<number> {
    return page.evaluate(() => {
      const group = document.querySelector('.graph-view svg > g') as SVGGraphicsElement;
      const box = group.getBBox();
      const viewport = document.querySelector('.graph-view .viewport')!.getBoundingClientRect();
      return Math.min((viewport.width - 32) / box.width, (viewport.height - 32) / box.height);
    });
  }

  it.each([
    ['classic', 1280, 720],
    ['classic', 1920, 1080],
    ['deep', 1280, 720],
    ['deep', 1920, 1080],
  ])('%s at %i×%i: opened, expanded and after Fit, no number is drawn under 12 px, and the step stays in view', async (example, width, height) => {
    const { page, errors } = await openPage(`#/player?example=${example}&step=20&view=graph`, { viewport: { width, height } });
    await page.getByRole('button', { name: 'Fit the whole graph in view' }).waitFor();
    // Opened fitted: collapsed to neurons, since expanded it could not fit with 12 px numbers (checked below).
    expect(await page.getByRole('button', { name: 'Collapse all' }).isDisabled()).toBe(true);
    let now = await drawn(page);
    expect(now.numbers).toBeGreaterThan(0);
    expect(now.smallest).toBeGreaterThanOrEqual(11.99);
    expect(now.currentInView).toBe(true);
    // Collapsed it still cannot fit at 12 px here: it is not shrunk, and the toolbar says so.
    expect(12 * (await fitZoom(page))).toBeLessThan(12);
    expect(now.tooBig).toBe(true);

    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.waitForFunction(() => !(document.querySelector('button[title="Collapse every neuron"]') as HTMLButtonElement).disabled);
    expect(12 * (await fitZoom(page))).toBeLessThan(12);
    now = await drawn(page);
    expect(now.smallest).toBeGreaterThanOrEqual(11.99);
    expect(now.currentInView).toBe(true);

    // The view follows the step while it is fitted.
    const summary = () => page.evaluate(() => document.querySelector('.graph-view svg[role="img"]')!.getAttribute('aria-label'));
    const before = await summary();
    await page.getByRole('button', { name: 'Next step (→)' }).click();
    await expect.poll(summary).not.toBe(before);
    expect((await drawn(page)).currentInView).toBe(true);

    await page.getByRole('button', { name: 'Fit the whole graph in view' }).click();
    await page.waitForFunction(() => (document.querySelector('button[title="Collapse every neuron"]') as HTMLButtonElement).disabled);
    now = await drawn(page);
    expect(now.smallest).toBeGreaterThanOrEqual(11.99);
    expect(now.currentInView).toBe(true);
    expect(errors).toEqual([]);
  });
});
