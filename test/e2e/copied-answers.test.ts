/**
 * The promise "work it by hand, then check it", in the browser: every number the player's formula
 * card shows for the classic example, at every stop, copied as shown into answer sheets, passes
 * `tracegrad check`. At four decimals, 35 of 52 such copies were marked wrong.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import { problemToJson } from '../../src/data/problem';
import { Trace } from '../../src/engine/trace';
import { runProblem, traceProblem } from '../../src/nn/run';
import { computeStops } from '../../src/ui/player/stops';
import { runCli } from '../cli/run-cli';
import { answerSheets, gradeCopied, parseStepLine, type ShownLine } from '../helpers/shown-answers';
import { openPage } from './browser';

describe('copying the classic example from the player', () => {
  it('every number the card shows at every stop is right', async () => {
    const example = EXAMPLES.find((entry) => entry.id === 'classic')!;
    const trace = new Trace(traceProblem(example.problem).trace);
    const stops = computeStops(trace, 'op');
    const { page, errors } = await openPage('#/player?example=classic&step=1');
    // Let the first load settle (the formula fonts), so no key press lands while it is still going.
    await page.waitForLoadState('networkidle');
    const lines: ShownLine[] = [];
    for (const [k, stop] of stops.entries()) {
      if (k > 0) await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.locator('[data-step-counter]').textContent()).toBe(`Step ${k + 1} of ${stops.length}`);
      // The card's lines as typeset: "lhs relation rule", then "= numbers", then "= result".
      const tex = await page.locator('.formula-card [data-line]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-tex') ?? ''));
      lines.push(parseStepLine(tex.join(' '), trace.passOf(stop) > 0 && trace.phaseOf(stop) !== 'update'));
    }
    const key = runProblem(example.problem).result;
    const grading = gradeCopied(lines, example.problem, key);
    expect(grading.missing).toEqual([]);
    expect(grading.items.filter((item) => !item.ok)).toEqual([]);

    // Each sheet through the command line, as a student would check it.
    const dir = mkdtempSync(join(tmpdir(), 'copied-'));
    const problemPath = join(dir, 'classic.json');
    writeFileSync(problemPath, JSON.stringify(problemToJson(example.problem)));
    for (const [n, sheet] of answerSheets(lines, example.problem).entries()) {
      const sheetPath = join(dir, `answers-${n}.json`);
      writeFileSync(sheetPath, JSON.stringify(sheet));
      const run = runCli(['check', problemPath, sheetPath]);
      expect(run.stdout).toMatch(/(\d+) of \1 correct, 0 wrong\./);
      expect(run.status).toBe(0);
    }
    expect(errors).toEqual([]);
  });
});
