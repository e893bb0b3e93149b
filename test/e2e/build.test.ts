import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPage } from './browser';
import { serveStatic, type StaticServer } from './static-server';

const root = fileURLToPath(new URL('../..', import.meta.url));

let outDir: string | undefined;
let server: StaticServer | undefined;

/** Builds the app the way `npm run build` does, into a temporary directory. */
async function buildApp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tracegrad-dist-'));
  // Vitest sets NODE_ENV=test, which would make Vite build in development mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: dir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return dir;
}

beforeAll(async () => {
  outDir = await buildApp();
  server = await serveStatic(outDir, '/some/sub/path/');
});

afterAll(async () => {
  await server?.close();
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

test('the production build works from a static server under a sub-path', async () => {
  if (server === undefined) throw new Error('beforeAll did not start the static server');
  const { page, errors } = await openPage('', { baseUrl: server.url });

  // Checked first: a wrong asset path shows up here as a 404 long before any assertion below.
  expect(errors).toEqual([]);
  await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['Backpropagation, replayed']);
  await expect(page.locator('main .katex-display').count()).resolves.toBe(1);
  expect(errors).toEqual([]);
});

test('opened once, the built app opens again without a network, on any of its pages', async () => {
  if (server === undefined) throw new Error('beforeAll did not start the static server');
  const { page, errors } = await openPage('', { baseUrl: server.url });
  // The service worker keeps the build's files when it installs, then controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await page.context().setOffline(true);
  await page.goto(`${server.url}#/player?example=xor&step=5`);
  await expect(page.locator('[data-step-counter]').textContent()).resolves.toMatch(/^Step 5 of \d+$/);
  await expect(page.locator('.formula-card .katex').count()).resolves.toBeGreaterThan(0);
  await page.goto(`${server.url}#/lessons`);
  await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();
  await page.context().setOffline(false);
  expect(errors).toEqual([]);
});
