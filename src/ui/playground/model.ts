/**
 * The playground's network and its training, apart from any drawing. The network is the batched
 * engine's BatchedMlp (float32, plain TypeScript kernels: the networks are tiny, so WebAssembly would not
 * pay for its start-up); training is mini-batch gradient descent with optional L1 or L2
 * regularisation of the weights through the tensor module's one optimizer (`tensor/optimizers.ts`),
 * one batch at a time, so the page can interleave it with drawing.
 *
 * Stepping into one sample leaves this engine: `sampleProblem` writes the current weights and one
 * point as a problem file, which the scalar engine replays step by step, and `applyResult` copies
 * that replay's update back.
 */
import type { LayerSpec, LossName, Problem, Target } from '../../data/problem';
import { typescriptBackend } from '../../tensor/kernels/typescript';
import { BatchedMlp, type LayerShape } from '../../tensor/mlp';
import { createRandom, shuffle, type Random } from '../../data/random';
import { createOptimizer, type Optimizer, type Regularization } from '../../tensor/optimizers';
import type { HiddenActivation } from '../../tensor/train';
import type { GradResult } from '../../data/result';
import type { Extent, Sample } from './datasets';
import { featureVector, writeFeatureRows, type FeatureName } from './features';
import type { OutputName } from './settings';

export interface NetworkShape {
  features: FeatureName[];
  hidden: number[];
  activation: HiddenActivation;
  output: OutputName;
  classes: number;
}

/** The heat maps' resolution: cells per side of the plane (the canvas smooths them when it scales up). */
export const GRID_SIZE = 50;

export const LOSS_OF: Record<OutputName, LossName> = { 'sigmoid-bce': 'bce', 'sigmoid-mse': 'mse', 'softmax-ce': 'cross_entropy' };

export function outputWidth(shape: Pick<NetworkShape, 'output' | 'classes'>): number {
  return shape.output === 'softmax-ce' ? shape.classes : 1;
}

export function layerShapes(shape: NetworkShape): LayerShape[] {
  const sizes = [shape.features.length, ...shape.hidden];
  const hidden = shape.hidden.map((outputs, l): LayerShape => ({ inputs: sizes[l]!, outputs, activation: shape.activation }));
  const last: LayerShape = { inputs: sizes[sizes.length - 1]!, outputs: outputWidth(shape), activation: shape.output === 'softmax-ce' ? 'softmax' : 'sigmoid' };
  return [...hidden, last];
}

/** Each neuron's value at every grid cell: maps[0] are the input features, maps[l] layer l's z. */
export type NeuronMaps = Float32Array[][];

export interface Evaluation {
  loss: number;
  accuracy: number;
}

export class PlaygroundNetwork {
  readonly mlp: BatchedMlp;
  readonly loss: LossName;
  private readonly outputs: number;

  constructor(readonly shape: NetworkShape, seed: number, maxBatch = GRID_SIZE * GRID_SIZE) {
    this.mlp = new BatchedMlp(layerShapes(shape), Math.max(maxBatch, GRID_SIZE * GRID_SIZE), typescriptBackend);
    this.mlp.initialize(createRandom(seed));
    this.loss = LOSS_OF[shape.output];
    this.outputs = outputWidth(shape);
  }

  /** The weights and biases as a problem file writes them (float32 values, exactly, as float64). */
  layerSpecs(): LayerSpec[] {
    return this.mlp.layers.map((layer) => ({
      weights: Array.from({ length: layer.shape.outputs }, (_unused, j) => Array.from(layer.weights.subarray(j * layer.shape.inputs, (j + 1) * layer.shape.inputs))),
      biases: Array.from(layer.biases),
      activation: layer.shape.activation,
    }));
  }

  /** W^{[l]}_{jk} (l from 1, j and k from 1, as in the notation). */
  weight(l: number, j: number, k: number): number {
    const layer = this.mlp.layers[l - 1]!;
    return layer.weights[(j - 1) * layer.shape.inputs + (k - 1)]!;
  }

  setWeight(l: number, j: number, k: number, value: number): void {
    const layer = this.mlp.layers[l - 1]!;
    layer.weights[(j - 1) * layer.shape.inputs + (k - 1)] = value;
  }

