import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
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
      // The manifest says which chunk holds which page (for the code-splitting test below).
      build: { outDir: dir, emptyOutDir: true, manifest: true },
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
  // The rule typeset on the home page (the compact player's card has display lines of its own).
  await expect(page.locator('section[aria-labelledby="rule-title"] .katex-display').count()).resolves.toBe(1);
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

/** Every file a manifest entry loads before it runs: its own, its CSS, and those of its static imports. */
function staticFiles(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticFiles(manifest, imported, seen);
  return seen;
}

function filesOf(manifest: Manifest, keys: Iterable<string>): string[] {
  return [...keys].flatMap((key) => [manifest[key]!.file, ...(manifest[key]!.css ?? [])]);
}

test('the first page loads a main chunk under 150 kB gzipped; every page is a chunk of its own, loaded on demand and kept by the service worker', async () => {
  if (outDir === undefined) throw new Error('beforeAll did not build the app');
  const manifest = JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const main = manifest['index.html']!;
  const mainBytes = gzipSync(await readFile(join(outDir, main.file))).length;
  expect(mainBytes, `main chunk ${main.file}`).toBeLessThanOrEqual(150_000);

  const routeTable = await readFile(join(root, 'src/app/routes.ts'), 'utf8');
  const pages = [...routeTable.matchAll(/import\('\.\/pages\/(\w+\.svelte)'\)/g)].map((match) => `src/app/pages/${match[1]}`);
  expect(pages).toContain('src/app/pages/HomePage.svelte');
  expect(pages).toContain('src/app/pages/PlayerPage.svelte');
  // No page is imported statically anywhere else, or it would be in the main chunk.
  const loadedFirst = staticFiles(manifest, 'index.html');
  expect(pages.filter((page) => loadedFirst.has(page))).toEqual([]);
  for (const page of pages) expect(manifest[page]?.isDynamicEntry, page).toBe(true);

  // The service worker keeps every file each page needs, so every page opens offline.
  const worker = await readFile(join(outDir, 'service-worker.js'), 'utf8');
  const kept = new Set(JSON.parse(/const BUILD_FILES = (\[.*?\]);/.exec(worker)![1]!) as string[]);
  const needed = new Set(pages.flatMap((page) => filesOf(manifest, staticFiles(manifest, page))));
  expect(needed.size).toBeGreaterThan(pages.length);
  expect([...needed].filter((file) => !kept.has(file))).toEqual([]);
});
