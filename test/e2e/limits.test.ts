/**
 * What a hostile or careless person can type, paste, upload or link, on every page: each is refused
 * with a message that names the limit and the value, and the page stays usable (it answers a
 * script at once afterwards, and nothing uncaught reaches the console).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateProblem } from '../../src/data/generate';
import { parseProblemText, problemToJson, type ActivationName } from '../../src/data/problem';
import { encodeProblem } from '../../src/ui/player/problem-url';
import { openPage } from './browser';

/** A generated problem's file text: `sizes` from the input, sigmoid everywhere, squared error. */
function problemText(sizes: number[]): string {
  const activations: ActivationName[] = sizes.slice(1).map(() => 'sigmoid');
  return JSON.stringify(problemToJson(generateProblem({ sizes, activations, loss: 'half_sse', seed: 1 })));
}

/** The page still runs scripts and has its heading: not frozen, not blank. */
async function expectAlive(page: Page): Promise<void> {
  await expect(page.evaluate(() => document.querySelector('main h1')?.textContent?.trim() ?? '')).resolves.not.toBe('');
}

describe('the playground', () => {
  it('refuses a link with points a million units out, or of 400 nines, and keeps drawing the plane', async () => {
    for (const points of ['1000000,1000000,0;-1000000,-1000000,1', `${'9'.repeat(400)},1,0`]) {
      const { page, errors } = await openPage(`#/playground?data=custom&points=${points}`);
      await expect(page.locator('.link-problem').first().textContent()).resolves.toMatch(/points=.*: at most 1000 points, each coordinate from -100 to 100\)/);
      await expectAlive(page);
      // The plane is the usual one: a handful of grid lines, not 400,000.
      await expect(page.locator('.plot svg line').count()).resolves.toBeLessThan(60);
      expect(errors).toEqual([]);
    }
    // Two fresh pages, the first compiling the playground on a cold dev server.
  }, 90_000);

  it('refuses CSV values too far out to draw, by line, and draws no NaN circle', async () => {
    const { page, errors } = await openPage('#/playground?data=custom');
    const input = page.locator('[data-csv-input]');
    await input.setInputFiles({ name: 'far.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,0\n1e306,0,1\n') });
    // The file is read asynchronously after setInputFiles, so the message is polled for.
    await expect.poll(() => page.locator('[data-csv-error]').textContent()).toBe('far.csv: line 3: x1 is "1e306"; the playground takes coordinates from -100 to 100');
    // The same input again (it was cleared, so the change fires again), this time a value of 1e308.
    await input.setInputFiles({ name: 'far.csv', mimeType: 'text/csv', buffer: Buffer.from('0,1e308,1\n') });
    await expect.poll(() => page.locator('[data-csv-error]').textContent()).toBe('far.csv: line 1: x2 is "1e308"; the playground takes coordinates from -100 to 100');
    await expect(page.locator('svg [cx="NaN"], svg [cy="NaN"], svg [transform*="NaN"]').count()).resolves.toBe(0);
    await expectAlive(page);
    expect(errors).toEqual([]);
  });
});

describe('#/problem-set', () => {
  it('refuses layer sizes and batches that crashed the tab, with the limit', async () => {
    const { page, errors } = await openPage('#/problem-set');
    const cases: [string, string | undefined, RegExp][] = [
      ['3000,3000', undefined, /^layer size 1 of 3000,3000 has 3000 units; a layer of a generated problem has at most 1000$/],
      ['2,100000,2', undefined, /^layer size 2 of 2,100000,2 has 100000 units; a layer of a generated problem has at most 1000$/],
      ['2,3,2', '1000000000', /^the batch has 1000000000 samples; a generated batch has at most 1000$/],
    ];
    for (const [sizes, batch, message] of cases) {
      await page.locator('[data-sizes]').fill(sizes);
      if (batch !== undefined) {
        await page.getByLabel('A batch').check();
        await page.getByLabel('Samples').fill(batch);
      }
      await page.locator('[data-generate]').click();
      await expect(page.locator('[data-set-error]').textContent()).resolves.toMatch(message);
      await expect(page.locator('[data-sheet]').count()).resolves.toBe(0);
    }
    await expectAlive(page);
    expect(errors).toEqual([]);
  });
});

describe('the player', () => {
  it('refuses a network too large to step through, by upload, paste and link, and keeps the previous one', async () => {
    const { page, errors } = await openPage('#/player?example=classic');
    const counter = await page.locator('[data-step-counter]').textContent();
    const fileInput = page.locator('input[type="file"]');

    // A 1000-1000-1 problem froze the page for a minute; as a file it is over the size limit.
    const huge = problemText([1000, 1000, 1]);
    expect(huge.length).toBeGreaterThan(5_000_000);
    await fileInput.setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(huge) });
    await expect.poll(() => page.locator('[data-problem-error]').textContent(), { timeout: 15_000 }).toBe(`huge.json: the file has ${Buffer.byteLength(huge)} bytes; a page reads files of at most 5000000. The previous network is still loaded.`);

    // 150-150-1 is a small file but 22,650 weights: over the player's limit, by upload …
    const large = problemText([150, 150, 1]);
    await fileInput.setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.from(large) });
    await expect.poll(() => page.locator('[data-problem-error]').textContent(), { timeout: 15_000 }).toBe('large.json: the network has 22650 weights × samples; the player takes at most 20000. The previous network is still loaded.');
    // … by paste …
    await page.getByText('Load your own network').click();
    await page.locator('[data-paste]').fill(large);
    await page.locator('[data-load-pasted]').click();
    await expect.poll(() => page.locator('[data-problem-error]').textContent(), { timeout: 15_000 }).toMatch(/^the pasted problem: the network has 22650 weights × samples; the player takes at most 20000/);
    await expect(page.locator('[data-step-counter]').textContent()).resolves.toBe(counter);

    // … and by link.
    const encoded = encodeProblem(parseProblemText(large));
    await page.evaluate((hash) => (location.hash = hash), `#/player?problem=${encoded}`);
    await expect.poll(() => page.locator('[data-problem-error]').textContent(), { timeout: 15_000 }).toMatch(/^the link: the network has 22650 weights × samples; the player takes at most 20000/);
    await expectAlive(page);

    // The player alone, for a slide deck's iframe, takes the same links and the same limit.
    await page.evaluate((hash) => (location.hash = hash), `#/embed?problem=${encoded}`);
    await expect.poll(() => page.locator('[data-problem-error]').textContent(), { timeout: 15_000 }).toBe('This embed link has a problem: the network has 22650 weights × samples; the player takes at most 20000.');
    expect(errors).toEqual([]);
    // Generating and sending a 6 MB file takes a while on a small, busy machine.
  }, 120_000);
});

