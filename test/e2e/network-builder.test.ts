import { expect, test } from 'vitest';
import { findExample } from '../../src/data/examples';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { withNeuronCount } from '../../src/ui/player/network-builder';
import { decodeProblem } from '../../src/ui/player/problem-url';
import { computeStops } from '../../src/ui/player/stops';
import { seriousViolations } from './axe';
import { openPage } from './browser';

const stopCount = (problem: Parameters<typeof traceProblem>[0]): number => computeStops(new Trace(traceProblem(problem).trace), 'op').length;

test('the network builder: a neuron added re-records the trace, goes into the URL and keeps the stop; a network beyond the limit is refused', async () => {
  const classic = findExample('classic')!.problem;
  const { page, errors } = await openPage('#/player?example=classic&step=12');
  const counter = page.locator('[data-step-counter]');
  await expect(counter.innerText()).resolves.toBe(`Step 12 of ${stopCount(classic)}`);

  await page.getByText('Build the network').click();
  await expect(page.locator('[data-builder-limit]').innerText()).resolves.toContain('up to 20,000 weights × samples');
  await page.getByRole('button', { name: 'Add a neuron to layer 1' }).click();
  // The recorded trace is the 2-3-2 network's: its stop count, counted here from our own recording.
  const grown = withNeuronCount(classic, 0, 3);
  expect(stopCount(grown)).toBeGreaterThan(stopCount(classic));
  await expect.poll(() => counter.innerText()).toBe(`Step 12 of ${stopCount(grown)}`);
  expect(await page.locator('[data-neuron="1-3"]').count()).toBe(1);
  await expect(page.getByLabel('Neurons in layer 1').inputValue()).resolves.toBe('3');
  // Every control is labelled and reachable: the panel passes axe.
  expect(await seriousViolations(page)).toEqual([]);
  await expect.poll(() => new URL(page.url()).hash).toContain('problem=');
  expect(new URL(page.url()).hash).toMatch(/step=12(&|$)/);
  const encoded = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('problem');
  expect(encoded).not.toBeNull();
  expect(decodeProblem(encoded!)).toEqual(grown);

  // The link opens the same network at the same stop.
  await page.reload();
  await expect(counter.innerText()).resolves.toBe(`Step 12 of ${stopCount(grown)}`);

  // 6000 neurons: 2×6000 + 6000×2 = 24,000 weights × 1 sample, above the player's 20,000.
  await page.getByText('Build the network').click();
  const urlBefore = page.url();
  await page.getByLabel('Neurons in layer 1').fill('6000');
  await page.getByLabel('Neurons in layer 1').press('Enter');
  await expect(page.locator('[data-problem-error]').innerText()).resolves.toBe(
    'the edited network: the network has 24000 weights × samples; the player takes at most 20000. The previous network is still loaded.',
  );
  await expect(counter.innerText()).resolves.toBe(`Step 12 of ${stopCount(grown)}`);
  expect(page.url()).toBe(urlBefore);
  // Beside the controls too, and the box shows the network's count again.
  await expect(page.locator('[data-builder-refusal]').innerText()).resolves.toBe('Refused: the network has 24000 weights × samples; the player takes at most 20000');
  await expect(page.getByLabel('Neurons in layer 1').inputValue()).resolves.toBe('3');

  // The loss, by its select: cross-entropy makes the output softmax and the target a class index.
  await page.getByLabel('Loss function').selectOption('cross_entropy');
  await expect.poll(async () => decodeProblem(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('problem')!).loss).toBe('cross_entropy');
  const withCrossEntropy = decodeProblem(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('problem')!);
  expect(withCrossEntropy.layers[1]!.activation).toBe('softmax');
  expect(withCrossEntropy.targets).toEqual([1]);
  await expect(counter.innerText()).resolves.toBe(`Step 12 of ${stopCount(withCrossEntropy)}`);

  for (const [width, height] of [[1280, 720], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.getByText('Build the network').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/16/builder-${width}.png` });
  }
  expect(errors).toEqual([]);
}, 120_000);
