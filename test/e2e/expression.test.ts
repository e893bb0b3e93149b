/**
 * The expression lab in Chromium: type a formula, step to the end and read the gradient, reload
 * (the URL keeps formula, values and stop), export, see a typo underlined at its column and a
 * domain error named while the last graph stays, and check a derivative.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/engine/format';
import { Trace } from '../../src/engine/trace';
import { parseExpression } from '../../src/nn/expression';
import { recordExpression } from '../../src/nn/expression-trace';
import { computeStops } from '../../src/ui/player/stops';
import { openPage } from './browser';

describe('the expression lab', () => {
  it('records a typed formula, steps to the end, survives a reload and exports', async () => {
    const { page, errors } = await openPage('#/expression');
    const input = page.locator('[data-expression-input]');
    await input.fill('x*y + x');
    await page.locator('[data-value-for="x"]').fill('2');
    await page.locator('[data-value-for="y"]').fill('-3');

    const recorded = recordExpression(parseExpression('x*y + x', [], 'identifiers'), { x: 2, y: -3 });
    const stops = computeStops(new Trace(recorded.trace), 'op');
    const counter = page.locator('[data-step-counter]');
    await expect.poll(() => counter.textContent()).toBe(`Step 1 of ${stops.length}`);
    await page.locator('.graph').click();
    await page.keyboard.press('End');
    await expect.poll(() => counter.textContent()).toBe(`Step ${stops.length} of ${stops.length}`);
    expect(await page.locator('[data-gradient-of="x"]').textContent()).toBe(`∂f/∂x = ${formatNumber(-2)}`);
    expect(await page.locator('[data-gradient-of="y"]').textContent()).toBe(`∂f/∂y = ${formatNumber(2)}`);

    // The URL holds the formula, the values and the stop, and a reload comes back to them.
    await expect.poll(() => new URL(page.url()).hash).toContain('f=x*y+%2B+x');
    await page.reload();
    expect(await page.locator('[data-expression-input]').inputValue()).toBe('x*y + x');
    expect(await page.locator('[data-value-for="y"]').inputValue()).toBe('-3');
    await expect.poll(() => page.locator('[data-step-counter]').textContent()).toBe(`Step ${stops.length} of ${stops.length}`);

    const saved = async (format: string): Promise<string> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export="${format}"]`).click()]);
      const path = join(tmpdir(), `expression-${process.pid}-${download.suggestedFilename()}`);
      await download.saveAs(path);
      return readFileSync(path, 'utf8');
    };
    expect(await saved('md')).toContain('$u_{1} = x\\,y = 2 \\times \\left(-3\\right) = -6$');
    expect(await saved('tex')).toContain('\\begin{document}');
    expect(await saved('svg')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(await saved('dot')).toContain('n0 [label="x = 2\\ninput\\n∂f/∂x = -2"];');
    expect(errors).toEqual([]);
  }, 120_000);

  it('underlines a typo at its column and names a domain error, keeping the last graph', async () => {
    const { page, errors } = await openPage('#/expression?f=ln(x)&at=x%3D2');
    await page.locator('[data-step-counter]').waitFor();
    await page.locator('[data-expression-input]').fill('ln(x +* 2)');
    const syntax = page.locator('[data-expression-error="syntax"]');
    await syntax.waitFor();
    expect(await syntax.locator('mark').textContent()).toBe('*');
    expect(await syntax.textContent()).toContain('Column 7: expected a number, a name or "(" before "*"');
    expect(await page.locator('.graph svg').count()).toBe(1);

    await page.locator('[data-expression-input]').fill('ln(x - 3)');
    const domain = page.locator('[data-expression-error="record"]');
    await domain.waitFor();
    expect(await domain.textContent()).toContain('outside the domain: ln(x − 3) needs a positive input, but x − 3 = -1');
    expect(await page.locator('.graph svg').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);

  it('checks a derivative against the engine, showing a point where a wrong one disagrees', async () => {
    const { page, errors } = await openPage('#/expression?f=x*y%20%2B%20x&at=x%3D2,y%3D-3');
    await page.locator('[data-derivative-input]').fill('y');
    await page.locator('[data-derivative-check]').click();
    const verdict = page.locator('[data-derivative-verdict]');
    await expect.poll(() => verdict.getAttribute('data-derivative-verdict')).toBe('wrong');
    expect((await verdict.textContent())?.replace(/\s+/g, ' ')).toContain(`at x = 2, y = -3 your formula gives -3, but the engine's ∂f/∂x is -2`);
    await page.locator('[data-derivative-input]').fill('y + 1');
    await page.locator('[data-derivative-check]').click();
    await expect.poll(() => verdict.getAttribute('data-derivative-verdict')).toBe('right');
    expect(errors).toEqual([]);
  }, 120_000);
});