describe('#/check', () => {
  it('refuses on load a problem the engine cannot compute, naming the node, and never throws on Check', async () => {
    const { page, errors } = await openPage('#/check');
    const overflowing = [
      { layers: [{ weights: [[1e308, 1e308]], biases: [0], activation: 'identity' }], input: [1, 1], target: [0], loss: 'half_sse' },
      { layers: [{ weights: [[1e200]], biases: [0], activation: 'relu' }], input: [1], target: [0], loss: 'half_sse' },
    ];
    for (const problem of overflowing) {
      await page.locator('[data-problem-text]').fill(JSON.stringify(problem));
      await page.locator('[data-load-problem]').click();
      await expect.poll(() => page.locator('[data-problem-error]').textContent(), { timeout: 15_000 }).toMatch(/^the pasted problem: (linear|half_sse) produced ∞ from /);
      await expect(page.locator('[data-problem-status]').count()).resolves.toBe(0);
    }
    // An upload of a file with the same content: read, refused, and the input ready for the next.
    const input = page.getByLabel('Upload a problem file');
    for (let i = 0; i < 2; i++) {
      await input.setInputFiles({ name: 'overflow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(overflowing[0])) });
      await expect.poll(() => page.locator('[data-problem-error]').textContent(), { timeout: 15_000 }).toMatch(/^overflow\.json: linear produced ∞/);
      await expect(input.evaluate((element: HTMLInputElement) => element.value)).resolves.toBe('');
    }
    // A file that starts with a byte-order mark (as some Windows editors write) is read, not refused.
    const classic = { layers: [{ weights: [[0.15, 0.2], [0.25, 0.3]], biases: [0.35, 0.35], activation: 'sigmoid' }, { weights: [[0.4, 0.45], [0.5, 0.55]], biases: [0.6, 0.6], activation: 'sigmoid' }], input: [0.05, 0.1], target: [0.01, 0.99], loss: 'half_sse' };
    await input.setInputFiles({ name: 'bom.json', mimeType: 'application/json', buffer: Buffer.from(`\uFEFF${JSON.stringify(classic)}`) });
    await expect(page.locator('[data-problem-status]').textContent()).resolves.toMatch(/Loaded: layer sizes 2, 2, 2/);
    // And so is an answers file pasted with one.
    await page.getByRole('tab', { name: 'An answers file' }).click();
    await page.locator('[data-answers-text]').fill('\uFEFF{ "loss": 0.2984 }');
    await page.locator('[data-check-file]').click();
    await expect(page.locator('table').first().textContent()).resolves.toContain('0.2984');
    await expect(page.locator('[data-answers-error]').count()).resolves.toBe(0);
    await expectAlive(page);
    expect(errors).toEqual([]);
  }, 90_000);
});

describe('a lesson formula exercise', () => {
  it('answers 10,000 nested parentheses with its own verdict, not the previous answer', async () => {
    const { page, errors } = await openPage('#/lesson?id=chain-rule&step=2');
    const exercise = page.locator('[data-exercise="dlnx2"]');
    await exercise.locator('[data-answer-input]').fill('2/x');
    await exercise.locator('[data-check]').click();
    await expect(exercise.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('right');
    await exercise.locator('[data-answer-input]').fill('('.repeat(10_000) + 'x' + ')'.repeat(10_000));
    await exercise.locator('[data-check]').click();
    await expect(exercise.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('unreadable');
    await expect(exercise.locator('[data-verdict]').textContent()).resolves.toMatch(/the formula is 20001 characters long; at most 1000 are read/);
    expect(errors).toEqual([]);
  });
});

describe('page text taken from files', () => {
  it('shows control characters as escapes, never as themselves', async () => {
    const { page, errors } = await openPage('#/check');
    const problem = { layers: [{ weights: [[1]], biases: [0], activation: 'sigmoid' }], input: [1], target: [0], loss: 'half_sse', '\u202eevil\u001b[2J': 1 };
    await page.getByLabel('Upload a problem file').setInputFiles({ name: 'tricky.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(problem)) });
    const shown = (await page.locator('[data-problem-error]').textContent()) ?? '';
    expect(shown).toContain('unknown key "\\u202eevil\\x1b[2J"');
    expect(shown).not.toMatch(/[\u0000-\u001f\u202e]/);

    await page.goto(page.url().replace(/#.*$/, '#/playground?data=custom'));
    await page.locator('[data-csv-input]').setInputFiles({ name: 'tricky.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2,0\n\u001b[31m,0,1\n') });
    await expect(page.locator('[data-csv-error]').textContent()).resolves.toBe('tricky.csv: line 2: x1 is "\\x1b[31m", not a number');
    expect(errors).toEqual([]);
  });
});
