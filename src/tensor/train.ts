/**
 * The one trainer of the batched engine, for the playground's small networks and MNIST's digits
 * alike: shuffled mini-batches, forward, loss, backward, one optimizer step (tensor/optimizers.ts,
 * with its L1/L2 regularisation), one batch per `step`, so a caller interleaves batches with
 * drawing (the playground) or with messages (the MNIST worker). Settings (α, batch size, λ) may
 * change between batches. Each epoch ends with a report; a trainer that keeps a history also
 * measures the whole training and test sets before training and after every epoch.
 *
 * Below it, MNIST's use of it: a classifier built from `TrainOptions` (hidden layers, softmax
 * output, cross-entropy), the digits as examples, and `trainClassifier`, the plain loop of the
 * command line. Training on digits stops with a reason when the loss diverges.
 */
import type { ActivationName, LossName } from '../data/problem';
import { CLASSES, type MnistSplit } from '../data/mnist';
import { createRandom, shuffle, type Random } from '../data/random';
import { formatNumber } from '../engine/format';
import { selectKernels } from './kernels/select';
import type { KernelBackend } from './kernels/types';
import { BatchedMlp, type LayerShape } from './mlp';
import { createOptimizer, type Optimizer, type OptimizerName, type OptimizerSettings } from './optimizers';

/** The activations a hidden layer may use (softmax belongs to the output layer). */
export const HIDDEN_ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu'] as const satisfies readonly ActivationName[];
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** Labelled examples the trainer can copy into a network's rows (digits, the playground's points). */
export interface Examples {
  readonly count: number;
  /** Writes the inputs and targets of the examples numbered `indices` into the network's first rows. */
  write(network: BatchedMlp, indices: ArrayLike<number>): void;
  /** The class of example i. */
  label(i: number): number;
}

/** What a trainer reads at every batch, so a caller may change it while training runs. */
export interface TrainerSettings extends OptimizerSettings {
  /** Examples per mini-batch (the last batch of an epoch takes what is left). */
  batchSize: number;
}

export interface TrainerSetup {
  loss: LossName;
  optimizer: OptimizerName;
  settings: TrainerSettings;
  /** Shuffles the training examples at the start of every epoch. */
  random: Random;
  test?: Examples;
  /** Epochs to train; `finished` after them. Without it, training goes on as long as it is asked. */
  epochs?: number;
  /**
   * Keep `history`: the loss over the whole training and test sets before training and after
   * every epoch. Cheap on the playground's hundreds of points; MNIST's 60,000 digits report the
   * running mean of the batch losses instead.
   */
  keepHistory?: boolean;
  /** Why a batch loss means training has diverged, or undefined if it has not; a diverged batch is not applied. */
  divergence?(loss: number): string | undefined;
}

export interface BatchReport {
  /** 1-based. */
  epoch: number;
  /** 1-based index of the batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Examples in the batch. */
  size: number;
  /** The batch's mean loss. */
  loss: number;
}

/** One line of `tracegrad mnist --json`. */
export interface EpochReport {
  epoch: number;
  /** Seconds spent training in this epoch (not evaluating, not reporting). */
  seconds: number;
  /** Mean batch loss over the epoch. */
  trainLoss: number;
  /** Fraction of training examples classified correctly during the epoch (before each update). */
  trainAccuracy: number;
  /** Over the test set after the epoch (NaN without one). */
  testAccuracy: number;
}

export type StepResult =
  | { status: 'trained'; batch: BatchReport; epoch?: EpochReport }
  | { status: 'diverged'; reason: string }
  /** There are no training examples. */
  | { status: 'idle' };

/** A point of the loss chart: the mean loss over each whole set at the end of an epoch (0: before training). */
export interface LossPoint {
  epoch: number;
  train: number;
  test: number;
}

export interface Evaluation {
  /** Mean loss (without regularisation); NaN for no examples. */
  loss: number;
  /** NaN for no examples. */
  accuracy: number;
  /** The predicted class of every example. */
  predictions: Uint8Array;
}

/**
 * The predicted class of each of `rows` output rows `width` wide: the larger side of 0.5 for a
 * single sigmoid output, else the index of the largest output.
 */
export function predictClasses(output: Float32Array, rows: number, width: number, out: Uint8Array): void {
  for (let r = 0; r < rows; r++) {
    if (width === 1) {
      out[r] = output[r]! >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < width; c++) if (output[r * width + c]! > output[r * width + best]!) best = c;
    out[r] = best;
  }
}

