/**
 * The built app under its own Content-Security-Policy: the meta tag is in dist/index.html, and
 * every page works under it with no violation reported (a violation would mean the policy blocks
 * something the app does, or the app does something the policy is meant to forbid).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/app/content-security-policy';
import { openPage } from './browser';
import { serveStatic, type StaticServer } from './static-server';

const root = fileURLToPath(new URL('../..', import.meta.url));
let outDir = '';
let server: StaticServer | undefined;
/** The same build from a host that sends the policy as a header with every file, the workers' scripts included. */
let headerServer: StaticServer | undefined;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'tracegrad-csp-'));
  // Vitest sets NODE_ENV=test, which would make Vite build in development mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  server = await serveStatic(outDir, '/');
  headerServer = await serveStatic(outDir, '/', { 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
});

afterAll(async () => {
  await server?.close();
  await headerServer?.close();
  await rm(outDir, { recursive: true, force: true });
});

/** Violations the page reports from now on, as "directive: blocked URI". */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective}: ${event.blockedURI}`));
  });
}

const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);

test('the built index.html carries the policy first in its head, with no inline script', async () => {
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const head = (/<head>\s*(<meta[^>]*>)/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
  expect(head).toContain('http-equiv="Content-Security-Policy"');
  expect(head).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
  expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
  expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // Every script is a file of the app's own.
  expect(html.match(/<script\b[^>]*>/g)?.every((tag) => /\bsrc="\.\//.test(tag))).toBe(true);
});

test('every page works under the policy and reports no violation', async () => {
  if (server === undefined) throw new Error('beforeAll did not start the server');
  const { page, errors } = await openPage('', { baseUrl: server.url });
  await recordViolations(page);
  const found: string[] = [];
  const visit = async (hash: string): Promise<void> => {
    found.push(...(await violations(page)));
    await page.goto('about:blank');
    await page.goto(`${server!.url}${hash}`);
    await page.locator('main h1').first().waitFor();
  };

  await visit('#/');
  await visit('#/player?example=classic&step=20');
  await expect(page.locator('.formula-card .katex').count()).resolves.toBeGreaterThan(0);
  await visit('#/player?example=classic&view=graph&step=20');
  await visit('#/lessons');
  await visit('#/lesson?id=chain-rule&step=2');
  await page.locator('[data-exercise="dlnx2"] [data-answer-input]').fill('2/x');
  await visit('#/playground');
  await page.locator('[data-play]').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-epoch]')?.textContent) >= 2);
  await page.locator('[data-play]').click();
  await visit('#/check');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await page.locator('[data-problem-status]').waitFor();
  await visit('#/problem-set');
  await page.locator('[data-generate]').click();
  await page.locator('[data-sheet]').first().waitFor();
  // The MNIST page's worker compiles the WebAssembly kernels and reports which it uses.
  await visit('#/mnist');
  await expect(page.locator('[data-testid="cores"]').textContent({ timeout: 60_000 })).resolves.toMatch(/core/);

  found.push(...(await violations(page)));
  expect(found).toEqual([]);
  expect(errors.filter((error) => /Content Security Policy|Refused to/.test(error))).toEqual([]);
  expect(errors).toEqual([]);
}, 180_000);

test('sent as a header, the policy also governs the workers, and the MNIST worker still compiles its WebAssembly', async () => {
  if (headerServer === undefined) throw new Error('beforeAll did not start the server');
  const { page, errors } = await openPage('#/mnist', { baseUrl: headerServer.url });
  await recordViolations(page);
  await page.reload();
  // The worker reports its data and kernels only after compiling them; a refused compile would end in "Something went wrong".
  await expect(page.locator('[data-testid="cores"]').textContent({ timeout: 60_000 })).resolves.toMatch(/core/);
  await expect(page.locator('main').textContent()).resolves.toMatch(/kernels: /);
  await expect(page.locator('main').textContent()).resolves.not.toMatch(/Something went wrong/);
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
}, 120_000);
