/**
 * The one trainer (tensor/train.ts) that the playground and MNIST share. Its update is checked
 * against central finite differences of the loss, computed here in float64 by a forward pass
 * written out by hand, for each output the playground offers (sigmoid with BCE or MSE, softmax with
 * cross-entropy) and with L2 on the weights; its bookkeeping (epochs, batch sizes changed mid-run,
 * the loss history) against counts made by the examples themselves.
 */
import { describe, expect, it } from 'vitest';
import type { LossName } from '../../src/data/problem';
import { createRandom } from '../../src/data/random';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { BatchedMlp, type LayerShape } from '../../src/tensor/mlp';
import { Trainer, evaluate, type Examples, type TrainerSettings } from '../../src/tensor/train';

const POINTS: [number, number][] = [
  [0.5, -1.2],
  [-0.7, 0.3],
  [1.4, 0.9],
  [-0.2, -0.8],
  [0.9, -0.1],
];
const LABELS = [1, 0, 2, 1, 0];

/** The points as examples for an output `width` wide: a 0/1 label for one sigmoid, a one-hot row for softmax. */
function pointExamples(width: number, written: number[] = []): Examples {
  return {
    count: POINTS.length,
    label: (i) => (width === 1 ? LABELS[i]! % 2 : LABELS[i]!),
    write({ input, targets }, indices) {
      for (let r = 0; r < indices.length; r++) {
        const i = indices[r]!;
        written.push(i);
        input.set(POINTS[i]!, r * 2);
        if (width === 1) targets[r] = LABELS[i]! % 2;
        else for (let c = 0; c < width; c++) targets[r * width + c] = c === LABELS[i] ? 1 : 0;
      }
    },
  };
}

function network(width: number, seed = 5): BatchedMlp {
  const shapes: LayerShape[] = [
    { inputs: 2, outputs: 3, activation: 'tanh' },
    { inputs: 3, outputs: width, activation: width === 1 ? 'sigmoid' : 'softmax' },
  ];
  const mlp = new BatchedMlp(shapes, 8, typescriptBackend);
  mlp.initialize(createRandom(seed));
  return mlp;
}

/** Every weight and bias of the network as float64 numbers, layer by layer: [W1, b1, W2, b2]. */
function parametersOf(mlp: BatchedMlp): number[][] {
  return mlp.layers.flatMap((layer) => [Array.from(layer.weights), Array.from(layer.biases)]);
}

/** The mean loss over all the points, in float64, from parameters [W1, b1, W2, b2]. */
function meanLoss(parameters: number[][], width: number, loss: LossName): number {
  const [w1, b1, w2, b2] = parameters as [number[], number[], number[], number[]];
  let total = 0;
  POINTS.forEach((x, i) => {
    const hidden = [0, 1, 2].map((j) => Math.tanh(w1[j * 2]! * x[0] + w1[j * 2 + 1]! * x[1] + b1[j]!));
    const a = Array.from({ length: width }, (_unused, k) => b2[k]! + hidden.reduce((sum, z, j) => sum + w2[k * 3 + j]! * z, 0));
    if (loss === 'cross_entropy') {
      const top = Math.max(...a);
      const logSum = top + Math.log(a.reduce((sum, value) => sum + Math.exp(value - top), 0));
      total += logSum - a[LABELS[i]!]!;
      return;
    }
    const y = LABELS[i]! % 2;
    const yHat = 1 / (1 + Math.exp(-a[0]!));
    total += loss === 'bce' ? -(y * Math.log(yHat) + (1 - y) * Math.log(1 - yHat)) : (yHat - y) ** 2;
  });
  return total / POINTS.length;
}

