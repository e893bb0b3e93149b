/**
 * The network the page itself runs: for the drawing pad, the digit grid and "step into one digit".
 * It is a copy, made from the worker's snapshot after each epoch, from a loaded weights file, or
 * from the pretrained model; predicting a few hundred digits on the main thread takes milliseconds.
 */
import { CLASSES, IMAGE_SIDE } from '../../data/mnist';
import { selectKernels } from '../../tensor/kernels/select';
import { BatchedMlp } from '../../tensor/mlp';
import { loadWeights, saveWeights, type WeightsFile } from '../../tensor/weights';
import type { ModelSnapshot } from './protocol';

export const PIXELS = IMAGE_SIDE * IMAGE_SIDE;
/** Rows per forward pass when predicting many digits. */
const MAX_BATCH = 100;

export interface PageModel {
  network: BatchedMlp;
  /** Where the weights came from, in words: "pretrained", "epoch 3 of this run", a file name. */
  source: string;
}

export function modelFromSnapshot(snapshot: ModelSnapshot, source: string): PageModel {
  const network = new BatchedMlp(snapshot.shapes, MAX_BATCH, selectKernels());
  network.layers.forEach((layer, l) => {
    layer.weights.set(snapshot.weights[l]!);
    layer.biases.set(snapshot.biases[l]!);
  });
  return { network, source };
}

/** Checks a parsed weights file (WeightsError says what is wrong) and that it classifies 28×28 digits. */
export function modelFromFile(file: unknown, source: string): PageModel {
  const network = loadWeights(file, MAX_BATCH, selectKernels());
  const first = network.layers[0]!.shape;
  const last = network.layers[network.layers.length - 1]!.shape;
  if (first.inputs !== PIXELS || last.outputs !== CLASSES) {
    throw new Error(`this network takes ${first.inputs} inputs and gives ${last.outputs} outputs; an MNIST classifier needs ${PIXELS} and ${CLASSES}`);
  }
  return { network, source };
}

export function weightsFile(model: PageModel): WeightsFile {
  return saveWeights(model.network);
}

/** "784-128-10 (relu)". */
export function describeShape(network: BatchedMlp): string {
  const sizes = [network.layers[0]!.shape.inputs, ...network.layers.map((layer) => layer.shape.outputs)];
  return `${sizes.join('-')} (${network.layers[0]!.shape.activation})`;
}

/** Output probabilities for `count` digits of 784 pixels in [0, 1]: count×10, row after row. */
export function predictDigits(network: BatchedMlp, pixels: Float32Array, count: number): Float32Array {
  const probabilities = new Float32Array(count * CLASSES);
  for (let first = 0; first < count; first += network.maxBatch) {
    const size = Math.min(network.maxBatch, count - first);
    network.input.set(pixels.subarray(first * PIXELS, (first + size) * PIXELS));
    probabilities.set(network.forward(size), first * CLASSES);
  }
  return probabilities;
}

/** The index of the largest of `values`. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** The pretrained model, fetched as its own chunk so the page's code loads without it. */
export async function loadPretrained(): Promise<PageModel> {
  const file: unknown = (await import('./pretrained.json')).default;
  return modelFromFile(file, 'the pretrained 784-32-10 model (2 epochs)');
}