  bias(l: number, j: number): number {
    return this.mlp.layers[l - 1]!.biases[j - 1]!;
  }

  setBias(l: number, j: number, value: number): void {
    this.mlp.layers[l - 1]!.biases[j - 1] = value;
  }

  /** Writes samples' features and targets into the first rows of the network's input and targets. */
  writeRows(samples: readonly Sample[]): void {
    writeFeatureRows(this.shape.features, samples.map((sample) => sample.x), this.mlp.input);
    const targets = this.mlp.targets;
    samples.forEach((sample, i) => {
      if (this.outputs === 1) targets[i] = sample.label;
      else for (let c = 0; c < this.outputs; c++) targets[i * this.outputs + c] = c === sample.label ? 1 : 0;
    });
  }

  /** The predicted class of row i of the last forward pass. */
  private predicted(output: Float32Array, i: number): number {
    if (this.outputs === 1) return output[i]! >= 0.5 ? 1 : 0;
    let best = 0;
    for (let c = 1; c < this.outputs; c++) if (output[i * this.outputs + c]! > output[i * this.outputs + best]!) best = c;
    return best;
  }

  /** Mean loss (without regularisation) and accuracy over samples, in chunks the network holds. */
  evaluate(samples: readonly Sample[]): Evaluation {
    if (samples.length === 0) return { loss: Number.NaN, accuracy: Number.NaN };
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < samples.length; start += this.mlp.maxBatch) {
      const chunk = samples.slice(start, start + this.mlp.maxBatch);
      this.writeRows(chunk);
      const output = this.mlp.forward(chunk.length);
      lossSum += this.mlp.loss(this.loss) * chunk.length;
      chunk.forEach((sample, i) => {
        if (this.predicted(output, i) === sample.label) correct++;
      });
    }
    return { loss: lossSum / samples.length, accuracy: correct / samples.length };
  }

  /** The class the network gives a point. */
  classify(x: readonly [number, number]): number {
    this.writeRows([{ x: [x[0], x[1]], label: 0, test: false }]);
    return this.predicted(this.mlp.forward(1), 0);
  }

  /** The grid's feature rows for the last extent asked for: the same every frame, so made once. */
  private gridRows: { extent: Extent; rows: Float32Array; inputMaps: Float32Array[] } | undefined;

  private gridFeatureRows(extent: Extent): { rows: Float32Array; inputMaps: Float32Array[] } {
    if (this.gridRows?.extent[0] === extent[0] && this.gridRows.extent[1] === extent[1]) return this.gridRows;
    const [low, high] = extent;
    const points: [number, number][] = [];
    for (let r = 0; r < GRID_SIZE; r++) {
      for (let c = 0; c < GRID_SIZE; c++) points.push([low + ((c + 0.5) / GRID_SIZE) * (high - low), high - ((r + 0.5) / GRID_SIZE) * (high - low)]);
    }
    const rows = new Float32Array(points.length * this.shape.features.length);
    writeFeatureRows(this.shape.features, points, rows);
    const width = this.shape.features.length;
    const inputMaps = this.shape.features.map((_name, f) => Float32Array.from({ length: points.length }, (_unused, i) => rows[i * width + f]!));
    this.gridRows = { extent: [low, high], rows, inputMaps };
    return this.gridRows;
  }

  /** Every neuron's value over the plane, GRID_SIZE² cells, row 0 at the top (largest x₂). */
  neuronMaps(extent: Extent): NeuronMaps {
    const cells = GRID_SIZE * GRID_SIZE;
    const { rows, inputMaps } = this.gridFeatureRows(extent);
    this.mlp.input.set(rows);
    this.mlp.forward(cells);
    const column = (matrix: Float32Array, width: number, j: number): Float32Array => {
      const out = new Float32Array(cells);
      for (let i = 0, e = j; i < cells; i++, e += width) out[i] = matrix[e]!;
      return out;
    };
    // The features' maps never change for a network: the same arrays every time, so their
    // pictures are not repainted while training.
    return [inputMaps, ...this.mlp.layers.map((layer) => Array.from({ length: layer.shape.outputs }, (_unused, j) => column(layer.z, layer.shape.outputs, j)))];
  }
}

export interface TrainOptions {
  learningRate: number;
  batchSize: number;
  regularization: Regularization;
  regularizationRate: number;
}