describe('the one trainer', () => {
  it.each([
    ['sigmoid with BCE', 1, 'bce'],
    ['sigmoid with MSE', 1, 'mse'],
    ['softmax with cross-entropy', 3, 'cross_entropy'],
  ] as const)('%s, L2 on the weights: one batch of all points moves θ by −α (∂ℒ/∂θ + λθ for weights), ∂ℒ/∂θ from finite differences', (_name, width, loss) => {
    const mlp = network(width);
    const before = parametersOf(mlp);
    const settings: TrainerSettings = { learningRate: 0.5, batchSize: POINTS.length, regularization: 'l2', regularizationRate: 0.1 };
    const trainer = new Trainer(mlp, pointExamples(width), { loss, optimizer: 'sgd', settings, random: createRandom(1) });
    const result = trainer.step();
    expect(result.status === 'trained' && result.batch.loss).toBeCloseTo(meanLoss(before, width, loss), 6);
    const after = parametersOf(mlp);
    const h = 1e-6;
    let moved = 0;
    before.forEach((values, p) => {
      const isWeight = p % 2 === 0;
      values.forEach((theta, e) => {
        const shifted = (delta: number) => before.map((array, q) => (q === p ? array.map((v, f) => (f === e ? v + delta : v)) : array));
        const gradient = (meanLoss(shifted(h), width, loss) - meanLoss(shifted(-h), width, loss)) / (2 * h);
        const expected = theta - settings.learningRate * (gradient + (isWeight ? 0.1 * theta : 0));
        expect(after[p]![e]).toBeCloseTo(expected, 5);
        moved += Math.abs(after[p]![e]! - theta);
      });
    });
    expect(moved).toBeGreaterThan(0.01);
  });

  it('visits every example once an epoch, even when the batch size changes mid-epoch, and counts epochs', () => {
    const written: number[] = [];
    const settings: TrainerSettings = { learningRate: 0.1, batchSize: 2 };
    const trainer = new Trainer(network(1), pointExamples(1, written), { loss: 'bce', optimizer: 'sgd', settings, random: createRandom(3), epochs: 2 });
    const first = trainer.step();
    expect(first.status === 'trained' && first.batch).toMatchObject({ epoch: 1, batch: 1, batchesPerEpoch: 3, size: 2 });
    trainer.settings = { ...settings, batchSize: 3 };
    const second = trainer.step();
    expect(second.status === 'trained' && second.batch).toMatchObject({ epoch: 1, batch: 2, size: 3 });
    expect(second.status === 'trained' && second.epoch?.epoch).toBe(1);
    expect([...written].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(trainer.finished).toBe(false);
    trainer.runEpoch();
    expect(trainer.epoch).toBe(2);
    expect(trainer.finished).toBe(true);
    expect([...written.slice(5)].sort()).toEqual([0, 1, 2, 3, 4]);
    // Reshuffled: the second epoch does not replay the first one's order.
    expect(written.slice(5)).not.toEqual(written.slice(0, 5));
  });

  it('keeps a history of the whole sets’ losses from epoch 0, and replaces its last point after an outside edit', () => {
    const mlp = network(3);
    const test = pointExamples(3);
    const trainer = new Trainer(mlp, pointExamples(3), { loss: 'cross_entropy', optimizer: 'sgd', settings: { learningRate: 0.3, batchSize: 2 }, random: createRandom(2), test, keepHistory: true });
    expect(trainer.history.map((point) => point.epoch)).toEqual([0]);
    expect(trainer.history[0]!.train).toBeCloseTo(meanLoss(parametersOf(mlp), 3, 'cross_entropy'), 6);
    trainer.runEpoch();
    trainer.runEpoch();
    expect(trainer.history.map((point) => point.epoch)).toEqual([0, 1, 2]);
    expect(trainer.lastLoss!.train).toBeCloseTo(meanLoss(parametersOf(mlp), 3, 'cross_entropy'), 6);
    expect(trainer.lastLoss!.train).toBeLessThan(trainer.history[0]!.train);
    mlp.layers[1]!.biases[0] = 5;
    trainer.refresh();
    expect(trainer.history).toHaveLength(3);
    expect(trainer.lastLoss!.test).toBeCloseTo(evaluate(mlp, 'cross_entropy', test).loss, 12);
    expect(trainer.lastLoss!.test).toBeCloseTo(meanLoss(parametersOf(mlp), 3, 'cross_entropy'), 6);
  });

  it('has nothing to do without examples, and evaluates no examples as NaN', () => {
    const empty: Examples = { count: 0, label: () => 0, write: () => undefined };
    const trainer = new Trainer(network(1), empty, { loss: 'bce', optimizer: 'sgd', settings: { learningRate: 0.1, batchSize: 4 }, random: createRandom(1), keepHistory: true });
    expect(trainer.step()).toEqual({ status: 'idle' });
    trainer.runEpoch();
    expect(trainer.epoch).toBe(0);
    expect(evaluate(network(1), 'bce', empty).loss).toBeNaN();
  });
});
