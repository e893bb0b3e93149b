/**
 * Chromium for the e2e tests.
 *
 * `openPage(path)` opens the app in a fresh browser context and records everything that
 * would show up red in DevTools. Importing this module registers two hooks in the test
 * file: contexts opened by a test are closed after it, and the browser (launched on first
 * use, shared within the file) is closed after the file.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, inject } from 'vitest';

/** Installed by apt (`.ci/run` does it in CI); tests never download a browser. */
const CHROMIUM_PATH = '/usr/bin/chromium';

// Headless, and quiet: no sandbox (CI runs as root), no GPU, no background traffic.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  /**
   * Console errors, uncaught exceptions, failed requests and HTTP error responses, in the
   * order they happened; keeps filling while the page lives. A healthy page leaves it empty.
   */
  errors: string[];
}

export interface OpenPageOptions {
  /** Where the app is served; defaults to the dev server started by global-setup.ts. */
  baseUrl?: string;
  viewport?: { width: number; height: number };
  /** 'block' opens the page without its service worker, as a browser that has none would. */
  serviceWorkers?: 'allow' | 'block';
  /** A phone: touch events, a coarse pointer and the mobile viewport meta honoured. */
  touch?: boolean;
}

let browser: Promise<Browser> | undefined;
const contexts: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  const launched = browser;
  browser = undefined;
  if (launched !== undefined) await (await launched).close();
});

/**
 * Opens `path` relative to the app root (`''`, `'#/'`, `'#/player'`, …) and waits until
 * the page and its web fonts have loaded, so missing assets are already in `errors`.
 */
export async function openPage(path: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await (await browser).newContext({
    viewport: options.viewport ?? { width: 1280, height: 720 },
    serviceWorkers: options.serviceWorkers ?? 'allow',
    hasTouch: options.touch ?? false,
    isMobile: options.touch ?? false,
  });
  contexts.push(context);
  const page = await context.newPage();

  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught ${error.name}: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'unknown';
    // A reload or navigation cancels requests still in flight (a late favicon, say): the browser
    // gave up on them, nothing failed. A missing file shows up as an HTTP error below.
    if (reason === 'net::ERR_ABORTED') return;
    errors.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });

  // Each page's code loads on demand (src/app/routes.ts): a test goes on once the app shows its
  // page and has loaded the other pages' code too, after opening, reloading or going to a URL.
  const appReady = async (): Promise<void> => {
    await page.waitForFunction(() => document.getElementById('app') === null || document.querySelector('main[data-pages-loaded]') !== null);
  };
  const reload = page.reload.bind(page);
  page.reload = async (reloadOptions) => {
    const response = await reload(reloadOptions);
    await appReady();
    return response;
  };
  const goto = page.goto.bind(page);
  page.goto = async (url, gotoOptions) => {
    const response = await goto(url, gotoOptions);
    await appReady();
    return response;
  };

  await page.goto(new URL(path, options.baseUrl ?? inject('baseUrl')).href);
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  return { page, errors };
}
