/**
 * Trained weights as JSON, to save a run and load it back (CLI `--save`, the page's save/load, the
 * pretrained model of the drawing pad). The layers use the problem file's layout: weights[j][k] is
 * W_{jk}, one row per neuron. Numbers keep 9 significant digits, enough to give back every float32.
 */
import { ACTIVATIONS, type ActivationName, type LayerSpec } from '../data/problem';
import type { KernelBackend } from './kernels/types';
import { BatchedMlp, type LayerShape } from './mlp';

export const WEIGHTS_FORMAT = 'tracegrad-mlp';

export interface WeightsFile {
  format: typeof WEIGHTS_FORMAT;
  version: 1;
  layers: LayerSpec[];
}

export class WeightsError extends Error {
  override name = 'WeightsError';
}

function float32Digits(value: number): number {
  return Number(value.toPrecision(9));
}

export function saveWeights(network: BatchedMlp): WeightsFile {
  return {
    format: WEIGHTS_FORMAT,
    version: 1,
    layers: network.layers.map(({ shape, weights, biases }) => ({
      weights: Array.from({ length: shape.outputs }, (_, j) =>
        Array.from(weights.subarray(j * shape.inputs, (j + 1) * shape.inputs), float32Digits)),
      biases: Array.from(biases, float32Digits),
      activation: shape.activation,
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteNumbers(value: unknown, length: number, where: string): number[] {
  if (!Array.isArray(value) || value.length !== length) throw new WeightsError(`${where} must be an array of ${length} numbers`);
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== 'number' || !Number.isFinite(entry)) throw new WeightsError(`${where}[${i}] must be a finite number`);
  });
  return value as number[];
}

/** Checks a parsed weights file and builds a network from it, for batches of up to `maxBatch`. */
export function loadWeights(file: unknown, maxBatch: number, backend: KernelBackend): BatchedMlp {
  if (!isRecord(file) || file['format'] !== WEIGHTS_FORMAT) throw new WeightsError(`not a weights file: expected "format": "${WEIGHTS_FORMAT}"`);
  if (file['version'] !== 1) throw new WeightsError(`unsupported weights file version ${String(file['version'])} (expected 1)`);
  const layers = file['layers'];
  if (!Array.isArray(layers) || layers.length === 0) throw new WeightsError('layers must be a non-empty array');

  const shapes: LayerShape[] = [];
  const specs = layers.map((layer: unknown, l) => {
    const where = `layers[${l}]`;
    if (!isRecord(layer)) throw new WeightsError(`${where} must be an object`);
    const rows = layer['weights'];
    if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(rows[0])) throw new WeightsError(`${where}.weights must be a non-empty array of rows`);
    const inputs = l === 0 ? (rows[0] as unknown[]).length : shapes[l - 1]!.outputs;
    const weights = rows.map((row: unknown, j) => finiteNumbers(row, inputs, `${where}.weights[${j}]`));
    const biases = finiteNumbers(layer['biases'], rows.length, `${where}.biases`);
    const activation = layer['activation'];
    if (typeof activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(activation)) {
      throw new WeightsError(`${where}.activation must be one of ${ACTIVATIONS.join(', ')}`);
    }
    shapes.push({ inputs, outputs: rows.length, activation: activation as ActivationName });
    return { weights, biases };
  });

  const network = new BatchedMlp(shapes, maxBatch, backend);
  network.layers.forEach((layer, l) => {
    layer.weights.set(specs[l]!.weights.flat());
    layer.biases.set(specs[l]!.biases);
  });
  return network;
}
