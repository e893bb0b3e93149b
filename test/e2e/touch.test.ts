import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openPage } from './browser';

const PHONE = { width: 390, height: 844 };

/**
 * A finger moving from one point to another in ten steps, sent as real touch input (Chromium's
 * DevTools protocol), so the page's touch-action and the browser's own scrolling take part.
 */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= 10; i++) {
    const point = { x: from.x + ((to.x - from.x) * i) / 10, y: from.y + ((to.y - from.y) * i) / 10 };
    await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await session.detach();
}

const counter = (page: Page) => page.locator('[data-step-counter]').innerText();

test('on a phone the player steps with its buttons and with a sideways swipe on the stage, not with a vertical one', async () => {
  const { page, errors } = await openPage('#/player', { viewport: PHONE, touch: true });
  await page.locator('[data-step-counter]').waitFor();
  await expect(counter(page)).resolves.toMatch(/^Step 1 of \d+$/);

  // The step buttons are inside the first screen, above the stage, and big enough for a finger.
  const next = page.getByRole('button', { name: 'Next step (→)' });
  const box = await next.boundingBox();
  expect(box).not.toBeNull();
  if (box === null) return;
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  await next.tap();
  await expect(counter(page)).resolves.toMatch(/^Step 2 of /);
  await page.getByRole('button', { name: 'Previous step (←)' }).tap();
  await expect(counter(page)).resolves.toMatch(/^Step 1 of /);

  // Swipes across the network picture (on the first screen): right to left is the next step,
  // left to right the previous.
  await page.locator('.stage').evaluate((stage) => stage.scrollIntoView({ block: 'start' }));
  const picture = await page.locator('.view').boundingBox();
  expect(picture).not.toBeNull();
  if (picture === null) return;
  const y = picture.y + picture.height / 2;
  await drag(page, { x: 320, y }, { x: 80, y });
  await expect.poll(() => counter(page)).toMatch(/^Step 2 of /);
  await drag(page, { x: 320, y }, { x: 80, y });
  await expect.poll(() => counter(page)).toMatch(/^Step 3 of /);
  await drag(page, { x: 80, y }, { x: 320, y });
  await expect.poll(() => counter(page)).toMatch(/^Step 2 of /);

  // A finger moving up scrolls the page and leaves the step alone; a short sideways nudge too.
  const scrolledBefore = await page.evaluate(() => scrollY);
  await drag(page, { x: 200, y: y + 200 }, { x: 215, y: y - 100 });
  await drag(page, { x: 200, y }, { x: 180, y });
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(scrolledBefore);
  await expect(counter(page)).resolves.toMatch(/^Step 2 of /);
  expect(errors).toEqual([]);
}, 60_000);

test('a sideways swipe on a box that scrolls sideways (a display formula wider than a phone) scrolls it instead of stepping', async () => {
  const { page, errors } = await openPage('#/player', { viewport: PHONE, touch: true });
  // Such a box, put at the top of the stage: wide formulas depend on the network and the step.
  await page.locator('.stage').evaluate((stage) => {
    const box = document.createElement('div');
    box.id = 'wide-box';
    box.style.cssText = 'overflow-x: auto; height: 80px';
    const content = document.createElement('div');
    content.style.cssText = 'width: 1500px; height: 70px';
    box.append(content);
    stage.prepend(box);
    stage.scrollIntoView({ block: 'start' });
  });
  const box = await page.locator('#wide-box').boundingBox();
  expect(box).not.toBeNull();
  if (box === null) return;
  const y = box.y + 40;
  await drag(page, { x: 320, y }, { x: 80, y });
  await expect.poll(() => page.locator('#wide-box').evaluate((element) => element.scrollLeft)).toBeGreaterThan(100);
  await expect(counter(page)).resolves.toMatch(/^Step 1 of /);
  expect(errors).toEqual([]);
}, 60_000);

test("a swipe on the computation graph pans it instead of stepping", async () => {
  const { page, errors } = await openPage('#/player', { viewport: PHONE, touch: true });
  await page.getByRole('tab', { name: 'Computation graph' }).tap();
  await page.locator('.viewport').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const viewport = await page.locator('.viewport').boundingBox();
  expect(viewport).not.toBeNull();
  if (viewport === null) return;
  const y = viewport.y + Math.min(100, viewport.height / 2);
  await drag(page, { x: 320, y }, { x: 80, y });
  await expect(counter(page)).resolves.toMatch(/^Step 1 of /);
  expect(errors).toEqual([]);
}, 60_000);

test('a lesson on a phone has previous and next buttons big enough for a finger', async () => {
  const { page, errors } = await openPage('#/lesson?id=perceptron&step=2', { viewport: PHONE, touch: true });
  const next = page.locator('[data-next]');
  await next.scrollIntoViewIfNeeded();
  const box = await next.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  await next.tap();
  await expect.poll(() => page.locator('[data-lesson-counter]').innerText()).toMatch(/^Step 3 of /);
  expect(errors).toEqual([]);
}, 60_000);
