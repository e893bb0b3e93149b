/**
 * `npm run bench:mnist:browser [-- --epochs 1] [--cores 1,2]`: the MNIST page's training in headless
 * Chromium, as a person would run it: 784-128-10 ReLU, Adam 1e-3, batch 64 (the page's defaults)
 * over all 60,000 training digits, in the page's Web Worker. Runs once per core count asked for: two
 * cores from the dev server as configured (cross-origin isolated, so the worker starts its helper),
 * one core from the same server without the isolation headers, as a plain static host would serve
 * it. Prints which kernels the page says it trains with, the time from pressing Start to the first
 * frame of training, each epoch's training seconds (as the worker measures them) and the test
 * accuracy. Not a test: it takes a few seconds per epoch.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createServer } from 'vite';

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '1' }, cores: { type: 'string', default: '1,2' } } });
const coreCounts = values.cores.split(',').map((count) => {
  if (count !== '1' && count !== '2') throw new Error(`--cores takes 1, 2 or 1,2, not ${values.cores}`);
  return Number(count);
});
const root = fileURLToPath(new URL('..', import.meta.url));

/** Headers that override vite.config.ts's cross-origin isolation, leaving the page one core. */
const NOT_ISOLATED = { 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cross-Origin-Embedder-Policy': 'unsafe-none' };

async function trainInPage(browser: Browser, cores: number): Promise<void> {
  const server = await createServer({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, watch: null, ...(cores === 1 ? { headers: NOT_ISOLATED } : {}) },
  });
  await server.listen();
  try {
    const address = server.httpServer?.address();
    if (address === null || address === undefined || typeof address === 'string') throw new Error('the dev server has no TCP address');
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const loadStarted = performance.now();
    await page.goto(`http://127.0.0.1:${address.port}/#/mnist`);
    await page.getByText('digits ready').waitFor({ timeout: 120_000 });
    const kernels = await page.getByTestId('cores').innerText();
    console.log(`${cores === 1 ? 'one core' : 'two cores'} asked for; the page says: ${kernels}`);
    console.log(`data downloaded and decoded ${((performance.now() - loadStarted) / 1000).toFixed(1)} s after opening the page (dev server, first visit)`);

    await page.getByLabel('Epochs', { exact: true }).fill(values.epochs);
    await page.getByRole('button', { name: 'Start' }).click();
    const firstFrame = page.locator('[data-first-frame-ms]');
    await firstFrame.waitFor({ timeout: 10_000 });
    console.log(`first frame of training ${await firstFrame.getAttribute('data-first-frame-ms')} ms after pressing Start`);
    // Polled four times a second rather than with a text locator, which keeps re-matching the
    // page's text while it waits: the measuring should take as little CPU from training as it can.
    const finished = (): boolean => [...document.querySelectorAll('.notice')].some((notice) => /^Finished \d+ epochs?\.$/.test(notice.textContent ?? ''));
    await page.waitForFunction(finished, undefined, { polling: 250, timeout: 600_000 });
    const rows = await page.getByTestId('epochs').locator('tbody tr').allInnerTexts();
    const backend = kernels.includes('two cores') ? 'two cores' : 'one core';
    for (const row of rows) {
      const [epoch, seconds, trainLoss, , testAccuracy] = row.split('\t');
      console.log(`${backend}: 784-128-10 relu, adam 1e-3, batch 64, 60,000 digits: epoch ${epoch}: ${seconds} s in the worker, train loss ${trainLoss}, test accuracy ${testAccuracy}`);
    }
    await page.close();
  } finally {
    await server.close();
  }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(process.env.CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean)],
});
try {
  console.log(`Chromium ${browser.version()}, load average ${loadavg()[0]!.toFixed(2)} before the first run`);
  for (const cores of coreCounts) await trainInPage(browser, cores);
} finally {
  await browser.close();
}
