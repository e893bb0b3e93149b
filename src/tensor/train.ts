/**
 * Training an MLP classifier on MNIST-like data with the vectorized engine: shuffled mini-batches,
 * softmax output with cross-entropy, one optimizer step per batch. `Trainer` runs one batch per
 * call, so a Web Worker can interleave batches with messages (pause, stop); `trainClassifier` is
 * the plain loop for the command line. Both stop with a reason when the loss diverges.
 */
import type { ActivationName } from '../data/problem';
import { CLASSES, type MnistSplit } from '../data/mnist';
import { selectKernels } from './kernels/select';
import type { KernelBackend } from './kernels/types';
import { BatchedMlp, type LayerShape } from './mlp';
import { createOptimizer, type Optimizer, type OptimizerName } from './optimizers';
import { createRandom, shuffle, type Random } from '../data/random';

/** The activations a hidden layer may use (softmax belongs to the output layer). */
export const HIDDEN_ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu'] as const satisfies readonly ActivationName[];
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

export interface TrainOptions {
  /** Sizes of the hidden layers, e.g. [128]. */
  hidden: number[];
  activation: HiddenActivation;
  optimizer: OptimizerName;
  /** Learning rate α. */
  lr: number;
  /** Samples per mini-batch. */
  batch: number;
  epochs: number;
  seed: number;
  /** Which kernels to use; by default `selectKernels()`: WebAssembly SIMD where supported, else TypeScript. */
  kernels?: KernelBackend;
}

export interface TrainData {
  train: MnistSplit;
  test: MnistSplit;
}

export interface BatchReport {
  /** 1-based. */
  epoch: number;
  /** 1-based index of the batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** The batch's mean cross-entropy. */
  loss: number;
}

/** One line of `tracegrad mnist --json`. */
export interface EpochReport {
  epoch: number;
  /** Seconds spent training in this epoch (not evaluating, not reporting). */
  seconds: number;
  /** Mean batch loss over the epoch. */
  trainLoss: number;
  /** Fraction of training samples classified correctly during the epoch (before each update). */
  trainAccuracy: number;
  testAccuracy: number;
}

export type TrainOutcome =
  | { status: 'finished'; epochs: EpochReport[] }
  | { status: 'diverged'; reason: string; epochs: EpochReport[] };

export interface TrainCallbacks {
  onBatch?(report: BatchReport): void;
  onEpoch?(report: EpochReport): void;
}

/** Guessing uniformly costs ln 10 ≈ 2.3; a loss ten times that means the weights have blown up. */
const DIVERGED_LOSS = 10 * Math.log(CLASSES);

/** Why a batch loss means training has diverged, or undefined if it has not. */
function divergence(loss: number): string | undefined {
  if (!Number.isFinite(loss)) return `the loss became ${loss}`;
  if (loss > DIVERGED_LOSS) return `the loss reached ${loss.toPrecision(3)}, more than ten times the ${Math.log(CLASSES).toFixed(2)} of guessing uniformly`;
  return undefined;
}

/** Index of the largest value in each row of a rows×cols matrix: the predicted class. */
export function argmaxRows(values: Float32Array, rows: number, cols: number, out: Uint8Array): void {
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c]! > values[r * cols + best]!) best = c;
    out[r] = best;
  }
}

/** The fraction of predictions equal to their labels (0 for none). */
function fractionCorrect(predicted: Uint8Array, labels: Uint8Array): number {
  if (labels.length === 0) return 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** The network shape for `inputs` pixels: hidden layers with `activation`, then a softmax over the classes. */
export function classifierShapes(inputs: number, hidden: readonly number[], activation: HiddenActivation): LayerShape[] {
  const sizes = [inputs, ...hidden, CLASSES];
  return sizes.slice(1).map((outputs, l) => ({
    inputs: sizes[l]!,
    outputs,
    activation: l === hidden.length ? 'softmax' : activation,
  }));
}

/** Throws a RangeError naming the first option that makes no sense. */
function checkOptions({ hidden, lr, batch, epochs, seed }: TrainOptions): void {
  const positiveWhole = (value: number): boolean => Number.isInteger(value) && value >= 1;
  if (!hidden.every(positiveWhole)) throw new RangeError(`hidden layer sizes must be whole numbers ≥ 1, not ${hidden.join(', ')}`);
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`learning rate must be a positive number, not ${lr}`);
  if (!positiveWhole(batch)) throw new RangeError(`batch size must be a whole number ≥ 1, not ${batch}`);
  if (!positiveWhole(epochs)) throw new RangeError(`epochs must be a whole number ≥ 1, not ${epochs}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number, not ${seed}`);
}

export class Trainer {
  readonly network: BatchedMlp;
  readonly batchesPerEpoch: number;
  /** 1-based epoch of the next batch. */
  epoch = 1;
  private batchInEpoch = 0;
  private readonly pixels: number;
  private readonly order: Uint32Array;
  private readonly random: Random;
  private readonly optimizer: Optimizer;
  private readonly predictions: Uint8Array;
  private epochLossSum = 0;
  private epochCorrect = 0;
  private epochSeconds = 0;
  /** What the network predicted for each test digit at the end of the last epoch (for a confusion matrix). */
  testPredictions: Uint8Array | undefined;