export interface LossPoint {
  epoch: number;
  train: number;
  test: number;
}

/**
 * Mini-batch gradient descent over the training points, reshuffled (from the seed) every epoch:
 * for each batch, forward, backward, then the one SGD optimizer's step, which adds the
 * regularisation's gradient to the weights' (not the biases', as in the TensorFlow Playground) and
 * sets θ ← θ − α ∂L/∂θ.
 */
export class Trainer {
  /** Completed epochs. */
  epoch = 0;
  readonly history: LossPoint[] = [];
  private readonly order: Uint32Array;
  /** The next position in `order`; 0 means an epoch is about to start. */
  private position = 0;
  private readonly random: Random;
  private readonly optimizer: Optimizer;

  constructor(
    readonly network: PlaygroundNetwork,
    readonly train: readonly Sample[],
    readonly test: readonly Sample[],
    private settings: TrainOptions,
    seed: number,
  ) {
    this.optimizer = createOptimizer('sgd', network.mlp.parameters(), settings, network.mlp.kernels);
    this.order = new Uint32Array(train.length).map((_unused, i) => i);
    // A stream of its own, so shuffling does not replay the initialisation's numbers.
    this.random = createRandom((seed ^ 0x2545f491) >>> 0);
    this.record();
  }

  /** Train and test loss now, appended to the history (the loss chart's points). */
  private record(): void {
    this.history.push({ epoch: this.epoch, train: this.network.evaluate(this.train).loss, test: this.network.evaluate(this.test).loss });
  }

  get options(): TrainOptions {
    return this.settings;
  }

  /** New settings apply from the next batch (the page changes them while training runs). */
  set options(settings: TrainOptions) {
    this.settings = settings;
    this.optimizer.settings = settings;
  }

  get lastLoss(): LossPoint {
    return this.history[this.history.length - 1]!;
  }

  /** One mini-batch. Returns true when it completed an epoch. */
  step(): boolean {
    const count = this.train.length;
    if (count === 0) return false;
    if (this.position === 0) shuffle(this.order, this.random);
    const size = Math.min(this.options.batchSize, count - this.position);
    const batch = Array.from(this.order.subarray(this.position, this.position + size), (i) => this.train[i]!);
    const { mlp } = this.network;
    this.network.writeRows(batch);
    mlp.forward(size);
    mlp.backward(this.network.loss);
    this.optimizer.step();
    this.position += size;
    if (this.position < count) return false;
    this.position = 0;
    this.epoch++;
    this.record();
    return true;
  }

  /** Batches until the current epoch completes. */
  runEpoch(): void {
    if (this.train.length === 0) return;
    while (!this.step());
  }

  /** After weights were changed from outside (an edit, a replayed update): the chart's last point is stale. */
  refresh(): void {
    this.history.pop();
    this.record();
  }
}

/** The target of a sample in the problem-file form the output needs. */
function targetOf(shape: NetworkShape, label: number): Target {
  return shape.output === 'softmax-ce' ? label : [label];
}

/**
 * One sample with the network's current weights as a problem file: the input is the sample's
 * feature vector, the loss the playground's, and the learning rate the current one, so the replay
 * ends with the update training would make from this sample alone (batch size 1, no regularisation).
 */
export function sampleProblem(network: PlaygroundNetwork, sample: Sample, learningRate: number): Problem {
  return {
    layers: network.layerSpecs(),
    inputs: [featureVector(network.shape.features, sample.x)],
    targets: [targetOf(network.shape, sample.label)],
    loss: network.loss,
    learningRate,
    singleSample: true,
  };
}

/** Copies a replayed run's new weights and biases (W − α ∂L/∂W) into the network. */
export function applyResult(network: PlaygroundNetwork, result: GradResult): void {
  result.layers.forEach((layer, index) => {
    const target = network.mlp.layers[index]!;
    if (layer.newWeights === undefined || layer.newBiases === undefined) throw new Error('the replayed run has no update: its problem had no learning rate');
    layer.newWeights.forEach((row, j) => row.forEach((w, k) => (target.weights[j * target.shape.inputs + k] = w)));
    layer.newBiases.forEach((b, j) => (target.biases[j] = b));
  });
}
