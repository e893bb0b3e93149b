/**
 * `npm run bench:playground [-- --json]`: the playground's frame rate while it trains the largest
 * network it allows (all seven features, six hidden layers of eight neurons) on the spiral, in
 * headless Chromium, twice: from the production build (what users get) and from the Vite dev server
 * (what `npm start` and the tests use, with Svelte's development checks). Counts animation frames
 * for five seconds of training and prints frames per second, the median and 95th-percentile frame
 * time, and epochs per second. Issue 6 sets the target: at least 30 frames a second.
 */
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer } from 'vite';
import { serveStatic } from '../test/e2e/static-server';
import { defaultSettings, encodeSettings, normalize } from '../src/ui/playground/settings';
import { FEATURE_NAMES } from '../src/ui/playground/features';

const TARGET_FPS = 30;
const SECONDS = 5;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Measurement {
  fps: number;
  medianFrameMs: number;
  p95FrameMs: number;
  epochsPerSecond: number;
}

async function measure(baseUrl: string): Promise<Measurement> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const settings = normalize({ ...defaultSettings(), data: 'spiral', features: [...FEATURE_NAMES], hidden: [8, 8, 8, 8, 8, 8], activation: 'tanh', lr: 0.03, batch: 10 });
    await page.goto(`${baseUrl}#/playground?${encodeSettings(settings)}`);
    await page.locator('[data-play]').waitFor();
    const epochAt = async (): Promise<number> => Number(await page.locator('[data-epoch]').textContent());
    await page.locator('[data-play]').click();
    // A second of warm-up: the JIT, the first layouts.
    await page.waitForTimeout(1000);
    const firstEpoch = await epochAt();
    // Sent as source text: tsx would wrap a function's inner helpers in its own __name(), which
    // does not exist in the page.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const times = [];
      const start = performance.now();
      function tick(now) {
        times.push(now);
        if (now - start < ${SECONDS * 1000}) requestAnimationFrame(tick);
        else resolve(times);
      }
      requestAnimationFrame(tick);
    })`)) as number[];
    const lastEpoch = await epochAt();
    const gaps = frames.slice(1).map((time, i) => time - frames[i]!).sort((a, b) => a - b);
    const span = (frames[frames.length - 1]! - frames[0]!) / 1000;
    return {
      fps: (frames.length - 1) / span,
      medianFrameMs: gaps[Math.floor(gaps.length / 2)]!,
      p95FrameMs: gaps[Math.floor(gaps.length * 0.95)]!,
      epochsPerSecond: (lastEpoch - firstEpoch) / span,
    };
  } finally {
    await browser.close();
  }
}

async function measureBuild(): Promise<Measurement> {
  const dir = await mkdtemp(join(tmpdir(), 'tracegrad-bench-dist-'));
  await build({ root, configFile: `${root}vite.config.ts`, logLevel: 'warn', mode: 'production', build: { outDir: dir, emptyOutDir: true } });
  const server = await serveStatic(dir, '/');
  try {
    return await measure(server.url);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureDev(): Promise<Measurement> {
  const server = await createServer({ root, configFile: `${root}vite.config.ts`, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, watch: null } });
  await server.listen();
  const address = server.httpServer?.address();
  try {
    if (address === null || address === undefined || typeof address === 'string') throw new Error('the Vite dev server reported no TCP address');
    return await measure(`http://127.0.0.1:${address.port}/`);
  } finally {
    await server.close();
  }
}

const results = { build: await measureBuild(), dev: await measureDev() };
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
else {
  console.log(`playground, 7 features → 6×8 tanh → 1, spiral (300 points, batch 10), ${SECONDS} s of training in Chromium:`);
  for (const [name, result] of [['production build', results.build], ['dev server', results.dev]] as const) {
    console.log(`  ${name}: ${result.fps.toFixed(1)} frames per second (target ≥ ${TARGET_FPS}: ${result.fps >= TARGET_FPS ? 'met' : 'NOT met'}), ` +
      `frame time median ${result.medianFrameMs.toFixed(1)} ms, 95th percentile ${result.p95FrameMs.toFixed(1)} ms, ${result.epochsPerSecond.toFixed(1)} epochs per second`);
  }
}