  constructor(
    private readonly data: TrainData,
    private readonly options: TrainOptions,
  ) {
    if (data.train.count === 0) throw new Error('no training data');
    checkOptions(options);
    this.pixels = data.train.images.length / data.train.count;
    this.network = new BatchedMlp(classifierShapes(this.pixels, options.hidden, options.activation), options.batch, options.kernels ?? selectKernels());
    this.random = createRandom(options.seed);
    this.network.initialize(this.random);
    this.optimizer = createOptimizer(options.optimizer, this.network.parameters(), { learningRate: options.lr }, this.network.kernels);
    this.order = Uint32Array.from({ length: data.train.count }, (_, i) => i);
    this.batchesPerEpoch = Math.ceil(data.train.count / options.batch);
    this.predictions = new Uint8Array(options.batch);
  }

  get finished(): boolean {
    return this.epoch > this.options.epochs;
  }

  /**
   * Trains on the next mini-batch. Returns the batch's report, plus the epoch's report when this
   * batch ended an epoch. A diverged batch (non-finite or exploding loss) is not applied.
   */
  trainBatch(): { batch: BatchReport; epoch?: EpochReport } | { diverged: string } {
    const started = performance.now();
    const { train } = this.data;
    if (this.batchInEpoch === 0) shuffle(this.order, this.random);
    const first = this.batchInEpoch * this.options.batch;
    const size = Math.min(this.options.batch, train.count - first);
    this.loadBatch(train, this.order.subarray(first, first + size));

    const output = this.network.forward(size);
    const loss = this.network.loss('cross_entropy');
    const blowUp = divergence(loss);
    if (blowUp !== undefined) {
      return {
        diverged: `training diverged in epoch ${this.epoch}, batch ${this.batchInEpoch + 1}: ${blowUp} (try a smaller learning rate than ${this.options.lr})`,
      };
    }
    this.network.backward('cross_entropy');
    this.optimizer.step();
    this.epochSeconds += (performance.now() - started) / 1000;

    argmaxRows(output, size, CLASSES, this.predictions);
    for (let r = 0; r < size; r++) if (this.predictions[r] === train.labels[this.order[first + r]!]) this.epochCorrect++;
    this.epochLossSum += loss * size;
    this.batchInEpoch++;
    const batch: BatchReport = { epoch: this.epoch, batch: this.batchInEpoch, batchesPerEpoch: this.batchesPerEpoch, loss };
    if (this.batchInEpoch < this.batchesPerEpoch) return { batch };

    const testPredictions = this.predict(this.data.test);
    const epoch: EpochReport = {
      epoch: this.epoch,
      seconds: this.epochSeconds,
      trainLoss: this.epochLossSum / train.count,
      trainAccuracy: this.epochCorrect / train.count,
      testAccuracy: fractionCorrect(testPredictions, this.data.test.labels),
    };
    this.testPredictions = testPredictions;
    this.epoch++;
    this.batchInEpoch = 0;
    this.epochLossSum = 0;
    this.epochCorrect = 0;
    this.epochSeconds = 0;
    return { batch, epoch };
  }

  /** Fraction of `split` the network classifies correctly. */
  accuracy(split: MnistSplit): number {
    return fractionCorrect(this.predict(split), split.labels);
  }

  /** The class the network predicts for every digit of `split` (for a confusion matrix, say). */
  predict(split: MnistSplit): Uint8Array {
    const predicted = new Uint8Array(split.count);
    for (let first = 0; first < split.count; first += this.options.batch) {
      const size = Math.min(this.options.batch, split.count - first);
      this.network.input.set(split.images.subarray(first * this.pixels, (first + size) * this.pixels));
      argmaxRows(this.network.forward(size), size, CLASSES, predicted.subarray(first, first + size));
    }
    return predicted;
  }

  /** Copies the chosen samples into the network's input rows and their one-hot targets. */
  private loadBatch(split: MnistSplit, samples: Uint32Array): void {
    const { input, targets } = this.network;
    targets.fill(0, 0, samples.length * CLASSES);
    samples.forEach((sample, r) => {
      input.set(split.images.subarray(sample * this.pixels, (sample + 1) * this.pixels), r * this.pixels);
      targets[r * CLASSES + split.labels[sample]!] = 1;
    });
  }
}

/** Trains for `options.epochs` epochs, reporting each batch and epoch; stops early on divergence. */
export function trainClassifier(data: TrainData, options: TrainOptions, callbacks: TrainCallbacks = {}): { trainer: Trainer; outcome: TrainOutcome } {
  const trainer = new Trainer(data, options);
  const epochs: EpochReport[] = [];
  while (!trainer.finished) {
    const step = trainer.trainBatch();
    if ('diverged' in step) return { trainer, outcome: { status: 'diverged', reason: step.diverged, epochs } };
    callbacks.onBatch?.(step.batch);
    if (step.epoch !== undefined) {
      epochs.push(step.epoch);
      callbacks.onEpoch?.(step.epoch);
    }
  }
  return { trainer, outcome: { status: 'finished', epochs } };
}