/** Loss and accuracy of `network` over all of `examples`, in chunks of the batch it was built for. */
export function evaluate(network: BatchedMlp, loss: LossName, examples: Examples): Evaluation {
  const predictions = new Uint8Array(examples.count);
  if (examples.count === 0) return { loss: Number.NaN, accuracy: Number.NaN, predictions };
  const width = network.layers[network.layers.length - 1]!.shape.outputs;
  let lossSum = 0;
  let correct = 0;
  for (let first = 0; first < examples.count; first += network.maxBatch) {
    const size = Math.min(network.maxBatch, examples.count - first);
    examples.write(network, Uint32Array.from({ length: size }, (_unused, r) => first + r));
    const output = network.forward(size);
    lossSum += network.loss(loss) * size;
    predictClasses(output, size, width, predictions.subarray(first, first + size));
    for (let r = 0; r < size; r++) if (predictions[first + r] === examples.label(first + r)) correct++;
  }
  return { loss: lossSum / examples.count, accuracy: correct / examples.count, predictions };
}

export class Trainer {
  /** Completed epochs (a caller that rebuilds a trainer on new data may carry the count over). */
  epoch = 0;
  /** Filled only with `keepHistory`. */
  readonly history: LossPoint[] = [];
  /** What the network predicted for each test example at the end of the last epoch (for a confusion matrix). */
  testPredictions: Uint8Array | undefined;
  private readonly order: Uint32Array;
  /** The next position in `order`; 0 means an epoch is about to start. */
  private position = 0;
  private batchInEpoch = 0;
  private readonly optimizer: Optimizer;
  private readonly width: number;
  private readonly predictions: Uint8Array;
  private epochLossSum = 0;
  private epochCorrect = 0;
  private epochSeconds = 0;

  constructor(
    readonly network: BatchedMlp,
    readonly train: Examples,
    private readonly setup: TrainerSetup,
  ) {
    this.optimizer = createOptimizer(setup.optimizer, network.parameters(), setup.settings, network.kernels);
    this.order = Uint32Array.from({ length: train.count }, (_unused, i) => i);
    this.width = network.layers[network.layers.length - 1]!.shape.outputs;
    this.predictions = new Uint8Array(network.maxBatch);
    if (setup.keepHistory === true) this.record();
  }

  get settings(): TrainerSettings {
    return this.setup.settings;
  }

  /** New settings apply from the next batch. */
  set settings(settings: TrainerSettings) {
    this.setup.settings = settings;
    this.optimizer.settings = settings;
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.train.count / this.settings.batchSize);
  }

  get finished(): boolean {
    return this.setup.epochs !== undefined && this.epoch >= this.setup.epochs;
  }

  get lastLoss(): LossPoint | undefined {
    return this.history[this.history.length - 1];
  }

  /** Trains on the next mini-batch; the report of the epoch comes with the batch that ends it. */
  step(): StepResult {
    const count = this.train.count;
    if (count === 0) return { status: 'idle' };
    const started = performance.now();
    if (this.position === 0) shuffle(this.order, this.random);
    const size = Math.min(this.settings.batchSize, count - this.position);
    const rows = this.order.subarray(this.position, this.position + size);
    this.train.write(this.network, rows);

    const output = this.network.forward(size);
    const loss = this.network.loss(this.setup.loss);
    const blowUp = this.setup.divergence?.(loss);
    if (blowUp !== undefined) {
      return {
        status: 'diverged',
        reason: `training diverged in epoch ${this.epoch + 1}, batch ${this.batchInEpoch + 1}: ${blowUp} (try a smaller learning rate than ${formatNumber(this.settings.learningRate)})`,
      };
    }
    this.network.backward(this.setup.loss);
    this.optimizer.step();
    this.epochSeconds += (performance.now() - started) / 1000;

    predictClasses(output, size, this.width, this.predictions);
    for (let r = 0; r < size; r++) if (this.predictions[r] === this.train.label(rows[r]!)) this.epochCorrect++;
    this.epochLossSum += loss * size;
    this.position += size;
    this.batchInEpoch++;
    const batch: BatchReport = { epoch: this.epoch + 1, batch: this.batchInEpoch, batchesPerEpoch: this.batchesPerEpoch, size, loss };
    if (this.position < count) return { status: 'trained', batch };
    return { status: 'trained', batch, epoch: this.endEpoch() };
  }

  /** Batches until the current epoch completes (or training diverges). */
  runEpoch(): void {
    for (;;) {
      const result = this.step();
      if (result.status !== 'trained' || result.epoch !== undefined) return;
    }
  }

  /** After weights were changed from outside (an edit, a replayed update): the history's last point is stale. */
  refresh(): void {
    if (this.setup.keepHistory !== true) return;
    this.history.pop();
    this.record();
  }

  private get random(): Random {
    return this.setup.random;
  }

  private endEpoch(): EpochReport {
    const count = this.train.count;
    const test = this.setup.test === undefined ? undefined : evaluate(this.network, this.setup.loss, this.setup.test);
    this.testPredictions = test?.predictions;
    this.epoch++;
    const report: EpochReport = {
      epoch: this.epoch,
      seconds: this.epochSeconds,
      trainLoss: this.epochLossSum / count,
      trainAccuracy: this.epochCorrect / count,
      testAccuracy: test?.accuracy ?? Number.NaN,
    };
    this.position = 0;
    this.batchInEpoch = 0;
    this.epochLossSum = 0;
    this.epochCorrect = 0;
    this.epochSeconds = 0;
    if (this.setup.keepHistory === true) this.record(test?.loss);
    return report;
  }

  /** The losses over the whole sets now (the test loss, when just measured, passed in), appended to the history. */
  private record(testLoss?: number): void {
    const { network, setup } = this;
    const train = evaluate(network, setup.loss, this.train).loss;
    const test = testLoss ?? (setup.test === undefined ? Number.NaN : evaluate(network, setup.loss, setup.test).loss);
    this.history.push({ epoch: this.epoch, train, test });
  }
}

