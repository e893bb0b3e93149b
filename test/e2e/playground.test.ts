import type { Page } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProblemText } from '../../src/data/problem';
import { formatNumber } from '../../src/engine/format';
import { texToText } from '../../src/engine/tex';
import { weightLabel } from '../../src/nn/labels';
import { runProblem } from '../../src/nn/run';
import { decodeSettings, defaultSettings, encodeSettings, normalize, type Settings } from '../../src/ui/playground/settings';
import { RECIPES } from '../ui/playground/recipes';
import { REPO } from '../cli/run-cli';
import { seriousViolations } from './axe';
import { openPage } from './browser';

const link = (settings: Partial<Settings>): string => `#/playground?${encodeSettings(normalize({ ...defaultSettings(), ...settings }))}`;

async function epoch(page: Page): Promise<number> {
  return Number(await page.locator('[data-epoch]').textContent());
}

describe('the playground', () => {
  it('trains the three-class set to its stated accuracy through the page', async () => {
    const recipe = RECIPES.clusters;
    const { page, errors } = await openPage(link({ data: 'clusters', noise: 10, train: 50, seed: 1, features: recipe.features, hidden: recipe.hidden, activation: recipe.activation, lr: 0.03, batch: 10 }));
    await page.locator('[data-play]').click();
    await page.waitForFunction((target) => Number(document.querySelector('[data-epoch]')?.textContent) >= target, recipe.epochs, { timeout: 20_000 });
    await page.locator('[data-play]').click();
    expect(await epoch(page)).toBeGreaterThanOrEqual(recipe.epochs);
    const accuracy = Number((await page.locator('[data-test-accuracy]').textContent())!.replace('%', '')) / 100;
    expect(accuracy).toBeGreaterThanOrEqual(recipe.accuracy);
    // One heat map per node: 2 features in use (the others are switched off and blank), 4 hidden, 3 outputs.
    expect(await page.locator('[data-network] .node canvas').count()).toBe(2 + 4 + 3);
    expect(errors).toEqual([]);
  });

  it('round-trips every setting through the URL, and follows the controls into it', async () => {
    const settings = normalize({
      data: 'xor', noise: 35, train: 70, seed: 4242, showTest: true, features: ['x1', 'x2', 'x1x2', 'sinx1'],
      hidden: [8, 1, 3], activation: 'relu', output: 'sigmoid-mse', lr: 0.003, batch: 27, reg: 'l1', regRate: 0.3,
      hide: ['noise'], points: [],
    });
    const { page, errors } = await openPage(`#/playground?${encodeSettings(settings)}`);
    const query = (): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(decodeSettings(query()).settings).toEqual(settings);
    await expect(page.locator('[data-setting="lr"]').inputValue()).resolves.toBe('0.003');
    await expect(page.locator('[data-setting="activation"]').inputValue()).resolves.toBe('relu');
    await expect(page.locator('[data-setting="noise"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-dataset="xor"]').getAttribute('aria-pressed')).resolves.toBe('true');

    await page.locator('[data-setting="activation"]').selectOption('sigmoid');
    await page.locator('[data-add-layer]').click();
    await page.locator('[data-feature="x2sq"]').click();
    await page.waitForFunction(() => location.hash.includes('activation=sigmoid'));
    const changed = decodeSettings(query()).settings;
    expect(changed).toEqual({ ...settings, activation: 'sigmoid', hidden: [8, 1, 3, 2], features: ['x1', 'x2', 'x2sq', 'x1x2', 'sinx1'] });
    await page.reload();
    await expect(page.locator('[data-setting="activation"]').inputValue()).resolves.toBe('sigmoid');
    expect(decodeSettings(query()).settings).toEqual(changed);
    expect(errors).toEqual([]);
  });

  it('steps into one training point with the current weights: the numbers of tracegrad grad, then applies the update', async () => {
    const { page, errors } = await openPage(link({ data: 'circle', seed: 3, features: ['x1', 'x2', 'x1sq'], hidden: [3], lr: 0.3 }));
    await page.locator('[data-step-epoch]').click();
    await page.locator('[data-step-epoch]').click();
    await page.getByText('Step into one sample').click();
    await page.locator('[data-pick-number]').fill('3');
    await page.locator('[data-pick-button]').click();
    await page.locator('[data-step-into]').waitFor();

    const problem = parseProblemText((await page.locator('[data-problem-json]').textContent())!);
    expect(problem.inputs[0]).toHaveLength(3);
    const expected = runProblem(problem).result;
    // The CLI on the same file prints the same numbers.
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-playground-'));
    writeFileSync(join(dir, 'sample.json'), (await page.locator('[data-problem-json]').textContent())!);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'grad', join(dir, 'sample.json'), '--json'], { cwd: REPO, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(expected);

    // The last backward step: every δ and gradient is known, no weight has moved yet.
    await page.getByRole('button', { name: /^Update: go to this phase/ }).click();
    await page.keyboard.press('ArrowLeft');
    const titles = await page.locator('.player .view svg title').allTextContents();
    expected.layers.forEach((layer, index) => {
      (layer.delta as number[]).forEach((delta, j) => {
        const a = (layer.a as number[])[j]!;
        expect(titles.some((title) => title.startsWith(`layer ${index + 1} neuron ${j + 1}: a = ${formatNumber(a)},`) && title.includes(`δ = ${formatNumber(delta)},`))).toBe(true);
      });
      layer.gradWeights.forEach((row, j) =>
        row.forEach((grad, k) => expect(titles).toContain(`${texToText(weightLabel(index + 1, j + 1, k + 1))} = ${formatNumber(problem.layers[index]!.weights[j]![k]!)}, ∂ℒ/∂W = ${formatNumber(grad)}`)),
      );
    });

    await page.locator('[data-apply-update]').click();
    await page.locator('[data-neuron="1-1"]').click();
    const newWeight = expected.layers[0]!.newWeights![0]![0]!;
    // The editor shows the updated numbers as every other place does, to four significant figures.
    await expect(page.locator('[data-weight-input="1"]').inputValue()).resolves.toBe(formatNumber(newWeight));
    await expect(page.locator('[data-bias-input]').inputValue()).resolves.toBe(formatNumber(expected.layers[0]!.newBiases![0]!));

    // Editing a bias by keyboard: the next sample's problem carries the typed value.
    await page.locator('[data-bias-input]').fill('0.5');
    await page.locator('[data-bias-input]').press('Enter');
    await page.keyboard.press('Escape');
    await page.locator('[data-pick-button]').click();
    const edited = parseProblemText((await page.locator('[data-problem-json]').textContent())!);
    expect(edited.layers[0]!.biases[0]).toBe(0.5);
    expect(errors).toEqual([]);
  });

  it('imports a good CSV file and refuses a bad one with the line and the reason', async () => {
    const { page, errors } = await openPage('#/playground');
    const good = 'x1,x2,label\n' + Array.from({ length: 20 }, (_unused, i) => `${i / 4 - 2},${(i % 5) - 2},${i % 3}`).join('\n') + '\n';
    await page.locator('[data-csv-input]').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await expect(page.locator('[data-csv-status]').textContent()).resolves.toBe('good.csv: 20 points imported.');
    await expect(page.locator('[data-dataset="custom"]').count()).resolves.toBe(1);
    const settings = decodeSettings(new URLSearchParams(new URL(page.url()).hash.split('?')[1])).settings;
    expect(settings.points).toHaveLength(20);
    // Three classes: the output switches to softmax with three output neurons.
    expect(settings.output).toBe('softmax-ce');
    expect(await page.locator('[data-neuron^="3-"]').count()).toBe(3);

    await page.locator('[data-csv-input]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,0\n3,oops,1\n') });
    await expect(page.locator('[data-csv-error]').textContent()).resolves.toBe('bad.csv: line 3: x2 is "oops", not a number');
    expect(decodeSettings(new URLSearchParams(new URL(page.url()).hash.split('?')[1])).settings.points).toHaveLength(20);
    expect(errors).toEqual([]);
  });

  it('adds a point on click and one of the other class on shift-click, removes one on alt-click', async () => {
    const { page, errors } = await openPage(link({ data: 'gauss', train: 90 }));
    const count = async (): Promise<number> => decodeSettings(new URLSearchParams(new URL(page.url()).hash.split('?')[1])).settings.points.length;
    const plot = page.locator('[data-plot]');
    // The top-left corner of the plane is far from both Gaussians.
    await plot.click({ position: { x: 12, y: 12 } });
    await page.waitForFunction(() => location.hash.includes('data=custom'));
    expect(await count()).toBe(301);
    await plot.click({ position: { x: 40, y: 12 }, modifiers: ['Shift'] });
    const points = decodeSettings(new URLSearchParams(new URL(page.url()).hash.split('?')[1])).settings.points;
    expect(points.slice(-2).map((point) => point.label)).toEqual([0, 1]);
    await plot.click({ position: { x: 12, y: 12 }, modifiers: ['Alt'] });
    expect(await count()).toBe(301);
    expect(errors).toEqual([]);
  });

  it('has no serious accessibility violations, stepping in included', async () => {
    const { page, errors } = await openPage(link({ data: 'clusters' }));
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('[data-step-epoch]').click();
    await page.getByText('Step into one sample').click();
    await page.locator('[data-pick-button]').click();
    await page.locator('[data-step-into]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Escape returns to the playground without applying anything.
    await page.keyboard.press('Escape');
    await page.locator('[data-play]').waitFor();
    expect(errors).toEqual([]);
  });
});
