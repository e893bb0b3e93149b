/**
 * The promise "work it by hand, then check it", in the browser: every number the player's formula
 * card shows for the classic example, at every stop, copied as shown into answer sheets, passes
 * `tracegrad check`. At four decimals, 35 of 52 such copies were marked wrong.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import { problemToJson } from '../../src/data/problem';
import { Trace } from '../../src/engine/trace';
import { runProblem, traceProblem } from '../../src/nn/run';
import { computeStops, stopNumberOf } from '../../src/ui/player/stops';
import { runCli } from '../cli/run-cli';
import { gradeAnswers } from '../../src/nn/grading';
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
  }, 120_000);

  it('every number the network view shows (a, z, δ, ℒ, weights, their gradients, the new weights and biases) is right', async () => {
    const example = EXAMPLES.find((entry) => entry.id === 'classic')!;
    const trace = new Trace(traceProblem(example.problem).trace);
    const stops = computeStops(trace, 'op');
    const firstUpdate = trace.toData().steps.findIndex((step) => step.kind === 'update');
    const lastUpdate = trace.toData().steps.map((step) => step.kind).lastIndexOf('update');
    const fromSubscript = (text: string): number[] => [...text].map((char) => '₀₁₂₃₄₅₆₇₈₉'.indexOf(char));
    const fromSuperscript = (text: string): number => Number([...text].map((char) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(char)).join(''));
    const sheet: { loss?: number; layers: { a: number[]; z: number[]; delta: number[]; gradWeights: number[][]; newWeights: number[][]; newBiases: number[] }[] } = {
      layers: example.problem.layers.map(() => ({ a: [], z: [], delta: [], gradWeights: [], newWeights: [], newBiases: [] })),
    };
    /** The weights' spoken names: "W⁽¹⁾₁₂ = 0.15, ∂ℒ/∂W = 4.386e-4". */
    const readWeights = async (page: Page, into: 'gradWeights' | 'newWeights'): Promise<void> => {
      for (const title of await page.locator('.network-view title').allTextContents()) {
        const match = /^W⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾([₀-₉]+) = (\S+), ∂ℒ\/∂W = (\S+)$/.exec(title);
        if (match === null) continue;
        const [j, k] = fromSubscript(match[2]!);
        const row = (sheet.layers[fromSuperscript(match[1]!) - 1]![into][j! - 1] ??= []);
        row[k! - 1] = Number(into === 'gradWeights' ? match[4] : match[3]);
      }
    };

    // At the last stop of the backward pass every a, z and δ is on screen, and every ∂ℒ/∂W.
    const { page, errors } = await openPage(`#/player?example=classic&step=${stopNumberOf(stops, firstUpdate - 1)}`);
    await expect.poll(() => page.locator('[data-step-counter]').textContent()).toBe(`Step ${stopNumberOf(stops, firstUpdate - 1)} of ${stops.length}`);
    for (const neuron of await page.locator('.network-view [data-neuron]').all()) {
      const [l, j] = (await neuron.getAttribute('data-neuron'))!.split('-').map(Number);
      if (l === 0) continue;
      for (const text of await neuron.locator('text').allTextContents()) {
        const [name, value] = text.split(' ');
        const key = name === 'a' ? 'a' : name === 'z' ? 'z' : name === 'δ' ? 'delta' : undefined;
        if (key !== undefined) sheet.layers[l! - 1]![key][j! - 1] = Number(value);
      }
    }
    sheet.loss = Number((await page.locator('[data-loss] text').nth(1).textContent()));
    await readWeights(page, 'gradWeights');
    // After the last update, the new weights and biases.
    const after = await openPage(`#/player?example=classic&step=${stopNumberOf(stops, lastUpdate)}`);
    await expect.poll(() => after.page.locator('[data-step-counter]').textContent()).toBe(`Step ${stopNumberOf(stops, lastUpdate)} of ${stops.length}`);
    await readWeights(after.page, 'newWeights');
    for (const neuron of await after.page.locator('.network-view [data-neuron]').all()) {
      const [l, j] = (await neuron.getAttribute('data-neuron'))!.split('-').map(Number);
      if (l === 0) continue;
      sheet.layers[l! - 1]!.newBiases[j! - 1] = Number((await neuron.locator('text.bias').textContent())!.replace(/^b /, ''));
    }

    const grading = gradeAnswers(sheet, example.problem, runProblem(example.problem).result);
    // a, z, δ: 4 each; ℒ; ∂ℒ/∂W and new W: 8 each; new b: 4.
    expect(grading.items).toHaveLength(4 * 3 + 1 + 8 * 2 + 4);
    expect(grading.items.filter((item) => !item.ok)).toEqual([]);
    expect([...errors, ...after.errors]).toEqual([]);
  }, 120_000);
});

