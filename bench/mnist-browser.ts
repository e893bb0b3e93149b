/**
 * `npm run bench:mnist:browser [-- --epochs 1]`: the MNIST page's training in headless Chromium, as a
 * person would run it: 784-128-10 ReLU, Adam 1e-3, batch 64 (the page's defaults) over all 60,000
 * training digits, in the page's Web Worker with the single-core WebAssembly SIMD kernels. Prints
 * the time from pressing Start to the first frame of training, each epoch's training seconds (as the
 * worker measures them) and the test accuracy. Not a test: it takes a few seconds per epoch.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '1' } } });
const root = fileURLToPath(new URL('..', import.meta.url));

const server = await createServer({ root, configFile: `${root}vite.config.ts`, logLevel: 'error', server: { host: '127.0.0.1', port: 0, watch: null } });
await server.listen();
const address = server.httpServer?.address();
if (address === null || address === undefined || typeof address === 'string') throw new Error('the dev server has no TCP address');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(process.env.CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean)],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const loadStarted = performance.now();
  await page.goto(`http://127.0.0.1:${address.port}/#/mnist`);
  await page.getByText('digits ready').waitFor({ timeout: 120_000 });
  console.log(`${await browser.version()}: data downloaded and decoded ${((performance.now() - loadStarted) / 1000).toFixed(1)} s after opening the page (dev server, first visit)`);

  await page.getByLabel('Epochs', { exact: true }).fill(values.epochs);
  await page.getByRole('button', { name: 'Start' }).click();
  const firstFrame = page.locator('[data-first-frame-ms]');
  await firstFrame.waitFor({ timeout: 10_000 });
  console.log(`first frame of training ${await firstFrame.getAttribute('data-first-frame-ms')} ms after pressing Start`);
  await page.getByText(/^Finished \d+ epochs?\.$/).waitFor({ timeout: 600_000 });
  const rows = await page.getByTestId('epochs').locator('tbody tr').allInnerTexts();
  for (const row of rows) {
    const [epoch, seconds, trainLoss, , testAccuracy] = row.split('\t');
    console.log(`784-128-10 relu, adam 1e-3, batch 64, 60,000 digits: epoch ${epoch}: ${seconds} s in the worker, train loss ${trainLoss}, test accuracy ${testAccuracy}`);
  }
} finally {
  await browser.close();
  await server.close();
}
