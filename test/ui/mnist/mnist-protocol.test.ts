import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstDigits, loadMnist } from '../../../src/data/mnist';
import { argmax, modelFromFile, predictDigits } from '../../../src/ui/mnist/model';
import { toMnistInput } from '../../../src/ui/mnist/preprocess';
import { allows, confusionMatrix, LossSmoother, secondsLeft, transition, type CommandType, type RunState } from '../../../src/ui/mnist/protocol';

describe('the training run state machine', () => {
  it('goes ready → training → paused → training → stopped → training → ready', () => {
    let state: RunState = 'ready';
    const steps: [CommandType, RunState][] = [['start', 'training'], ['pause', 'paused'], ['resume', 'training'], ['stop', 'stopped'], ['start', 'training'], ['reset', 'ready']];
    for (const [command, expected] of steps) {
      state = transition(state, command)!;
      expect(state).toBe(expected);
    }
  });

  it('refuses commands that make no sense in a state', () => {
    expect(transition('loading', 'start')).toBeUndefined();
    expect(transition('ready', 'pause')).toBeUndefined();
    expect(transition('training', 'start')).toBeUndefined();
    expect(transition('paused', 'pause')).toBeUndefined();
    expect(transition('stopped', 'resume')).toBeUndefined();
  });

  it('a diverged run cannot resume (the weights have blown up), only start again or reset', () => {
    expect(allows('diverged', 'resume')).toBe(false);
    expect(transition('diverged', 'start')).toBe('training');
    expect(transition('diverged', 'reset')).toBe('ready');
  });
});

describe('what the page draws from the events', () => {
  it('counts a confusion matrix by true digit (row) and prediction (column)', () => {
    const matrix = confusionMatrix(Uint8Array.of(0, 1, 1, 2), Uint8Array.of(0, 1, 2, 2), 3);
    expect(matrix).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 1]);
  });

  it('smooths the loss without the start-up bias and skips non-finite losses (no NaN in plots)', () => {
    const smoother = new LossSmoother(0.9);
    expect(smoother.add(2)).toBeCloseTo(2, 12);
    expect(smoother.add(NaN)).toBeUndefined();
    expect(smoother.add(Infinity)).toBeUndefined();
    const next = smoother.add(1)!;
    expect(next).toBeGreaterThan(1);
    expect(next).toBeLessThan(2);
  });

  it('estimates the time left from the speed, once there is one', () => {
    expect(secondsLeft(1000, 4000, 1000)).toBe(3);
    expect(secondsLeft(0, 4000, 0)).toBeUndefined();
  });
});

describe('a drawing made into an MNIST input', () => {
  it('is empty for an empty pad, and scaled to a 20-pixel box centred by mass otherwise', () => {
    expect(toMnistInput(new Float32Array(100 * 100), 100, 100)).toBeUndefined();
    // A filled 10×40 bar in the top-left corner of a 100×100 pad.
    const ink = new Float32Array(100 * 100);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 10; x++) ink[y * 100 + x] = 1;
    const image = toMnistInput(ink, 100, 100)!;
    const rows = Array.from({ length: 28 }, (_, y) => image.subarray(y * 28, y * 28 + 28).some((v) => v > 0));
    const cols = Array.from({ length: 28 }, (_, x) => rows.some((_, y) => image[y * 28 + x]! > 0));
    expect(rows.filter(Boolean)).toHaveLength(20);
    expect(cols.filter(Boolean)).toHaveLength(5);
    expect(rows.indexOf(true)).toBe(4);
    expect(cols.indexOf(true)).toBeGreaterThanOrEqual(11);
    expect(cols.indexOf(true)).toBeLessThanOrEqual(12);
  });

  it('enlarges a small drawing without gaps', () => {
    const ink = new Float32Array(50 * 50);
    for (let y = 20; y < 25; y++) for (let x = 20; x < 25; x++) ink[y * 50 + x] = 1;
    const image = toMnistInput(ink, 50, 50)!;
    expect(image.filter((v) => v === 1)).toHaveLength(400);
  });
});

describe('the page model', () => {
  const pretrained: unknown = JSON.parse(readFileSync(new URL('../../../src/ui/mnist/pretrained.json', import.meta.url), 'utf8'));

  it('ships a pretrained 784-32-10 model under 500 KB that reads at least 90% of test digits right', async () => {
    expect(readFileSync(new URL('../../../src/ui/mnist/pretrained.json', import.meta.url)).length).toBeLessThan(500_000);
    const model = modelFromFile(pretrained, 'pretrained');
    const test = firstDigits((await loadMnist()).test, 1000);
    const probabilities = predictDigits(model.network, Float32Array.from(test.pixels, (pixel) => pixel / 255), test.count);
    let correct = 0;
    for (let i = 0; i < test.count; i++) if (argmax(probabilities.subarray(i * 10, i * 10 + 10)) === test.labels[i]) correct++;
    expect(correct / test.count).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses a weights file that is not a 784-input, 10-class classifier', () => {
    const tiny = { format: 'tracegrad-mlp', version: 1, layers: [{ weights: [[1, 2]], biases: [0], activation: 'sigmoid' }] };
    expect(() => modelFromFile(tiny, 'tiny')).toThrow(/needs 784 and 10/);
  });
});
