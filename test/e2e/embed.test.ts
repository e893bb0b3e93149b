/**
 * The player in someone else's page: the embed route in a cross-origin iframe (no site chrome,
 * nothing scrolls, the host protocol), the reveal.js plugin in a real reveal.js deck driven with
 * PageDown/PageUp only, and the <tracegrad-player> element on a plain page. The host pages are
 * served from a second local origin; the frames load the app from the dev server.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildEmbeds } from '../../scripts/build-embeds';
import { EXAMPLES } from '../../src/data/examples';
import { problemToJson } from '../../src/data/problem';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { computeStops } from '../../src/ui/player/stops';
import { openPage } from './browser';
import { serveStatic, type StaticServer } from './static-server';

const root = fileURLToPath(new URL('../..', import.meta.url));
const classic = EXAMPLES.find((example) => example.id === 'classic')!;
const trace = new Trace(traceProblem(classic.problem).trace);
const opStops = computeStops(trace, 'op');
const layerStops = computeStops(trace, 'layer');

let dir: string | undefined;
let host: StaticServer | undefined;

/** Records every protocol message the page receives, in order. */
const RECORDER = `<link rel="icon" href="data:,"><script>window.messages = []; addEventListener('message', (event) => { if (event.data && event.data.source === 'tracegrad') window.messages.push(event.data); });</script>`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracegrad-embed-'));
  // Vitest sets NODE_ENV=test; the files a lecturer copies are production builds.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildEmbeds(join(dir, 'embed'));
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  // reveal.js's ES module build, under a name the static server sends as JavaScript.
  await copyFile(join(root, 'node_modules/reveal.js/dist/reveal.mjs'), join(dir, 'reveal.js'));
  await copyFile(join(root, 'node_modules/reveal.js/dist/reveal.css'), join(dir, 'reveal.css'));
  const app = inject('baseUrl');
  await writeFile(join(dir, 'frame.html'), `<!doctype html><meta charset="utf-8"><title>frame</title>${RECORDER}
<body style="margin:0"><iframe id="player" title="player" style="border:0;display:block"></iframe>
<script>const query = new URLSearchParams(location.search); const frame = document.getElementById('player');
frame.style.width = query.get('w') + 'px'; frame.style.height = query.get('h') + 'px'; frame.src = ${JSON.stringify(app)} + query.get('hash');</script></body>`);
  await writeFile(join(dir, 'deck.html'), `<!doctype html><meta charset="utf-8"><title>deck</title><link rel="stylesheet" href="reveal.css">${RECORDER}
<div class="reveal"><div class="slides">
<section><h2>Before</h2></section>
<section><iframe data-tracegrad title="player" src="${app}#/embed?example=classic&granularity=layer" style="width:960px;height:540px;border:0"></iframe></section>
<section><h2>After</h2></section>
</div></div>
<script type="module">
import Reveal from './reveal.js';
import RevealTracegrad from './embed/reveal-tracegrad.js';
window.deck = new Reveal({ plugins: [RevealTracegrad], width: 1000, height: 600 });
await window.deck.initialize();
</script>`);
  // The same deck with the player still loading when the lecturer starts clicking.
  await writeFile(join(dir, 'slow-deck.html'), `<!doctype html><meta charset="utf-8"><title>slow deck</title><link rel="stylesheet" href="reveal.css">${RECORDER}
<div class="reveal"><div class="slides">
<section><h2>Before</h2></section>
<section><iframe data-tracegrad title="player" style="width:960px;height:540px;border:0"></iframe></section>
<section><h2>After</h2></section>
</div></div>
<script type="module">
import Reveal from './reveal.js';
import RevealTracegrad from './embed/reveal-tracegrad.js';
window.loadPlayer = () => { document.querySelector('iframe').src = '${app}#/embed?example=classic&granularity=layer'; };
window.deck = new Reveal({ plugins: [RevealTracegrad], width: 1000, height: 600 });
await window.deck.initialize();
</script>`);
  await writeFile(join(dir, 'problem.json'), JSON.stringify(problemToJson(classic.problem)));
  await writeFile(join(dir, 'element.html'), `<!doctype html><meta charset="utf-8"><title>course page</title><link rel="icon" href="data:,">
<style>body { font-family: serif; color: #600; } p { font-size: 30px; }</style>
<p>A course page.</p>
<div style="width: 960px"><tracegrad-player id="example" example="classic" step="20" view="network"></tracegrad-player></div>
<div style="width: 640px; height: 500px"><tracegrad-player id="file" src="problem.json" granularity="layer" style="height: 100%"></tracegrad-player></div>
<script>window.events = []; document.addEventListener('tracegrad-step', (event) => window.events.push({ id: event.target.id, ...event.detail }));</script>
<script type="module" src="embed/tracegrad-player.js"></script>`);
  host = await serveStatic(dir, '/');
});

