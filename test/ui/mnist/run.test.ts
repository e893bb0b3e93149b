/**
 * The MNIST page's run (src/ui/mnist/run.svelte.ts) driven by hand-written worker events, with a
 * stand-in worker that records the commands it is sent and a small stand-in pretrained model.
 */
import { describe, expect, it } from 'vitest';
import { saveWeights } from '../../../src/tensor/weights';
import { modelFromSnapshot, type PageModel } from '../../../src/ui/mnist/model';
import type { ModelSnapshot, WorkerCommand, WorkerEvent } from '../../../src/ui/mnist/protocol';
import { MnistRun } from '../../../src/ui/mnist/run.svelte';

function snapshot(hidden: number, weight: number): ModelSnapshot {
  return {
    shapes: [
      { inputs: 784, outputs: hidden, activation: 'relu' },
      { inputs: hidden, outputs: 10, activation: 'softmax' },
    ],
    weights: [new Float32Array(784 * hidden).fill(weight), new Float32Array(hidden * 10).map((_unused, e) => Math.floor(e / hidden) * weight)],
    biases: [new Float32Array(hidden), new Float32Array(10)],
  };
}

function standIn() {
  const sent: WorkerCommand[] = [];
  let terminated = 0;
  let pretrainedLoads = 0;
  const pretrained: PageModel = modelFromSnapshot(snapshot(4, 0.01), 'the stand-in pretrained model');
  const run = new MnistRun(2000, {
    startWorker: () => ({ send: (command) => sent.push(command), terminate: () => terminated++ }),
    loadPretrained: () => {
      pretrainedLoads++;
      return Promise.resolve(pretrained);
    },
  });
  return { run, sent, pretrained, terminated: () => terminated, pretrainedLoads: () => pretrainedLoads };
}

const ready: WorkerEvent = {
  type: 'ready',
  trainCount: 2000,
  testCount: 10000,
  sample: { pixels: new Uint8Array(3 * 784).fill(200), labels: Uint8Array.of(7, 2, 1) },
  kernels: { name: 'wasm-simd', cores: 1, reason: 'not isolated' },
};

