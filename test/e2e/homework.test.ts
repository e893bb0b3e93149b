import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import { encodeProblem } from '../../src/ui/player/problem-url';
import { REPO, runCli } from '../cli/run-cli';
import { seriousViolations } from './axe';
import { openPage } from './browser';

const classic = EXAMPLES.find((example) => example.id === 'classic')!.problem;

describe('check my answers', () => {
  it('grades a right and a wrong answer typed into the form, hiding the expected number', async () => {
    const { page, errors } = await openPage(`#/check?problem=${encodeProblem(classic)}`);
    await page.getByLabel('∂ℒ/∂W⁽²⁾₁₁', { exact: true }).fill('0.0822');
    await page.getByLabel('∂ℒ/∂W⁽²⁾₁₂', { exact: true }).fill('0.09');
    await page.locator('[data-check-form]').click();
    await expect(page.locator('[data-path="layers[1].gradWeights[0][0]"] [data-verdict]').textContent()).resolves.toBe('✓ right');
    await expect(page.locator('[data-path="layers[1].gradWeights[0][1]"] [data-verdict]').textContent()).resolves.toBe('✗ wrong');
    await expect(page.locator('[data-form-summary]').textContent()).resolves.toBe('1 of 2 correct, 1 wrong.');
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.locator('.expected').count()).resolves.toBe(0);
    // Boxes are labelled in the notation (KaTeX), e.g. the fraction ∂ℒ/∂W^{[2]}_{12}.
    await expect(page.locator('[data-path="layers[1].gradWeights[0][1]"] annotation').textContent()).resolves.toBe('\\frac{\\partial \\mathcal{L}}{\\partial W^{[2]}_{12}}');
    expect(errors).toEqual([]);
  });

  it('shows the expected number of a wrong answer when the link says reveal=1', async () => {
    const { page, errors } = await openPage(`#/check?problem=${encodeProblem(classic)}&reveal=1`);
    await page.getByLabel('∂ℒ/∂W⁽²⁾₁₂', { exact: true }).fill('0.09');
    await page.getByLabel('∂ℒ/∂W⁽²⁾₁₂', { exact: true }).press('Enter');
    await expect(page.locator('[data-path="layers[1].gradWeights[0][1]"] [data-verdict]').textContent()).resolves.toBe('✗ wrong, expected 0.08267');
    expect(errors).toEqual([]);
  });

  it('grades a pasted problem and answers file like tracegrad check, and says where a sheet does not fit', async () => {
    const { page, errors } = await openPage('#/check');
    await page.locator('[data-problem-text]').fill(readFileSync(join(REPO, 'test/cli/fixtures/classic.json'), 'utf8'));
    await page.locator('[data-load-problem]').click();
    await page.getByRole('tab', { name: 'An answers file' }).click();
    await page.locator('[data-answers-text]').fill(readFileSync(join(REPO, 'test/cli/fixtures/classic-answers-partial.json'), 'utf8'));
    await page.locator('[data-check-file]').click();
    const cli = JSON.parse(runCli(['check', 'test/cli/fixtures/classic.json', 'test/cli/fixtures/classic-answers-partial.json', '--json']).stdout) as { correct: number; wrong: number; items: { path: string; ok: boolean }[] };
    const rows = page.locator('[data-grading] tbody tr');
    expect(await rows.count()).toBe(cli.items.length);
    for (const item of cli.items) {
      await expect(page.locator(`[data-grading] tr[data-path="${item.path}"] td`).first().textContent()).resolves.toBe(item.ok ? '✓ right' : '✗ wrong');
    }
    await page.locator('[data-answers-text]').fill('{"layers": [{"gradWeights": [[1, 2], [3, 4], [5, 6]]}]}');
    await page.locator('[data-check-file]').click();
    await expect(page.locator('[data-answers-error]').textContent()).resolves.toBe('the pasted answers: layers[0].gradWeights[2] does not exist: layer 1 has 2 neurons');
    expect(errors).toEqual([]);
  });

  it('refuses a bad problem file with one line', async () => {
    const { page, errors } = await openPage('#/check');
    await page.locator('[data-problem-text]').fill('{"loss": "half_sse"}');
    await page.locator('[data-load-problem]').click();
    await expect(page.locator('[data-problem-error]').textContent()).resolves.toBe('the pasted problem: missing input: give input and target (one sample) or inputs and targets (a batch)');
    expect(errors).toEqual([]);
  });
});

describe('make a problem set', () => {
  it('makes one sheet per seed and an archive whose files are what tracegrad new writes', async () => {
    const { page, errors } = await openPage('#/problem-set');
    await page.locator('[data-sizes]').fill('2,3,2');
    await page.locator('[data-loss]').selectOption('half_sse');
    await page.locator('[data-first-seed]').fill('7');
    await page.locator('[data-last-seed]').fill('8');
    await page.locator('[data-generate]').click();
    await expect(page.locator('[data-sheet]').count()).resolves.toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.locator('[data-cli-command]').textContent()).resolves.toBe('tracegrad new --sizes 2,3,2 --activations sigmoid,sigmoid --loss half_sse --seed 7 --learning-rate 0.5');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download-zip]').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-set-e2e-'));
    const archive = join(dir, 'set.zip');
    await download.saveAs(archive);
    expect(download.suggestedFilename()).toBe('problem-set-seeds-7-8.zip');
    const listing = execFileSync('unzip', ['-Z1', archive]).toString().trim().split('\n');
    expect(listing).toContain('solutions/seed-8.tex');

    runCli(['new', '--sizes', '2,3,2', '--activations', 'sigmoid,sigmoid', '--loss', 'half_sse', '--seed', '7', '--learning-rate', '0.5', '--out', join(dir, 'p7.json'), '--answers', join(dir, 'k7.json')]);
    expect(execFileSync('unzip', ['-p', archive, 'problems/seed-7.json']).toString()).toBe(readFileSync(join(dir, 'p7.json'), 'utf8'));
    expect(execFileSync('unzip', ['-p', archive, 'keys/seed-7.json']).toString()).toBe(readFileSync(join(dir, 'k7.json'), 'utf8'));
    expect(errors).toEqual([]);
  });

  it('says in one line why options cannot make a problem', async () => {
    const { page, errors } = await openPage('#/problem-set');
    await page.locator('[data-first-seed]').fill('9');
    await page.locator('[data-last-seed]').fill('3');
    await page.locator('[data-generate]').click();
    await expect(page.locator('[data-set-error]').textContent()).resolves.toBe('the last seed (3) comes before the first (9)');
    expect(errors).toEqual([]);
  });
});
