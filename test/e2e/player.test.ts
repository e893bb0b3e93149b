import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { NUMBER_CELL_WIDTH, RECORD_HEIGHT, TOGGLE_WIDTH } from '../../src/ui/player/graph-layout';
import { encodeProblem } from '../../src/ui/player/problem-url';
import { GRANULARITIES, computeStops } from '../../src/ui/player/stops';
import { benchProblem } from '../../bench/player-layout';
import { seriousViolations } from './axe';
import { openPage } from './browser';

/** The TeX source of a formula line, as the card typeset it. */
async function formulaLine(page: Page, line: 'rule' | 'substituted' | 'result'): Promise<string> {
  return (await page.locator(`.formula-card [data-line="${line}"]`).first().getAttribute('data-tex')) ?? '';
}

async function counter(page: Page): Promise<string> {
  return (await page.locator('[data-step-counter]').textContent()) ?? '';
}

/** Presses → until the counter stops moving; returns how many presses moved it. */
async function stepToEnd(page: Page, limit: number): Promise<number> {
  let moves = 0;
  let previous = await counter(page);
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('ArrowRight');
    const now = await counter(page);
    if (now === previous) break;
    previous = now;
    moves++;
  }
  return moves;
}

describe('the player', () => {
  it.each(EXAMPLES.map((example) => [example.id, example] as const))('steps through the whole %s trace with the arrow keys', async (_id, example) => {
    const { page, errors } = await openPage(`#/player?example=${example.id}`);
    const trace = new Trace(traceProblem(example.problem).trace);
    const stops = computeStops(trace, 'op');
    expect(await counter(page)).toBe(`Step 1 of ${stops.length}`);
    const moves = await stepToEnd(page, stops.length + 5);
    expect(moves).toBe(stops.length - 1);
    expect(await counter(page)).toBe(`Step ${stops.length} of ${stops.length}`);
    // The last step is the loss after the update, shown beside the loss before it.
    expect(await page.locator('[data-loss] .before').count()).toBe(1);
    expect(await page.locator('.katex-error, .tex-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows the classic weight-gradient formula and highlights its edge', async () => {
    const trace = new Trace(traceProblem(EXAMPLES[0]!.problem).trace);
    const target = trace.toData().steps.findIndex((step) => step.kind === 'backward' && trace.node(step.input).meta.label === 'W^{[2]}_{11}');
    const stops = computeStops(trace, 'op');
    const { page, errors } = await openPage(`#/player?example=classic&step=${stops.indexOf(target) + 1}`);
    expect(await counter(page)).toBe(`Step ${stops.indexOf(target) + 1} of ${stops.length}`);
    expect(await formulaLine(page, 'rule')).toContain('\\frac{\\partial \\mathcal{L}}{\\partial');
    expect(await formulaLine(page, 'substituted')).toContain('0.1385 \\times');
    expect(await formulaLine(page, 'result')).toContain('0.08217');
    expect(await page.locator('.edge.active[data-edge="2-1-1"]').count()).toBe(1);
    expect(await page.locator('[data-narration]').textContent()).toContain('∂ℒ/∂W⁽²⁾₁₁ receives δ⁽²⁾₁ times the local derivative: 0.1385 × 0.5933 = 0.08217');
    expect(await page.locator('[data-agreement]').textContent()).toContain('Both engines agree');
    expect(errors).toEqual([]);
  });

  it('a deep link restores the step, and the URL follows every step', async () => {
    const { page, errors } = await openPage('#/player?example=deep&step=37');
    expect(await counter(page)).toMatch(/^Step 37 of /);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toMatch(/step=38(&|$)/);
    const url = new URL(page.url());
    // Let the first load finish (KaTeX fonts) so the reload aborts nothing.
    await page.waitForLoadState('networkidle');
    await page.reload();
    expect(await counter(page)).toBe(`Step ${new URLSearchParams(url.hash.split('?')[1]).get('step')} of ${(await counter(page)).split(' of ')[1]}`);
    expect(errors).toEqual([]);
  });

  it.each(EXAMPLES.flatMap((example) => GRANULARITIES.map((by) => [example.id, by, example] as const)))(
    'the %s counter by %s counts every stop: → from the first visits 1, 2, …, N',
    async (_id, by, example) => {
      const stops = computeStops(new Trace(traceProblem(example.problem).trace), by);
      const { page, errors } = await openPage(`#/player?example=${example.id}&by=${by}&step=1`);
      const seen = [await counter(page)];
      for (let k = 1; k < stops.length; k++) {
        await page.keyboard.press('ArrowRight');
        seen.push(await counter(page));
      }
      expect(seen).toEqual(stops.map((_, i) => `Step ${i + 1} of ${stops.length}`));
      expect(errors).toEqual([]);
    },
  );

  it('step=14 opens the fourteenth stop, and the URL keeps step=14 (it opened 12)', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=14');
    expect(await counter(page)).toBe('Step 14 of 55');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).hash).toMatch(/step=15(&|$)/);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => new URL(page.url()).hash).toMatch(/step=14(&|$)/);
    expect(await counter(page)).toBe('Step 14 of 55');
    // By layer the numbers are the layer stops': step=3 is the third of 11.
    const byLayer = await openPage('#/player?example=classic&by=layer&step=3');
    expect(await counter(byLayer.page)).toBe('Step 3 of 11');
    await byLayer.page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(byLayer.page.url()).hash).toMatch(/step=4(&|$)/);
    expect([...errors, ...byLayer.errors]).toEqual([]);
  });

  it('clicking a symbol in the formula jumps to the step that produced it', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=30');
    const before = await counter(page);
    await page.locator('.formula-card .sources button').first().click();
    expect(await counter(page)).not.toBe(before);
    expect(errors).toEqual([]);
  });

  it('presentation mode hides the chrome and enlarges the type; p toggles it', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=10');
    const normalSize = await page.locator('.player').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    await page.keyboard.press('p');
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('h1').count()).toBe(0);
    const presentedSize = await page.locator('.player').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(presentedSize).toBeGreaterThan(normalSize * 1.3);
    await page.keyboard.press('ArrowRight');
    expect(await counter(page)).not.toBe('Step 10 of 55');
    await page.keyboard.press('p');
    expect(await page.locator('.site-header').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('predict mode asks first, judges with the check tolerance, then reveals', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=1');
    await page.getByLabel('Predict mode').check();
    expect(await page.locator('.formula-card [data-line="result"]').count()).toBe(0);
    // Nothing else on the page gives the answer away while the guess is awaited: not the network
    // view, not the layer view, not the spoken line.
    const answerShown = async (answer: string): Promise<string[]> => {
      const places = { network: '.network-view', 'layer view': '.layer-view', narration: '[data-narration]' };
      const found: string[] = [];
      for (const [name, selector] of Object.entries(places)) if ((await page.locator(selector).textContent())?.includes(answer)) found.push(name);
      return found;
    };
    expect(await answerShown('0.3775')).toEqual([]);
    expect(await page.locator('[data-narration]').textContent()).toContain('predict the result');
    await page.locator('[data-predict-input]').fill('0.3776');
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await page.locator('.verdict').textContent()).toContain('Right: 0.3775');
    expect(await formulaLine(page, 'result')).toContain('0.3775');
    expect(await answerShown('0.3775')).toEqual(['network', 'layer view', 'narration']);
    // The next step waits for a guess again; a wrong guess says so and shows the answer.
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-predict-input]').fill('0.9');
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await page.locator('.verdict').textContent()).toContain('Not quite: it is 0.3925');
    expect(errors).toEqual([]);
  });

  it('a malformed pasted problem shows the message and keeps the previous network', async () => {
    const { page, errors } = await openPage('#/player?example=xor&step=5');
    await page.getByText('Load your own network').click();
    await page.locator('[data-paste]').fill(JSON.stringify({
      layers: [
        { weights: [[1, 2], [3, 4]], biases: [0, 0], activation: 'sigmoid' },
        { weights: [[1, 2, 3]], biases: [0], activation: 'sigmoid' },
      ],
      input: [1, 0],
      target: [1],
      loss: 'half_sse',
    }));
    await page.locator('[data-load-pasted]').click();
    expect(await page.locator('[data-problem-error]').textContent()).toBe(
      'the pasted problem: layers[1].weights has 3 columns but layer 0 has 2 outputs. The previous network is still loaded.',
    );
    expect(await counter(page)).toMatch(/^Step 5 of /);
    expect(await page.locator('[data-neuron="1-3"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a good pasted problem replaces the network and goes into the URL', async () => {
    const { page, errors } = await openPage('#/player?example=classic');
    await page.getByText('Load your own network').click();
    await page.locator('[data-paste]').fill(JSON.stringify({ layers: [{ weights: [[0.5, -0.25]], biases: [0.1], activation: 'tanh' }], input: [1, 2], target: [0.3], loss: 'mse' }));
    await page.locator('[data-load-pasted]').click();
    expect(await page.locator('[data-problem-error]').count()).toBe(0);
    await expect.poll(() => page.url()).toContain('problem=');
    expect(await counter(page)).toMatch(/^Step 1 of \d+$/);
    await page.reload();
    expect(await page.locator('[data-neuron="1-1"]').count()).toBe(1);
    expect(await page.locator('[data-neuron="1-2"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('exports the trace as Markdown and the view as SVG and PNG', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=27');
    const save = async (label: string): Promise<{ name: string; text: string }> => {
      await page.getByText('Export', { exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('latin1') };
    };
    const markdown = await save('Trace as Markdown');
    expect(markdown.name).toBe('classic-trace.md');
    expect(markdown.text).toContain('0.1385 \\times 0.5933 = 0.08217');
    const svg = await save('This view as SVG');
    expect(svg.name).toBe('classic-step-27.svg');
    expect(svg.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.text).toContain('stroke:');
    const png = await save('This view as PNG');
    expect(png.name).toBe('classic-step-27.png');
    expect(png.text.slice(1, 4)).toBe('PNG');
    expect(errors).toEqual([]);
  });

  it('a formula wider than its column becomes a keyboard-scrollable region, and a narrow one stays out of the tab order', async () => {
    // A phone's width: the layer view's matrices no longer fit their column, one equality to a line as they are.
    const { page, errors } = await openPage('#/player?example=deep&step=120', { viewport: { width: 390, height: 844 } });
    const states = async (): Promise<{ overflowing: boolean; focusable: boolean }[]> =>
      page.locator('.tex.display').evaluateAll((elements) =>
        elements.map((element) => ({ overflowing: element.scrollWidth > element.clientWidth + 1, focusable: element.getAttribute('tabindex') === '0' })),
      );
    await expect.poll(async () => (await states()).some((state) => state.overflowing && state.focusable)).toBe(true);
    expect((await states()).some((state) => !state.overflowing && !state.focusable)).toBe(true);
    // After a step the formulas are new; the marks follow them.
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await states()).every((state) => state.overflowing === state.focusable)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a net whose formulas are wider than the page keeps them inside their cards, at 1280x720, in both views', async () => {
    const { page, errors } = await openPage(`#/player?problem=${encodeProblem(benchProblem([4, 16, 16, 3]))}&step=1`);
    for (const view of ['Network', 'Computation graph'] as const) {
      await page.getByRole('tab', { name: view }).click();
      await page.locator('.formula-card .katex').first().waitFor();
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        window: document.documentElement.clientWidth,
        cards: [...document.querySelectorAll('.formula-card, .layer-view')].map((card) => card.getBoundingClientRect().right),
      }));
      expect(widths.page, `${view}: the page scrolls sideways`).toBeLessThanOrEqual(widths.window);
      for (const right of widths.cards) expect(right).toBeLessThanOrEqual(widths.window);
      // The weighted sum over four inputs with their numbers is wider than the card: it scrolls.
      await expect.poll(() => page.locator('.formula-card .lines[role="region"][tabindex="0"]').count()).toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it('in the graph view each record is drawn as the layout sized it, and its buttons cover exactly its cells', async () => {
    const { page, errors } = await openPage('#/player?example=classic&step=20&view=graph');
    await page.getByRole('button', { name: 'Fit the whole graph in view' }).waitFor();
    // It opens collapsed to neurons (fitted expanded, its numbers would be under 12 px); the
    // expanded records, weights included, are the ones checked.
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.waitForFunction(() => (document.querySelector('button[title="Expand every neuron"]') as HTMLButtonElement).disabled);
    const mismatches = await page.evaluate(
      ([recordHeight, cellWidth, toggleWidth]) => {
        const problems: string[] = [];
        const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.75;
        const scale = document.querySelector('.graph-view svg > g')!.getBoundingClientRect().width / (document.querySelector('.graph-view svg > g') as SVGGraphicsElement).getBBox().width;
        for (const segment of document.querySelectorAll<SVGGElement>('.graph-view [data-segment]')) {
          const id = segment.dataset['segment'];
          const frame = segment.closest('.record')!.querySelector('.frame')!.getBoundingClientRect();
          const cell = segment.querySelector('.divider.faint')!.getBoundingClientRect();
          const button = document.querySelector(`.hit.node[data-node="${id}"]`)!.getBoundingClientRect();
          if (!near(frame.height, recordHeight * scale)) problems.push(`record of ${id} is ${frame.height / scale} high`);
          if (!near(cell.width, cellWidth * scale)) problems.push(`numbers cell of ${id} is ${cell.width / scale} wide`);
          if (!near(button.height, frame.height) || !near(button.top, frame.top)) problems.push(`button of ${id} misses its record vertically`);
          if (!near(button.right, cell.right)) problems.push(`button of ${id} ends at ${button.right}, its cell at ${cell.right}`);
        }
        // The longest number a record shows still clears its caption and its cell's right edge.
        const gradText = document.querySelector<SVGTextElement>('.graph-view [data-segment] text.grad-value')!;
        const caption = [...gradText.parentElement!.querySelectorAll('text.caption')].find((text) => text.textContent === 'grad')!;
        gradText.textContent = '-1.234e-10';
        const number = gradText.getBoundingClientRect();
        const cellRight = gradText.parentElement!.querySelector('.divider.faint')!.getBoundingClientRect().right;
        if (number.left < caption.getBoundingClientRect().right + 3 * scale) problems.push(`a long gradient runs into its caption: ${number.left} < ${caption.getBoundingClientRect().right} (${number.width})`);
        if (number.right > cellRight) problems.push('a long gradient runs out of its cell');
        for (const toggle of document.querySelectorAll('.graph-view .hit.toggle')) {
          const width = toggle.getBoundingClientRect().width;
          if (!near(width, toggleWidth * scale)) problems.push(`a toggle is ${width / scale} wide`);
        }
        return problems;
      },
      [RECORD_HEIGHT, NUMBER_CELL_WIDTH, TOGGLE_WIDTH] as const,
    );
    expect(mismatches).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('has no serious or critical accessibility violations in either view or in presentation', async () => {
    const { page, errors } = await openPage('#/player?example=softmax&step=30');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Computation graph' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('p');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
