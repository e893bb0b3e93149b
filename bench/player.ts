/**
 * `npm run bench:player`: how fast the player steps and lays out, in Chromium.
 *
 * - Time per step: a 10-28-28-6 sigmoid net, whose recorded trace has about 5,300 steps, opened in
 *   the player page; → is pressed 200 times and each press is timed from the key event until the
 *   page has updated and the browser has laid it out again (style and layout forced), without the
 *   wait for the display's next frame and without painting it. Measured in the network view and
 *   in the computation-graph view (fitted, then zoomed in until its numbers are drawn), and in the
 *   layer view (every layer as vectors and matrices, typeset), each at
 *   two paces: presses 100 ms apart (ten a second, faster than anyone clicks through a lecture)
 *   and back to back (only a frame between presses, as when → is held down). The player typesets
 *   the next step's card right after each frame and the rest when the browser is idle.
 * - Layout: the computation graph of a 4-16-16-3 net fully expanded (about 550 boxes). Timed twice:
 *   in Chromium, from a click on "Expand all" in the graph view until the page shows every box and
 *   is laid out (layout plus drawing); and src/ui/player/graph-layout.ts alone, in Node.
 * Targets from issue 3: ≤ 16 ms per step on a 5,000-step trace, ≤ 300 ms for a 500-node layout.
 *
 * `-- --json` adds one last line for scripts: `{"views": [{"view", "pace", "medianMs", "p95Ms"}, …],
 * "layoutMs"}`, where view is network, graph fitted, graph zoomed or layers, pace is the
 * milliseconds between presses (100, or 0 for back to back) and layoutMs the in-Chromium expansion.
 */
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, preview } from 'vite';
import { traceProblem } from '../src/nn/run';
import { encodeProblem } from '../src/ui/player/problem-url';
import { benchProblem, LAYOUT_TARGET_MS, measurePlayerLayout } from './player-layout';
import { median } from './stats';

const STEP_TARGET_MS = 16;
const PRESSES = 200;
/** Milliseconds between presses: a fast presenter's pace, then as fast as frames allow. */
const PACES = [100, 0] as const;
const SIZES = [10, 28, 28, 6];
/**
 * The views timed: the network view; the graph view as it opens (fitted to the page, which for
 * this net is too small to read, so it draws boxes and lines without numbers); and the graph view
 * zoomed in until its numbers are drawn.
 */
const VIEWS = [
  { name: 'network', key: 'network', query: '', zoomedIn: false },
  { name: 'graph, fitted (no numbers)', key: 'graph fitted', query: '&view=graph', zoomedIn: false },
  { name: 'graph, zoomed in to read', key: 'graph zoomed', query: '&view=graph', zoomedIn: true },
  { name: 'layers', key: 'layers', query: '&view=layers', zoomedIn: false },
] as const;
const { values: flags } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
/** The layout benchmark's network (as in player-layout.ts) and how many expansions are timed. */
const LAYOUT_SIZES = [4, 16, 16, 3];
const LAYOUT_RUNS = 5;

