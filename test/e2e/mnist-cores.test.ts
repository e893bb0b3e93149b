import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { expect, test } from 'vitest';
import { openPage } from './browser';

test('the dev server is cross-origin isolated, so the MNIST worker trains on two cores', async () => {
  const { page, errors } = await openPage('#/mnist?limit=1000');
  await expect(page.evaluate(() => crossOriginIsolated)).resolves.toBe(true);
  await page.getByText('digits ready').waitFor({ timeout: 60_000 });
  await expect(page.getByTestId('cores').innerText()).resolves.toBe('Training on two cores.');

  // 16 batches of 64: each forward and weight-gradient product is large enough to be split.
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByText('Finished 1 epoch.').waitFor({ timeout: 60_000 });
  await expect(page.getByTestId('epochs').locator('tbody tr').count()).resolves.toBe(1);
  expect(errors).toEqual([]);
}, 90_000);

test('served without the isolation headers, the MNIST page says it trains on one core, and why', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // What a plain static host does: no Cross-Origin-Opener-Policy or -Embedder-Policy.
  const headers = { 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cross-Origin-Embedder-Policy': 'unsafe-none' };
  const server = await createServer({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: true, watch: null, headers },
  });
  await server.listen();
  try {
    const address = server.httpServer?.address();
    if (address === null || address === undefined || typeof address === 'string') throw new Error('the dev server has no TCP address');
    const { page, errors } = await openPage('#/mnist?limit=1000', { baseUrl: `http://127.0.0.1:${address.port}/` });
    await expect(page.evaluate(() => crossOriginIsolated)).resolves.toBe(false);
    await page.getByText('digits ready').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('cores').innerText()).resolves.toBe('Training on one core: this page is not cross-origin isolated, so the browser gives it no SharedArrayBuffer for two threads to share.');
    expect(errors).toEqual([]);
  } finally {
    await server.close();
  }
}, 90_000);
