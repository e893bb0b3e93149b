import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { seriousViolations } from './axe';
import { openPage } from './browser';

/** Draws a "1" on the pad: one vertical stroke down the middle, with mouse events. */
async function drawOne(page: Page): Promise<void> {
  const pad = page.getByLabel('Drawing pad: draw a digit with the mouse, a finger or a pen');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * step));
  await page.mouse.up();
}

test('the MNIST page trains on a subset in a worker, shows progress and a confusion matrix, and reads a drawn digit', async () => {
  // 1,000 training digits and 2 epochs: a couple of seconds of training.
  const { page, errors } = await openPage('#/mnist?limit=1000');
  await expect(page.locator('h1').innerText()).resolves.toBe('MNIST: backprop on real digits');
  await page.getByText('digits ready').waitFor({ timeout: 60_000 });

  // The pretrained model reads drawings before any training.
  await drawOne(page);
  await expect(page.getByTestId('prediction').innerText()).resolves.toBe('1');

  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByText(/Epoch \d of 2, batch \d+ of 16/).waitFor({ timeout: 10_000 });
  await page.getByText('Finished 2 epochs.').waitFor({ timeout: 60_000 });
  await expect(page.getByRole('table', { name: /Confusion matrix after epoch 2/ }).locator('tbody tr').count()).resolves.toBe(10);
  await expect(page.getByTestId('epochs').locator('tbody tr').count()).resolves.toBe(2);
  // No NaN anywhere in the plots.
  await expect(page.locator('svg path[d*="NaN"]').count()).resolves.toBe(0);
  // The pad now predicts with the freshly trained network.
  await page.getByText(/Model: epoch 2 of this run, 784-128-10/).waitFor();
  // Everything the run drew (plots, confusion matrix, digit grid, weight images) is readable.
  expect(await seriousViolations(page)).toEqual([]);

  // Step into one digit: the player replays its recorded trace through the trained 784-128-10
  // network, layer by layer, with the layer view as its picture.
  await page.getByRole('button', { name: 'Step into this digit' }).click();
  const player = page.locator('[data-digit-player]');
  await player.waitFor({ timeout: 30_000 });
  await expect(player.getByLabel('Step by').inputValue()).resolves.toBe('layer');
  await expect(player.locator('[data-too-wide]').innerText()).resolves.toContain('784–128–10 network is too wide to draw');
  await expect(page.locator('[data-agreement]').innerText()).resolves.toMatch(/^✓ Both engines agree/);
  const layerView = player.locator('.layer-view');
  await expect(layerView.locator('h2').innerText()).resolves.toBe('Layer view: Layer 1, forward');
  // Forward layer 2, the loss, the start of backward, then backward through layer 2: δ^{[2]} = ŷ − y.
  for (let press = 0; press < 4; press++) await page.keyboard.press('ArrowRight');
  await layerView.getByRole('heading', { name: 'Layer view: Layer 2, backward' }).waitFor({ timeout: 10_000 });
  await expect(layerView.locator('[data-shapes]').innerText()).resolves.toContain('B×784 → B×128 → B×10 with B = 64');
  const tex = await layerView.locator('annotation').allTextContents();
  // One equality to a line (stackedEqualities): δ^{[2]} = ŷ − y, then its numbers.
  expect(tex.some((line) => line.includes('\\delta^{[2]} &= (\\hat{y} - y) \\\\ &= \\begin{bmatrix}'))).toBe(true);
  expect(tex.some((line) => line.includes('\\underbrace{(z^{[1]})^{\\mathsf T}}_{1\\times 128}'))).toBe(true);
  await expect(player.locator('[data-step-counter]').innerText()).resolves.toBe('Step 5 of 11');
  expect(errors).toEqual([]);
}, 150_000);

test('a learning rate of 10 pauses training with the reason, and keeps NaN out of the plots', async () => {
  const { page, errors } = await openPage('#/mnist?limit=1000');
  await page.getByText('digits ready').waitFor({ timeout: 60_000 });
  await page.getByLabel('Optimizer').selectOption('sgd');
  await page.getByLabel('Learning rate α').fill('10');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert').innerText({ timeout: 10_000 })).resolves.toMatch(/^Training paused: training diverged in epoch 1, batch \d+/);
  await expect(page.getByRole('button', { name: 'Resume' }).isDisabled()).resolves.toBe(true);
  await expect(page.locator('svg path[d*="NaN"]').count()).resolves.toBe(0);
  expect(errors).toEqual([]);
}, 60_000);

test('on a phone the drawn digit\'s ten percentages each stay on one line, the bars in line, and the page does not scroll sideways', async () => {
  const { page, errors } = await openPage('#/mnist?limit=1000', { viewport: { width: 390, height: 844 } });
  await page.getByText('digits ready').waitFor({ timeout: 60_000 });
  await drawOne(page);
  await expect(page.getByTestId('prediction').innerText()).resolves.toBe('1');
  const rows = page.getByRole('list', { name: 'Probability of each digit' }).locator('li');
  await expect(rows.count()).resolves.toBe(10);
  // The pretrained model gives some digits a probability like "3.724e-4 %", the longest a percentage gets.
  const geometry = await rows.evaluateAll((items) => items.map((item) => {
    const value = item.querySelector('.value')!;
    const track = item.querySelector('.track')!.getBoundingClientRect();
    return { valueHeight: value.getBoundingClientRect().height, fontSize: parseFloat(getComputedStyle(value).fontSize), trackLeft: track.left, trackRight: track.right };
  }));
  for (const { valueHeight, fontSize } of geometry) expect(valueHeight).toBeLessThan(2 * fontSize);
  expect(new Set(geometry.map(({ trackLeft, trackRight }) => `${trackLeft},${trackRight}`)).size).toBe(1);
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(390);
  expect(errors).toEqual([]);
});