function percentile95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const problem = benchProblem(SIZES);
  const stepCount = traceProblem(problem).trace.steps.length;
  // A production build, as students get it (and immune to the dev server's reloads).
  const outDir = mkdtempSync(join(tmpdir(), 'tracegrad-bench-'));
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({ logLevel: 'error', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  const address = server.resolvedUrls?.local[0];
  if (address === undefined) throw new Error('the Vite server did not say where it listens');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const results: { view: string; key: string; gapMs: number; medianMs: number; p95Ms: number }[] = [];
    for (const view of VIEWS) {
      for (const gapMs of PACES) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        const url = `${address}#/player?problem=${encodeProblem(problem)}&step=1${view.query}`;
        await page.goto(url);
        await page.waitForLoadState('networkidle');
        await page.waitForSelector('[data-step-counter]');
        if (view.zoomedIn) {
          // Fitted, this graph is too small to read and is drawn without its numbers; zoom in
          // until they are drawn, as a student reading them would.
          for (let press = 0; press < 20 && (await page.locator('[data-overview]').count()) > 0; press++) {
            await page.getByRole('button', { name: 'Zoom in' }).click();
          }
          if ((await page.locator('[data-overview]').count()) > 0) throw new Error('the graph view still draws no numbers after zooming in');
        }
        // Passed as text: tsx would otherwise wrap the function with a helper the page lacks.
        // Svelte applies an update in microtasks queued by the key handler. Waiting in microtasks
        // too (not for a task, before which the browser may paint a whole frame) until the step
        // counter has moved, and one more for what the update itself queued, then reading a layout
        // value, times the update with style and layout and without any painting.
        const times = await page.evaluate<number[]>(`(async () => {
          const counter = () => document.querySelector('[data-step-counter]').textContent;
          const microtask = () => new Promise((resolve) => queueMicrotask(resolve));
          const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, ${gapMs})));
          await nextFrame();
          const measured = [];
          for (let i = 0; i < ${PRESSES}; i++) {
            const before = counter();
            const start = performance.now();
            window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
            for (let hops = 0; counter() === before && hops < 50; hops++) await microtask();
            await microtask();
            document.body.getBoundingClientRect();
            measured.push(performance.now() - start);
            if (counter() === before) throw new Error('the step counter did not move after → at press ' + (i + 1));
            await nextFrame();
          }
          return measured;
        })()`);
        results.push({ view: view.name, key: view.key, gapMs, medianMs: median(times), p95Ms: percentile95(times) });
        await page.close();
      }
    }
    const layoutPage = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await layoutPage.goto(`${address}#/player?problem=${encodeProblem(benchProblem(LAYOUT_SIZES))}&step=1&view=graph`);
    await layoutPage.waitForLoadState('networkidle');
    await layoutPage.getByRole('button', { name: 'Expand all' }).waitFor();
    const expandTimes = await layoutPage.evaluate<number[]>(`(async () => {
      const channel = new MessageChannel();
      const afterUpdates = () => new Promise((resolve) => { channel.port1.onmessage = resolve; channel.port2.postMessage(null); });
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
      const button = (name) => [...document.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === name);
      const measured = [];
      for (let run = 0; run < ${LAYOUT_RUNS + 1}; run++) {
        button('Collapse all').click();
        await afterUpdates();
        await nextFrame();
        const start = performance.now();
        button('Expand all').click();
        await afterUpdates();
        document.body.getBoundingClientRect();
        measured.push(performance.now() - start);
        await nextFrame();
      }
      // The first expansion pays for compiling the layout code; a page pays that once.
      return measured.slice(1);
    })()`);
    const boxesShown = await layoutPage.locator('.graph-view g.record, .graph-view g.op').count();
    await layoutPage.close();
    const layout = measurePlayerLayout();
    console.log(`trace: ${SIZES.join('-')} net, ${stepCount} steps; ${PRESSES} presses of → per view, timed from the key event to the page updated and laid out`);
    for (const result of results) {
      const verdict = result.medianMs <= STEP_TARGET_MS ? 'meets' : 'misses';
      const pace = result.gapMs > 0 ? `presses ${result.gapMs} ms apart` : 'presses back to back';
      console.log(`  ${result.view.padEnd(27)} ${pace.padEnd(22)} median ${result.medianMs.toFixed(1)} ms per step, 95th percentile ${result.p95Ms.toFixed(1)} ms (${verdict} the ${STEP_TARGET_MS} ms target)`);
    }
    const verdict = (ms: number): string => (ms <= LAYOUT_TARGET_MS ? 'meets' : 'misses');
    const expandMs = median(expandTimes);
    console.log(`layout of the ${LAYOUT_SIZES.join('-')} graph, every neuron expanded (${layout.boxes} boxes, ${layout.edges} edges):`);
    console.log(`  in Chromium, "Expand all" until all ${boxesShown} boxes are drawn and laid out: median ${expandMs.toFixed(0)} ms of ${expandTimes.length} (${verdict(expandMs)} the ${LAYOUT_TARGET_MS} ms target)`);
    console.log(`  graph-layout.ts alone, in Node: median ${layout.medianMs.toFixed(0)} ms (${verdict(layout.medianMs)} the ${LAYOUT_TARGET_MS} ms target)`);
    if (flags.json) {
      const views = results.map(({ key, gapMs, medianMs, p95Ms }) => ({ view: key, pace: gapMs, medianMs, p95Ms }));
      console.log(JSON.stringify({ views, layoutMs: expandMs }));
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
