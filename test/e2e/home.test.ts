import { expect, test } from 'vitest';
import { openPage } from './browser';

test('the home page says what tracegrad is and links to what exists', async () => {
  const { page, errors } = await openPage('#/');

  await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['Backpropagation, replayed']);
  await expect(page.title()).resolves.toBe('Backpropagation, replayed · tracegrad');

  const existing = page.locator('section[aria-labelledby="exists-title"] li > strong');
  await expect(existing.allInnerTexts()).resolves.toEqual([
    'The step-through player',
    'The expression lab',
    'The recording scalar engine',
    'Problem files',
    'The MNIST page',
    'The playground',
    'Homework pages',
    'The tracegrad command line',
  ]);
  const commands = page.getByRole('list', { name: 'tracegrad commands' }).locator('li > code');
  await expect(commands.allInnerTexts()).resolves.toEqual([
    'grad',
    'check',
    'gradcheck',
    'new',
    'trace',
    'mnist',
  ]);
  await page.getByRole('link', { name: 'The step-through player' }).click();
  await page.locator('h1', { hasText: 'Step-through player' }).waitFor();

  expect(errors).toEqual([]);
});

test('the backprop formula is typeset by KaTeX without errors', async () => {
  const { page, errors } = await openPage('#/');

  await expect(page.locator('section[aria-labelledby="rule-title"] .katex-display').count()).resolves.toBe(1);
  await expect(page.locator('.katex-error, .tex-error').count()).resolves.toBe(0);
  // The MathML copy is what screen readers read; it must carry the formula.
  await expect(page.locator('main .katex math').textContent()).resolves.toContain('δ');

  expect(errors).toEqual([]);
});

test('an unknown route shows a friendly not-found page that links home', async () => {
  const { page, errors } = await openPage('#/no-such-page');

  await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
  await expect(page.locator('main').innerText()).resolves.toContain('#/no-such-page');

  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await page.locator('h1', { hasText: 'Backpropagation, replayed' }).waitFor();
  expect(new URL(page.url()).hash).toBe('#/');
  // Focus follows the navigation to the new page's content.
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');

  expect(errors).toEqual([]);
});
