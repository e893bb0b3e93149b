/**
 * The built app offline and across a redeploy, against the two kinds of server a person uses:
 * `vite preview` (which sends `Vary: Origin` and answers any missing file with index.html) and a
 * plain static server (which answers a missing file with 404).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openPage } from './browser';
import { serveStatic, type StaticServer } from './static-server';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the app as `npm run build` does. `release` goes into the names of the scripts, as a new
 * version's content hashes would: every chunk of the first build is gone from the second.
 */
async function buildApp(outDir: string, release: string): Promise<void> {
  // Vitest sets NODE_ENV=test, which would make Vite build in development mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        rolldownOptions: { output: { entryFileNames: `assets/[name]-${release}-[hash].js`, chunkFileNames: `assets/[name]-${release}-[hash].js` } },
      },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** `vite preview` of `outDir` on `port` (0: any free port). */
async function startPreview(outDir: string, port = 0): Promise<{ server: PreviewServer; url: string; port: number }> {
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: port !== 0, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('vite preview has no TCP port');
  return { server, url: `http://127.0.0.1:${address.port}/`, port: address.port };
}

async function stopPreview(server: PreviewServer): Promise<void> {
  // Open keep-alive connections would otherwise keep answering the page after the "stop".
  const http = server.httpServer;
  if ('closeAllConnections' in http) http.closeAllConnections();
  await server.close();
}

let firstBuild = '';
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  firstBuild = await mkdtemp(join(tmpdir(), 'tracegrad-offline-'));
  await buildApp(firstBuild, 'first');
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await rm(firstBuild, { recursive: true, force: true });
});

/** A copy of the first build that a test may redeploy over. */
async function deployment(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tracegrad-deployed-'));
  await cp(firstBuild, dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function whenControlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Scripts the page loaded that came back as HTML (a server's fallback page instead of the file). */
function htmlScripts(page: Page): string[] {
  const found: string[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if ((type === 'script' || type === 'stylesheet') && (response.headers()['content-type'] ?? '').startsWith('text/html')) found.push(response.url());
  });
  return found;
}

test('one visit under vite preview, the server stopped, a reload: the app, not a blank page', async () => {
  const { server, url } = await startPreview(firstBuild);
  let running = true;
  cleanups.push(async () => {
    if (running) await stopPreview(server);
  });
  const { page, errors } = await openPage('', { baseUrl: url });
  await whenControlled(page);
  await stopPreview(server);
  running = false;

  await page.reload();
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Backpropagation, replayed');
  // A lesson is a chunk of its own, loaded only when opened: it was kept at the first visit too.
  await page.goto(`${url}#/lesson?id=perceptron`);
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of \d+/);
  await page.goto(`${url}#/player?example=xor&step=5`);
  await expect(page.locator('[data-step-counter]').textContent()).resolves.toMatch(/^Step 5 of \d+$/);
  // The stopped server is unreachable: that is the only kind of error allowed.
  expect(errors.filter((error) => !/ERR_CONNECTION_REFUSED|ERR_FAILED/.test(error))).toEqual([]);
});

test('a tab left open across a redeploy under vite preview still opens lessons, and never runs HTML as a script', async () => {
  const dir = await deployment();
  const first = await startPreview(dir);
  let server = first.server;
  cleanups.push(() => stopPreview(server));
  const { page, errors } = await openPage('', { baseUrl: first.url });
  const asHtml = htmlScripts(page);
  await whenControlled(page);

  // The redeploy: a new build replaces every script of the old one, same address.
  await stopPreview(server);
  await buildApp(dir, 'second');
  server = (await startPreview(dir, first.port)).server;

  // The tab still runs the first build and asks for its chunk, which the server answers with index.html.
  await page.evaluate(() => (location.hash = '#/lesson?id=perceptron'));
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of \d+/);

  // The new version's worker takes over the open tab; it still finds the old build's chunks.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const changed = new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    await registration?.update();
    await changed;
  });
  await page.evaluate(() => (location.hash = '#/lesson?id=activations'));
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of \d+/);
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Activation functions');

  // A reload gets the new version, whose scripts are named for it.
  await page.reload();
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of \d+/);
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.endsWith('.js')));
  expect(scripts.some((name) => name.includes('-second-'))).toBe(true);
  expect(scripts.filter((name) => name.includes('-first-'))).toEqual([]);
  expect(asHtml).toEqual([]);
  expect(errors).toEqual([]);
  // A rebuild inside the test takes 15-60 s on a small shared machine.
}, 180_000);

test('on a plain static server, offline after one visit and across a redeploy with the tab open', async () => {
  const dir = await deployment();
  const server: StaticServer = await serveStatic(dir, '/app/');
  cleanups.push(() => server.close());
  const { page, errors } = await openPage('#/lessons', { baseUrl: server.url });
  await whenControlled(page);

  await page.context().setOffline(true);
  await page.reload();
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Lessons');
  await page.context().setOffline(false);

  await buildApp(dir, 'second');
  // The old chunk is a 404 now; the worker answers it from the first build's files.
  await page.evaluate(() => (location.hash = '#/lesson?id=perceptron'));
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of \d+/);
  expect(errors.filter((error) => !error.includes('-first-'))).toEqual([]);
  // A rebuild inside the test takes 15-60 s on a small shared machine.
}, 180_000);

test('without a service worker, a lesson whose chunk a redeploy removed says so and offers a reload that works', async () => {
  const dir = await deployment();
  const first = await startPreview(dir);
  let server = first.server;
  cleanups.push(() => stopPreview(server));
  // Every page's code loads once the first page shows; a lesson's chunk loads only when opened.
  const { page } = await openPage('#/lesson?id=perceptron', { baseUrl: first.url, serviceWorkers: 'block' });
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of \d+/);

  await stopPreview(server);
  await buildApp(dir, 'second');
  server = (await startPreview(dir, first.port)).server;

  await page.evaluate(() => (location.hash = '#/lesson?id=activations'));
  const message = page.locator('[data-lesson-load-error]');
  await expect(message.textContent()).resolves.toMatch(/could not be loaded .*reload the page/s);
  await message.getByRole('button', { name: 'reload the page' }).click();
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Activation functions');
  await expect(page.locator('[data-lesson-counter]').textContent()).resolves.toMatch(/^Step 1 of \d+/);
  // A rebuild inside the test takes 15-60 s on a small shared machine.
}, 180_000);
