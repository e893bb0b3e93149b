/**
 * The playground's network, apart from any drawing. The network is the batched engine's BatchedMlp
 * (float32, plain TypeScript kernels: the networks are tiny, so WebAssembly would not pay for its
 * start-up); it is trained by the tensor module's one trainer (`tensor/train.ts`: mini-batch SGD
 * with optional L1 or L2 regularisation of the weights, one batch at a time, so the page can
 * interleave it with drawing). This module only says how the points become rows and targets.
 *
 * Stepping into one sample leaves this engine: `sampleProblem` writes the current weights and one
 * point as a problem file, which the scalar engine replays step by step, and `applyResult` copies
 * that replay's update back.
 */
import type { LayerSpec, LossName, Problem, Target } from '../../data/problem';
import { typescriptBackend } from '../../tensor/kernels/typescript';
import { BatchedMlp, type LayerShape } from '../../tensor/mlp';
import { createRandom } from '../../data/random';
import { evaluate, predictClasses, Trainer, type Examples, type HiddenActivation, type TrainerSettings } from '../../tensor/train';
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

  /** Writes samples' features and targets into the first rows of the network's (or a twin's) input and targets. */
  writeRows(samples: readonly Sample[], network: BatchedMlp = this.mlp): void {
    writeFeatureRows(this.shape.features, samples.map((sample) => sample.x), network.input);
    const targets = network.targets;
    samples.forEach((sample, i) => {
      if (this.outputs === 1) targets[i] = sample.label;
      else for (let c = 0; c < this.outputs; c++) targets[i * this.outputs + c] = c === sample.label ? 1 : 0;
    });
  }

  /** The points as the trainer's examples: feature rows, and the label (one sigmoid) or a one-hot row (softmax) as target. */
  examples(samples: readonly Sample[]): Examples {
    return {
      count: samples.length,
      label: (i) => samples[i]!.label,
      write: (network, indices) => this.writeRows(Array.from(indices, (i) => samples[i]!), network),
    };
  }

  /** Mean loss (without regularisation) and accuracy over samples (NaN for none). */
  evaluate(samples: readonly Sample[]): { loss: number; accuracy: number } {
    const { loss, accuracy } = evaluate(this.mlp, this.loss, this.examples(samples));
    return { loss, accuracy };
  }

  /** The class the network gives a point. */
  classify(x: readonly [number, number]): number {
    this.writeRows([{ x: [x[0], x[1]], label: 0, test: false }]);
    const predicted = new Uint8Array(1);
    predictClasses(this.mlp.forward(1), 1, this.outputs, predicted);
    return predicted[0]!;
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

/**
 * The one trainer (tensor/train.ts) on the playground's points: plain SGD (the one optimizer adds
 * L1/L2 to the weights' gradients, not the biases', as in the TensorFlow Playground), reshuffled
 * every epoch, and a loss history measured over all training and test points after every epoch
 * (the loss chart's points).
 */
export function playgroundTrainer(network: PlaygroundNetwork, train: readonly Sample[], test: readonly Sample[], settings: TrainerSettings, seed: number): Trainer {
  return new Trainer(network.mlp, network.examples(train), {
    loss: network.loss,
    optimizer: 'sgd',
    settings,
    // A stream of its own, so shuffling does not replay the initialisation's numbers.
    random: createRandom((seed ^ 0x2545f491) >>> 0),
    test: network.examples(test),
    keepHistory: true,
  });
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
