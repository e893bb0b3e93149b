import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { findExample } from '../../src/data/examples';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { computeStops, stopNumberOf } from '../../src/ui/player/stops';
import { seriousViolations } from './axe';
import { openPage } from './browser';

const counter = async (page: Page): Promise<string> => (await page.locator('[data-step-counter]').first().textContent()) ?? '';

test('the player page: Go to a phase, layer and neuron by keyboard lands on the first stop of that place at the chosen granularity', async () => {
  const { page, errors } = await openPage('#/player?example=classic&step=1');
  const trace = new Trace(traceProblem(findExample('classic')!.problem).trace);
  const opStops = computeStops(trace, 'op');
  const layerStops = computeStops(trace, 'layer');
  await expect(counter(page)).resolves.toBe(`Step 1 of ${opStops.length}`);

  // Reached and opened with the keyboard; the choice starts where the player is.
  const toggle = page.getByRole('button', { name: 'Go to…' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
  const form = page.getByRole('form', { name: 'Go to a phase, layer and neuron' });
  const phase = form.getByLabel('Phase', { exact: true });
  const layer = form.getByLabel('Layer', { exact: true });
  const neuron = form.getByLabel('Neuron', { exact: true });
  await expect(phase.locator('option:checked').textContent()).resolves.toBe('Forward');
  await expect(layer.locator('option:checked').textContent()).resolves.toBe('Layer 1');
  await expect(neuron.inputValue()).resolves.toBe('1');
  await expect(phase.locator('option').allTextContents()).resolves.toEqual(['Forward', 'Loss', 'Backward', 'Update', 'Forward 2 (new weights)', 'Loss 2 (new weights)']);
  expect(await seriousViolations(page)).toEqual([]);

  // Arrows in a list choose from it; they do not step the player.
  await phase.focus();
  await page.keyboard.press('ArrowDown');
  await expect(counter(page)).resolves.toBe(`Step 1 of ${opStops.length}`);

  await phase.selectOption({ label: 'Backward' });
  // Backward reaches the loss first, then layer 2, then layer 1.
  await expect(layer.locator('option').allTextContents()).resolves.toEqual(['ℒ (no layer)', 'Layer 2', 'Layer 1']);
  await layer.selectOption({ label: 'Layer 1' });
  await neuron.selectOption('2');
  await form.getByRole('button', { name: 'Go' }).focus();
  await page.keyboard.press('Enter');
  // Step 35 of the trace is layer 1 neuron 2's first backward step (its tags say so, see the unit test).
  expect(trace.tags(35)).toMatchObject({ phase: 'backward', layer: 1, neuron: 2 });
  const expected = `Step ${stopNumberOf(opStops, 35)} of ${opStops.length}`;
  await expect(counter(page)).resolves.toBe(expected);
  await expect(form.getByRole('status').textContent()).resolves.toBe(`Went to ${expected.toLowerCase()}: Backward, layer 1, neuron 2.`);
  await expect(page.locator('[data-narration]').textContent()).resolves.toMatch(/^Backward, layer 1, neuron 2: /);
  await page.waitForFunction((step) => window.location.hash.includes(`step=${step}`), stopNumberOf(opStops, 35));

  // Stepping by layer, the same place is the stop that ends layer 1's backward run.
  await page.getByLabel('Step by').selectOption('layer');
  await form.getByRole('button', { name: 'Go' }).click();
  await expect(counter(page)).resolves.toBe(`Step ${stopNumberOf(layerStops, 51)} of ${layerStops.length}`);
  await expect(page.locator('.layer-view h2').first().textContent()).resolves.toBe('Layer view: Layer 1, backward');

  // The update of layer 2, from its start (no neuron): its first update step.
  await phase.selectOption({ label: 'Update' });
  await layer.selectOption({ label: 'Layer 2' });
  await neuron.selectOption({ label: 'start of the layer' });
  await page.getByLabel('Step by').selectOption('op');
  await form.getByRole('button', { name: 'Go' }).click();
  await expect(counter(page)).resolves.toBe(`Step ${stopNumberOf(opStops, 58)} of ${opStops.length}`);
  await expect(page.locator('[data-narration]').textContent()).resolves.toMatch(/^Update, layer 2, neuron 1: /);

  // Presenting: the form is out of the way, and PageDown still steps.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  await expect(toggle.isVisible()).resolves.toBe(false);
  await page.keyboard.press('PageDown');
  await expect(counter(page)).resolves.toBe(`Step ${stopNumberOf(opStops, 58) + 1} of ${opStops.length}`);
  await page.keyboard.press('PageUp');
  await expect(counter(page)).resolves.toBe(`Step ${stopNumberOf(opStops, 58)} of ${opStops.length}`);
  expect(errors).toEqual([]);
});

test('a digit of the MNIST page (784-128-10, some 300,000 steps): Go to a layer and a neuron, stepping by layer and by operation', async () => {
  const { page, errors } = await openPage('#/mnist?limit=1000');
  await page.getByText('digits ready').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Step into this digit' }).click();
  const player = page.locator('[data-digit-player]');
  await player.waitFor({ timeout: 60_000 });
  await expect(player.getByLabel('Step by').inputValue()).resolves.toBe('layer');
  await expect(counter(page)).resolves.toBe('Step 1 of 11');

  await player.getByRole('button', { name: 'Go to…' }).click();
  const form = player.getByRole('form', { name: 'Go to a phase, layer and neuron' });
  await form.getByLabel('Phase', { exact: true }).selectOption({ label: 'Backward' });
  await form.getByLabel('Layer', { exact: true }).selectOption({ label: 'Layer 1' });
  // The neurons whose backward steps the trace recorded (a ReLU neuron that was off passes no gradient back).
  const neurons = (await form.getByLabel('Neuron', { exact: true }).locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).slice(1);
  expect(neurons.length).toBeGreaterThan(10);
  expect(neurons.every((value) => Number(value) >= 1 && Number(value) <= 128)).toBe(true);
  const chosen = neurons[Math.floor(neurons.length / 2)]!;
  await form.getByLabel('Neuron', { exact: true }).selectOption(chosen);
  await form.getByRole('button', { name: 'Go' }).click();
  // By layer: forward 1, forward 2, loss, ∂ℒ/∂ℒ, backward 2, then backward 1.
  await expect(counter(page)).resolves.toBe('Step 6 of 11');
  await expect(player.locator('.layer-view h2').innerText()).resolves.toBe('Layer view: Layer 1, backward');

  // By operation (some 50,000 stops: a neuron's sum over 784 inputs is one stop): the neuron's own first backward step.
  await player.getByLabel('Step by').selectOption('op');
  await form.getByRole('button', { name: 'Go' }).click();
  await expect(player.locator('[data-narration]').textContent()).resolves.toMatch(new RegExp(`^Backward, layer 1, neuron ${chosen}: `));
  const [landed, total] = (await counter(page)).match(/\d+/g)!.map(Number);
  expect(total).toBeGreaterThan(50_000);
  // It is the neuron's first stop: one press back leaves the neuron, one forward returns to it.
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).resolves.toBe(`Step ${landed! - 1} of ${total}`);
  await expect(player.locator('[data-narration]').textContent()).resolves.not.toMatch(new RegExp(`^Backward, layer 1, neuron ${chosen}: `));
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).resolves.toBe(`Step ${landed!} of ${total}`);
  await expect(player.locator('[data-narration]').textContent()).resolves.toMatch(new RegExp(`^Backward, layer 1, neuron ${chosen}: `));

  // The update of layer 2, neuron 3.
  await form.getByLabel('Phase', { exact: true }).selectOption({ label: 'Update' });
  await form.getByLabel('Layer', { exact: true }).selectOption({ label: 'Layer 2' });
  await form.getByLabel('Neuron', { exact: true }).selectOption('3');
  await form.getByRole('button', { name: 'Go' }).click();
  await expect(player.locator('[data-narration]').textContent()).resolves.toMatch(/^Update, layer 2, neuron 3: /);
  await expect(form.getByRole('status').textContent()).resolves.toMatch(/^Went to step \d+ of \d+: Update, layer 2, neuron 3\.$/);

  expect(errors).toEqual([]);
}, 180_000);