// ---- MNIST: a digit classifier trained through the one trainer.

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

export type TrainOutcome =
  | { status: 'finished'; epochs: EpochReport[] }
  | { status: 'diverged'; reason: string; epochs: EpochReport[] };

export interface TrainCallbacks {
  onBatch?(report: BatchReport): void;
  onEpoch?(report: EpochReport): void;
}

/** Guessing uniformly costs ln 10 ≈ 2.3; a loss ten times that means the weights have blown up. */
const GUESSING_LOSS = Math.log(CLASSES);

/** Why a batch loss means training on digits has diverged, or undefined if it has not. */
function digitDivergence(loss: number): string | undefined {
  if (!Number.isFinite(loss)) return `the loss became ${formatNumber(loss)}`;
  if (loss > 10 * GUESSING_LOSS) return `the loss reached ${formatNumber(loss)}, more than ten times the ${formatNumber(GUESSING_LOSS)} of guessing uniformly`;
  return undefined;
}

/**
 * The digits of a split as examples: the pixels scaled to [0, 1] as the input row, a one-hot row
 * over the classes as the target. The network must hold the split's pixels (BatchedMlp's
 * `heldInputs`): each batch is gathered from them by its kernels.
 */
export function digitExamples(split: MnistSplit): Examples {
  return {
    count: split.count,
    label: (i) => split.labels[i]!,
    write(network, indices) {
      network.gatherInputs(split.pixels, indices);
      const { targets } = network;
      targets.fill(0, 0, indices.length * CLASSES);
      for (let r = 0; r < indices.length; r++) targets[r * CLASSES + split.labels[indices[r]!]!] = 1;
    },
  };
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

/**
 * A trainer for a fresh digit classifier: initialised from the seed, whose stream then shuffles
 * the digits, cross-entropy over a softmax, scored on the test digits after every epoch.
 */
export function classifierTrainer(data: TrainData, options: TrainOptions): Trainer {
  if (data.train.count === 0) throw new Error('no training data');
  checkOptions(options);
  const pixels = data.train.pixels.length / data.train.count;
  const shapes = classifierShapes(pixels, options.hidden, options.activation);
  const network = new BatchedMlp(shapes, options.batch, options.kernels ?? selectKernels(), [data.train.pixels, data.test.pixels]);
  const random = createRandom(options.seed);
  network.initialize(random);
  return new Trainer(network, digitExamples(data.train), {
    loss: 'cross_entropy',
    optimizer: options.optimizer,
    settings: { learningRate: options.lr, batchSize: options.batch },
    random,
    test: digitExamples(data.test),
    epochs: options.epochs,
    divergence: digitDivergence,
  });
}

/** Trains for `options.epochs` epochs, reporting each batch and epoch; stops early on divergence. */
export function trainClassifier(data: TrainData, options: TrainOptions, callbacks: TrainCallbacks = {}): { trainer: Trainer; outcome: TrainOutcome } {
  const trainer = classifierTrainer(data, options);
  const epochs: EpochReport[] = [];
  while (!trainer.finished) {
    const step = trainer.step();
    if (step.status === 'diverged') return { trainer, outcome: { status: 'diverged', reason: step.reason, epochs } };
    if (step.status === 'idle') break;
    callbacks.onBatch?.(step.batch);
    if (step.epoch !== undefined) {
      epochs.push(step.epoch);
      callbacks.onEpoch?.(step.epoch);
    }
  }
  return { trainer, outcome: { status: 'finished', epochs } };
}