describe('an MNIST run', () => {
  it('connects: asks the worker for the digits (with the limit) and takes the pretrained model; disconnecting ends the worker', async () => {
    const { run, sent, pretrained, terminated } = standIn();
    const disconnect = run.connect('http://localhost/');
    expect(sent).toEqual([{ type: 'load', baseUrl: 'http://localhost/', limit: 2000 }]);
    await Promise.resolve();
    expect(run.model).toBe(pretrained);
    run.handle({ type: 'download', loadedBytes: 5e6, totalBytes: 11e6, fromCache: false });
    expect(run.download.loadedBytes).toBe(5e6);
    run.handle(ready);
    run.handle({ type: 'state', state: 'ready' });
    expect(run.runState).toBe('ready');
    expect(run.dataInfo?.trainCount).toBe(2000);
    // The stand-in's last layer favours class 9 for every bright digit.
    expect(Array.from(run.samplePredictions!)).toEqual([9, 9, 9]);
    disconnect();
    expect(terminated()).toBe(1);
  });

  it('starts with a plain copy of the settings, plots smoothed losses at their epoch fraction, and keeps the speed as a moving average', () => {
    const { run, sent } = standIn();
    run.connect('/');
    run.handle(ready);
    run.settings.epochs = 2;
    run.settings.batch = 100;
    run.command('start');
    const start = sent[1]!;
    expect(start).toEqual({ type: 'start', settings: { hidden: [128], activation: 'relu', optimizer: 'adam', lr: 0.001, batch: 100, epochs: 2, seed: 1 } });
    // What the worker receives must survive structured cloning (a Svelte proxy would not).
    expect(structuredClone(start)).toEqual(start);
    expect([run.runBatch, run.runEpochs, run.examplesTotal]).toEqual([100, 2, 4000]);

    run.handle({ type: 'progress', epoch: 1, batchesPerEpoch: 20, batchInEpoch: 2, losses: [2.3, 2.1], examples: 200, seconds: 0.1 });
    // Bias-corrected smoothing: the first point is the first loss itself.
    expect(run.lossPoints[0]![0]).toBeCloseTo(0.05, 12);
    expect(run.lossPoints[0]![1]).toBeCloseTo(2.3, 12);
    expect(run.lossPoints[1]![0]).toBeCloseTo(0.1, 12);
    expect(run.lossPoints[1]![1]).toBeCloseTo((0.95 * 0.05 * 2.3 + 0.05 * 2.1) / (1 - 0.95 ** 2), 12);
    expect(run.progress.examplesPerSecond).toBeCloseTo(2000, 9);
    run.handle({ type: 'progress', epoch: 1, batchesPerEpoch: 20, batchInEpoch: 4, losses: [2, 1.9], examples: 200, seconds: 0.05 });
    expect(run.progress.examplesDone).toBe(400);
    expect(run.progress.examplesPerSecond).toBeCloseTo(0.8 * 2000 + 0.2 * 4000, 9);
    expect(run.secondsLeft).toBeCloseTo(3600 / 2400, 9);
  });

  it('takes each epoch’s report, confusion and model; says when it finished or diverged; a new start forgets the last run', () => {
    const { run } = standIn();
    run.connect('/');
    run.handle(ready);
    run.settings.epochs = 1;
    run.command('start');
    run.handle({ type: 'progress', epoch: 1, batchesPerEpoch: 1, batchInEpoch: 1, losses: [2.3], examples: 2000, seconds: 1 });
    const report = { epoch: 1, seconds: 1.25, trainLoss: 0.5, trainAccuracy: 0.85, testAccuracy: 0.9 };
    run.handle({ type: 'epoch', report, confusion: new Array<number>(100).fill(1), model: snapshot(8, 0.02) });
    run.handle({ type: 'state', state: 'stopped', reason: 'finished' });
    expect(run.epochs).toEqual([report]);
    expect(run.lastEpoch).toEqual(report);
    expect(run.confusion).toHaveLength(100);
    expect(run.model?.source).toBe('epoch 1 of this run, 784-8-10 (relu)');
    expect(run.notice).toBe('Finished 1 epoch.');

    run.command('start');
    expect([run.lossPoints, run.epochs, run.confusion, run.notice, run.progress.examplesDone]).toEqual([[], [], undefined, undefined, 0]);
    run.handle({ type: 'state', state: 'diverged', reason: 'training diverged in epoch 1, batch 2: the loss became NaN' });
    expect(run.notice).toBe('Training paused: training diverged in epoch 1, batch 2: the loss became NaN.');
  });

  it('resets to the pretrained model, and loads a weights file or says in one line why not', async () => {
    const { run, sent, pretrained, pretrainedLoads } = standIn();
    run.connect('/');
    run.handle({ type: 'epoch', report: { epoch: 1, seconds: 1, trainLoss: 1, trainAccuracy: 0.5, testAccuracy: 0.5 }, confusion: [], model: snapshot(8, 0.02) });
    run.command('reset');
    expect(sent[sent.length - 1]).toEqual({ type: 'reset' });
    await Promise.resolve();
    expect(pretrainedLoads()).toBe(2);
    expect(run.model).toBe(pretrained);
    expect(run.epochs).toEqual([]);

    await run.loadModel(new File(['{"format": "tracegrad-mlp"'], 'broken.json'));
    expect(run.loadError).toMatch(/^broken\.json: /);
    expect(run.model).toBe(pretrained);

    const good = JSON.stringify(saveWeights(modelFromSnapshot(snapshot(6, 0.03), '').network));
    await run.loadModel(new File([good], 'mine.json'));
    expect(run.loadError).toBeUndefined();
    expect(run.model?.source).toBe('loaded from mine.json, 784-6-10 (relu)');
  });
});
