import { describe, it, expect } from 'vitest';
import { firstDigits, loadMnist, type Mnist } from '../../src/data/mnist';
import { trainClassifier, type TrainOptions } from '../../src/tensor/train';
import { WeightsError, loadWeights, saveWeights } from '../../src/tensor/weights';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { wasmSimdBackend } from '../../src/tensor/kernels/wasm';

const mnist: Mnist = await loadMnist();
// A small run: 2,000 training digits, one epoch, scored on the first 2,000 test digits.
const subset = { train: firstDigits(mnist.train, 2000), test: firstDigits(mnist.test, 2000) };
const options: TrainOptions = { hidden: [64], activation: 'relu', optimizer: 'adam', lr: 0.003, batch: 32, epochs: 1, seed: 7 };

describe('training on MNIST', () => {
  it('one seeded epoch on 2,000 digits reaches at least 80% test accuracy', () => {
    const batchLosses: number[] = [];
    const { outcome } = trainClassifier(subset, options, { onBatch: (report) => batchLosses.push(report.loss) });
    expect(outcome.status).toBe('finished');
    expect(batchLosses.length).toBe(63); // ⌈2000 / 32⌉
    const [epoch] = outcome.epochs;
    expect(epoch!.epoch).toBe(1);
    expect(epoch!.testAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(epoch!.trainAccuracy).toBeGreaterThan(0.6);
    expect(epoch!.seconds).toBeGreaterThan(0);
    // Learning happened: the last batches' loss is far below the first batch's (≈ ln 10).
    const tail = batchLosses.slice(-10).reduce((s, x) => s + x, 0) / 10;
    expect(tail).toBeLessThan(0.6 * batchLosses[0]!);
  });

  it('is deterministic for a seed, and the same with TypeScript and WebAssembly SIMD kernels', () => {
    const fast = trainClassifier(subset, { ...options, kernels: wasmSimdBackend }).outcome.epochs[0]!;
    const again = trainClassifier(subset, { ...options, kernels: wasmSimdBackend }).outcome.epochs[0]!;
    const plain = trainClassifier(subset, { ...options, kernels: typescriptBackend }).outcome.epochs[0]!;
    expect(again).toEqual({ ...fast, seconds: again.seconds });
    // float32 rounding differs between the kernels, so the runs drift apart only in the last digits.
    expect(plain.trainLoss).toBeCloseTo(fast.trainLoss, 3);
    expect(Math.abs(plain.testAccuracy - fast.testAccuracy)).toBeLessThanOrEqual(0.005);
  });

  it('stops with a clear reason when the loss explodes (learning rate 10)', () => {
    const onEpoch: unknown[] = [];
    const { outcome } = trainClassifier(subset, { ...options, optimizer: 'sgd', lr: 10 }, { onEpoch: (report) => onEpoch.push(report) });
    expect(outcome).toEqual({
      status: 'diverged',
      reason: 'training diverged in epoch 1, batch 2: the loss reached 51.41, more than ten times the 2.303 of guessing uniformly (try a smaller learning rate than 10)',
      epochs: [],
    });
    expect(onEpoch).toEqual([]);
  });

  it('stops when the loss stops being a number', () => {
    const { outcome } = trainClassifier(subset, { ...options, activation: 'identity', optimizer: 'sgd', lr: 1e4 });
    expect(outcome.status).toBe('diverged');
    expect(outcome.status === 'diverged' && outcome.reason).toMatch(/^training diverged in epoch 1, batch 2: the loss (reached|became) /);
  });

  it('refuses options that make no sense, naming the option', () => {
    expect(() => trainClassifier(subset, { ...options, batch: 0 })).toThrow('batch size must be a whole number ≥ 1, not 0');
    expect(() => trainClassifier(subset, { ...options, lr: -1 })).toThrow('learning rate must be a positive number, not -1');
    expect(() => trainClassifier(subset, { ...options, hidden: [128, 2.5] })).toThrow('hidden layer sizes must be whole numbers ≥ 1, not 128, 2.5');
  });

  it('momentum SGD trains too', () => {
    const { outcome } = trainClassifier(subset, { ...options, optimizer: 'momentum', lr: 0.02, activation: 'tanh' });
    expect(outcome.epochs[0]!.testAccuracy).toBeGreaterThan(0.75);
  });

  it('saves weights as JSON and loads them back to the same predictions', () => {
    const { trainer } = trainClassifier(subset, options);
    const json = JSON.stringify(saveWeights(trainer.network));
    const reloaded = loadWeights(JSON.parse(json), 32, typescriptBackend);
    trainer.network.gatherInputs(subset.test.pixels, [0]);
    reloaded.input.set(trainer.network.input.subarray(0, 784));
    const original = Array.from(trainer.network.forward(1));
    const restored = Array.from(reloaded.forward(1));
    restored.forEach((p, k) => expect(p).toBeCloseTo(original[k]!, 6));
    expect(reloaded.layers.map((layer) => layer.shape)).toEqual(trainer.network.layers.map((layer) => layer.shape));
  });

  it('refuses a weights file that is not one, or whose layers do not fit together', () => {
    expect(() => loadWeights({ layers: [] }, 1, wasmSimdBackend)).toThrow(WeightsError);
    const layer = (rows: number, cols: number) => ({
      weights: Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0.1)),
      biases: Array.from({ length: rows }, () => 0),
      activation: 'relu',
    });
    const file = { format: 'tracegrad-mlp', version: 1, layers: [layer(3, 4), layer(2, 5)] };
    expect(() => loadWeights(file, 1, wasmSimdBackend)).toThrow('layers[1].weights[0] must be an array of 3 numbers');
  });
});
