import { expect, test } from 'vitest';
import { openPage } from './browser';

test('the digit drawn on the pad can be stepped into: its recorded trace reads the drawing and predicts what the pad predicts', async () => {
  // The pretrained model reads the pad; no training is needed.
  const { page, errors } = await openPage('#/mnist?limit=1000');
  const pad = page.getByLabel('Drawing pad: draw a digit with the mouse, a finger or a pen');
  await pad.scrollIntoViewIfNeeded();
  await page.getByText(/^Model: /).first().waitFor({ timeout: 60_000 });
  const box = (await pad.boundingBox())!;
  // A "7": a bar across the top, then a stroke down to the lower left, with mouse events.
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let step = 1; step <= 8; step++) await page.mouse.move(box.x + box.width * (0.25 + 0.06 * step), box.y + box.height * 0.2);
  for (let step = 1; step <= 10; step++) await page.mouse.move(box.x + box.width * (0.73 - 0.03 * step), box.y + box.height * (0.2 + 0.065 * step));
  await page.mouse.up();
  const padPrediction = await page.getByTestId('prediction').innerText();
  expect(padPrediction).toMatch(/^\d$/);

  // The target defaults to the pad's guess.
  await expect(page.getByLabel('Your drawing is a').inputValue()).resolves.toBe(padPrediction);
  await page.getByRole('button', { name: 'Step into your drawing' }).click();
  const drawn = page.getByRole('region', { name: 'Draw a digit' });
  const player = drawn.locator('[data-digit-player]');
  await player.waitFor({ timeout: 60_000 });
  await expect(player.getAttribute('aria-label')).resolves.toBe('Replay of your drawing');
  await expect(player.getByLabel('Step by').inputValue()).resolves.toBe('layer');
  await expect(player.locator('[data-step-counter]').innerText()).resolves.toBe('Step 1 of 11');
  await expect(drawn.locator('[data-agreement]').innerText()).resolves.toMatch(/^✓ Both engines agree/);
  // The recorded trace's ŷ picks the class the pad picked: the same network on the same input.
  await expect(drawn.locator('[data-predicted]').innerText()).resolves.toBe(padPrediction);
  await expect(drawn.locator('[data-target]').innerText()).resolves.toBe(padPrediction);

  // The picture of the stepped-into digit is the pad's 28×28 input, pixel for pixel, and not blank.
  const [seen, stepped] = await page.evaluate(() => {
    const ink = (label: string): number[] => {
      const canvas = document.querySelector<HTMLCanvasElement>(`canvas[aria-label^="${label}"]`)!;
      return Array.from(canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data.filter((_, i) => i % 4 === 3));
    };
    return [ink('The drawing as the network sees it'), ink('Your drawing, a ')];
  });
  expect(seen.filter((alpha) => alpha > 0).length).toBeGreaterThan(20);
  expect(stepped).toEqual(seen);

  // Another target re-records with that class as y: the output layer's δ changes, the prediction does not.
  const other = padPrediction === '3' ? '5' : '3';
  await page.getByLabel('Your drawing is a').selectOption(other);
  await page.getByRole('button', { name: 'Step into your drawing' }).click();
  await drawn.locator('[data-target]', { hasText: other }).waitFor({ timeout: 60_000 });
  await drawn.locator('[data-predicted]').waitFor({ timeout: 60_000 });
  await expect(drawn.locator('[data-predicted]').innerText()).resolves.toBe(padPrediction);
  await expect(drawn.locator('p:has([data-target])').innerText()).resolves.toBe(`Your drawing: taken as a ${other}, predicted ${padPrediction} (a mistake).`);

  await page.setViewportSize({ width: 1280, height: 720 });
  await player.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/16/mnist-drawn-1280.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Step into your drawing' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/16/mnist-drawn-390.png' });
  expect(errors).toEqual([]);
}, 180_000);