afterAll(async () => {
  await host?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

interface Message {
  type: string;
  stop?: number;
  stops?: number;
  phase?: string;
  at?: string;
}

function hostUrl(): string {
  if (host === undefined) throw new Error('beforeAll did not start the host server');
  return host.url;
}

/** Waits for the page's n-th protocol message (1-based) and returns it. */
async function message(page: Page, n: number): Promise<Message> {
  await page.waitForFunction((count) => (window as unknown as { messages: unknown[] }).messages.length >= count, n);
  return page.evaluate((index) => (window as unknown as { messages: Message[] }).messages[index]!, n - 1);
}

async function command(page: Page, data: unknown): Promise<void> {
  await page.evaluate((posted) => document.querySelector('iframe')!.contentWindow!.postMessage(posted, '*'), data);
}

async function openFrame(hash: string, width: number, height: number): Promise<{ page: Page; frame: Frame; errors: string[] }> {
  const { page, errors } = await openPage(`frame.html?w=${width}&h=${height}&hash=${encodeURIComponent(hash)}`, { baseUrl: hostUrl(), viewport: { width, height } });
  await message(page, 1);
  const frame = page.frames().find((candidate) => candidate.url().includes('#/embed'));
  if (frame === undefined) throw new Error('the embed frame did not load');
  return { page, frame, errors };
}

describe('the embed route', () => {
  it.each([
    [960, 540, 'network'],
    [960, 540, 'graph'],
    [960, 540, 'layers'],
    [1280, 720, 'network'],
    [1920, 1080, 'network'],
  ])('fills a %i×%i frame (%s view) without the site around it, scrolling or cutting anything off', async (width, height, view) => {
    const { frame, errors } = await openFrame(`#/embed?example=classic&step=20&view=${view}`, width, height);
    await frame.waitForSelector('.formula-card .katex');
    // The formula column refits in an animation frame after its content changes; give it a few.
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
    const layout = await frame.evaluate(() => {
      const shown = (selector: string) => [...document.querySelectorAll(selector)].some((element) => element.getBoundingClientRect().height > 0);
      // Everything drawn, except what a box inside the frame clips on purpose: the graph's pannable
      // canvas, KaTeX's MathML copy for screen readers (clipped to a pixel).
      const clippedInside = (element: Element): boolean => {
        if (element.parentElement?.closest('svg') != null) return true;
        for (let parent = element.parentElement; parent !== null && parent.closest('[data-view="graph"]') !== null; parent = parent.parentElement) {
          if (getComputedStyle(parent).overflow !== 'visible') return true;
        }
        return false;
      };
      // The boxes that clip on purpose in a fitted player must have shrunk their content to fit.
      const overflowing = [...document.querySelectorAll('.explain, [data-view="layers"]')]
        .filter((box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1)
        .map((box) => box.className);
      const outside = [...document.querySelectorAll('main *')]
        .filter((element) => !element.closest('.katex-mathml') && !clippedInside(element))
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.height > 0 && (box.bottom > innerHeight + 0.5 || box.right > innerWidth + 0.5 || box.left < -0.5 || box.top < -0.5))
        .map(({ element }) => `${element.tagName}.${element.getAttribute('class') ?? ''}`);
      return {
        chrome: shown('.site-header') || shown('.site-footer') || shown('header, footer, nav:not(.player nav)'),
        scroll: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight],
        outside,
        overflowing,
        playerHeight: document.querySelector('.player')!.getBoundingClientRect().height,
      };
    });
    expect(layout.chrome).toBe(false);
    expect(layout.scroll).toEqual([0, 0]);
    expect(layout.outside).toEqual([]);
    expect(layout.overflowing).toEqual([]);
    // The player uses the frame, not a strip of it.
    expect(layout.playerHeight).toBeGreaterThan(height * 0.9);
    expect(errors).toEqual([]);
  });

  it('speaks the protocol: ready, then a step per change, an edge past either end; malformed commands are ignored', async () => {
    const { page, errors } = await openFrame('#/embed?example=classic&step=20', 960, 540);
    // step=20 in the link is stop 20, as the player's counter and links number it.
    const start = 20;
    expect(await message(page, 1)).toEqual({ source: 'tracegrad', type: 'ready', stop: start, stops: opStops.length });

    const phase = (stop: number) => trace.phaseOf(opStops[stop - 1]!);
    await command(page, { target: 'tracegrad', command: 'next' });
    expect(await message(page, 2)).toEqual({ source: 'tracegrad', type: 'step', stop: start + 1, stops: opStops.length, phase: phase(start + 1) });
    await command(page, { target: 'tracegrad', command: 'prev' });
    expect(await message(page, 3)).toMatchObject({ type: 'step', stop: start });
    await command(page, { target: 'tracegrad', command: 'goto', stop: 3 });
    expect(await message(page, 4)).toEqual({ source: 'tracegrad', type: 'step', stop: 3, stops: opStops.length, phase: phase(3) });

    // None of these is a command; the status after them answers with the stop unchanged.
    for (const malformed of [
      'next',
      { command: 'next' },
      { target: 'other', command: 'next' },
      { target: 'tracegrad', command: 'jump' },
      { target: 'tracegrad', command: 'goto', stop: 0 },
      { target: 'tracegrad', command: 'goto', stop: 2.5 },
      { target: 'tracegrad', command: 'goto', stop: '7' },
      { target: 'tracegrad', command: 'goto' },
      null,
      [{ target: 'tracegrad', command: 'next' }],
    ]) {
      await command(page, malformed);
    }
    await command(page, { target: 'tracegrad', command: 'status' });
    expect(await message(page, 5)).toEqual({ source: 'tracegrad', type: 'step', stop: 3, stops: opStops.length, phase: phase(3) });

    await command(page, { target: 'tracegrad', command: 'last' });
    expect(await message(page, 6)).toMatchObject({ type: 'step', stop: opStops.length });
    await command(page, { target: 'tracegrad', command: 'next' });
    expect(await message(page, 7)).toEqual({ source: 'tracegrad', type: 'edge', at: 'end' });
    await command(page, { target: 'tracegrad', command: 'first' });
    expect(await message(page, 8)).toMatchObject({ type: 'step', stop: 1, phase: 'forward' });
    await command(page, { target: 'tracegrad', command: 'prev' });
    expect(await message(page, 9)).toEqual({ source: 'tracegrad', type: 'edge', at: 'start' });
    expect(await page.evaluate(() => (window as unknown as { messages: unknown[] }).messages.length)).toBe(9);
    expect(errors).toEqual([]);
  });

  it('steps with the keys pressed inside the frame, and tells the host at the end', async () => {
    const { page, frame, errors } = await openFrame('#/embed?example=classic&granularity=layer', 960, 540);
    await page.locator('iframe').focus();
    await frame.locator('body').press('PageDown');
    expect(await message(page, 2)).toMatchObject({ type: 'step', stop: 2, stops: layerStops.length });
    await frame.locator('body').press('End');
    expect(await message(page, 3)).toMatchObject({ type: 'step', stop: layerStops.length });
    await frame.locator('body').press('Space');
    expect(await message(page, 4)).toEqual({ source: 'tracegrad', type: 'edge', at: 'end' });
    await frame.locator('body').press('Home');
    expect(await message(page, 5)).toMatchObject({ type: 'step', stop: 1 });
    await frame.locator('body').press('PageUp');
    expect(await message(page, 6)).toEqual({ source: 'tracegrad', type: 'edge', at: 'start' });
    expect(errors).toEqual([]);
  });

  it('says in one line what is wrong with a bad link', async () => {
    const { page } = await openPage(`#/embed?example=nonesuch`, { viewport: { width: 960, height: 540 } });
    await expect(page.locator('[data-problem-error]').textContent()).resolves.toContain('there is no example called "nonesuch"');
  });
});

describe('the reveal.js plugin', () => {
  it('walks into the player slide, one stop per PageDown, out of it, and back to its last stop', async () => {
    const { page, errors } = await openPage('deck.html', { baseUrl: hostUrl(), viewport: { width: 1280, height: 720 } });
    await page.waitForFunction(() => (window as unknown as { deck?: { isReady(): boolean } }).deck?.isReady() === true);
    await message(page, 1);
    const stops = layerStops.length;
    /** The slide the deck shows and the stop the player last reported. */
    const where = () =>
      page.evaluate(() => {
        const { deck, messages } = window as unknown as { deck: { getIndices(): { h: number } }; messages: Message[] };
        return { slide: deck.getIndices().h, stop: messages.filter((entry) => entry.type !== 'edge').at(-1)?.stop };
      });
    const press = async (key: 'PageDown' | 'PageUp', expected: { slide: number; stop: number }) => {
      await page.keyboard.press(key);
      await page.waitForFunction(
        (want) => {
          const { deck, messages } = window as unknown as { deck: { getIndices(): { h: number } }; messages: Message[] };
          return deck.getIndices().h === want.slide && messages.filter((entry) => entry.type !== 'edge').at(-1)?.stop === want.stop;
        },
        expected,
      );
      expect(await where()).toEqual(expected);
    };

    expect(await where()).toEqual({ slide: 0, stop: 1 });
    await press('PageDown', { slide: 1, stop: 1 });
    for (let stop = 2; stop <= stops; stop++) await press('PageDown', { slide: 1, stop });
    await press('PageDown', { slide: 2, stop: stops });
    await press('PageUp', { slide: 1, stop: stops });
    await press('PageUp', { slide: 1, stop: stops - 1 });
    for (let stop = stops - 2; stop >= 1; stop--) await press('PageUp', { slide: 1, stop });
    await press('PageUp', { slide: 0, stop: 1 });
    // Asked directly, the player agrees with what it reported.
    const count = await page.evaluate(() => (window as unknown as { messages: unknown[] }).messages.length);
    await command(page, { target: 'tracegrad', command: 'status' });
    expect(await message(page, count + 1)).toEqual({ source: 'tracegrad', type: 'step', stop: 1, stops, phase: 'forward' });
    expect(errors).toEqual([]);
  });
});

describe('the reveal.js plugin with a player still loading', () => {
  it('keeps the presses made on its slide until the player is there, then makes them', async () => {
    const { page, errors } = await openPage('slow-deck.html', { baseUrl: hostUrl(), viewport: { width: 1280, height: 720 } });
    await page.waitForFunction(() => (window as unknown as { deck?: { isReady(): boolean } }).deck?.isReady() === true);
    // Onto the player's slide, then two more presses while nothing is loaded in its frame.
    for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
    expect(await page.evaluate(() => (window as unknown as { deck: { getIndices(): { h: number } } }).deck.getIndices().h)).toBe(1);
    await page.evaluate(() => (window as unknown as { loadPlayer(): void }).loadPlayer());
    await page.waitForFunction(() => (window as unknown as { messages: Message[] }).messages.some((entry) => entry.type === 'step' && entry.stop === 3));
    expect(await page.evaluate(() => (window as unknown as { deck: { getIndices(): { h: number } } }).deck.getIndices().h)).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('the <tracegrad-player> element', () => {
  it('renders the player in an open shadow root on a plain page and reports its steps', async () => {
    const { page, errors } = await openPage('element.html', { baseUrl: hostUrl(), viewport: { width: 1280, height: 1400 } });
    await page.waitForFunction(() => (window as unknown as { events: { id: string }[] }).events.filter((event) => event.id === 'file').length > 0);
    const events = () => page.evaluate(() => (window as unknown as { events: Record<string, unknown>[] }).events);
    // step=20 in the link is stop 20, as the player's counter and links number it.
    const start = 20;
    expect((await events()).find((event) => event.id === 'example')).toEqual({ id: 'example', stop: start, stops: opStops.length, phase: trace.phaseOf(opStops[start - 1]!) });
    expect((await events()).find((event) => event.id === 'file')).toEqual({ id: 'file', stop: 1, stops: layerStops.length, phase: 'forward' });

    const example = page.locator('#example');
    await example.evaluate((element: HTMLElement & { next(): void }) => element.next());
    await example.focus();
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => (window as unknown as { events: unknown[] }).events.length >= 4);
    expect((await events()).slice(2)).toEqual([
      { id: 'example', stop: start + 1, stops: opStops.length, phase: trace.phaseOf(opStops[start]!) },
      { id: 'example', stop: start + 2, stops: opStops.length, phase: trace.phaseOf(opStops[start + 1]!) },
    ]);

    const inside = await example.evaluate((element) => {
      const shadow = element.shadowRoot!;
      const box = element.getBoundingClientRect();
      const player = shadow.querySelector('.player')!.getBoundingClientRect();
      return {
        counter: shadow.querySelector('[data-step-counter]')?.textContent ?? '',
        formulas: shadow.querySelectorAll('.formula-card .katex').length,
        // The page's serif and colour stay outside; the player's own type is inside.
        font: getComputedStyle(shadow.querySelector('.narration')!).fontFamily,
        box: [box.width, box.height],
        fills: player.height > box.height * 0.85 && player.width > box.width * 0.9,
      };
    });
    expect(inside.counter).toMatch(/\d+ of \d+/);
    expect(inside.formulas).toBeGreaterThan(0);
    expect(inside.font).not.toMatch(/^serif/);
    expect(inside.box[0]).toBe(960);
    expect(inside.box[1]).toBeCloseTo(540, 0);
    expect(inside.fills).toBe(true);
    expect(await page.locator('#file').evaluate((element) => element.getBoundingClientRect().height)).toBe(500);
    expect(errors).toEqual([]);
  });
});
