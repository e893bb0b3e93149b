/**
 * The stated limits: the largest input each surface of tracegrad accepts, checked before any work
 * is done, so that whatever is accepted finishes in seconds and fits in a school laptop's memory.
 * The CLI and every page read them from here, and README.md lists them. A refusal names the limit
 * and the value, e.g. "the network has 1001000 weights × samples; the player takes at most 20000".
 *
 * The size of a network's work is counted in weights × samples: every weight is one multiply-add
 * per sample forward and two backward, so time and memory (a recorded trace keeps a node per
 * operation) grow with it.
 */
import type { Problem } from './problem';

export class LimitError extends Error {
  override name = 'LimitError';
}

export interface Limit {
  /** What is counted, as the message says it: "weights × samples", "bytes", "points". */
  readonly unit: string;
  /** Who accepts at most `max` of it: "the player", "a file read by a page". */
  readonly by: string;
  readonly max: number;
}

export const LIMITS = {
  /** A file a page reads (problem, answers, weights, CSV): far above any of them at its largest accepted size. */
  pageFileBytes: { unit: 'bytes', by: 'a page reads files of', max: 5_000_000 },
  /** Every operation is a step to replay and draw: a 100-100-1 network with one sample is about the most a person steps through. */
  playerWork: { unit: 'weights × samples', by: 'the player takes', max: 20_000 },
  /** #/check computes the answers without recording them, so it takes networks far larger than the player. */
  checkWork: { unit: 'weights × samples', by: 'the check page takes', max: 500_000 },
  /** A problem of a set is a sheet to work by hand, each weight printed in a matrix, and is traced for its worked solution. */
  problemSetWork: { unit: 'weights × samples', by: 'a problem of a set has', max: 2_000 },
  /** The whole set, every sheet on one page: problems × weights × samples. */
  problemSetTotalWork: { unit: 'weights × samples over all its problems', by: 'a problem set has', max: 20_000 },
  /** Units in one layer of a generated problem (`new --sizes`, #/problem-set). */
  layerUnits: { unit: 'units', by: 'a layer of a generated problem has', max: 1_000 },
  /** Samples in a generated problem's batch (`new --batch`, #/problem-set). */
  batchSamples: { unit: 'samples', by: 'a generated batch has', max: 1_000 },
  /** The playground's points, from a CSV file or a link (a link stays a link at about 15 characters a point). */
  playgroundPoints: { unit: 'points', by: 'the playground takes', max: 1_000 },
  /** The largest |x1| or |x2| of a playground point: its plane, grid and features are made for the toy data's scale. */
  playgroundCoordinate: { unit: 'as the size of a coordinate', by: 'the playground takes', max: 100 },

  // The command line. A command reads its files through one capped reader (src/cli/input.ts), so
  // /dev/zero, an endless pipe or a 10 GB file stops at the cap, then checks the network's size
  // before running it. Measured on a shared 2-core machine: at each limit a command takes a few seconds.
  /** A file a command reads (problem, answers, roster): a problem at cliWork is about 1.3 MB. */
  cliFileBytes: { unit: 'bytes', by: 'tracegrad reads files of', max: 10_000_000 },
  /** An MNIST IDX file: the largest, the 60,000 training images, is 47,040,016 bytes. */
  idxFileBytes: { unit: 'bytes', by: 'tracegrad mnist reads IDX files of', max: 50_000_000 },
  /** Layers of a network any command runs or makes. */
  layers: { unit: 'layers', by: 'tracegrad takes networks of', max: 100 },
  /** Output units (classes) of a network any command runs or makes: a softmax output costs their square per sample. */
  classes: { unit: 'output units', by: 'tracegrad takes networks of', max: 100 },
  /** Samples in a problem file's batch. */
  cliSamples: { unit: 'samples', by: 'tracegrad takes problems of', max: 1_000 },
  /** grad, check and new --answers: one forward and backward pass, unrecorded, and a table row per number (a 400-500-1 network). */
  cliWork: { unit: 'operations', by: 'tracegrad grad and check take', max: 200_000 },
  /** gradcheck runs the network twice per parameter, so its time grows with the square of this. */
  gradcheckWork: { unit: 'operations', by: 'tracegrad gradcheck takes', max: 5_000 },
  /** trace records every operation and writes each one out as a worked solution (md, tex, beamer): a formula and a sentence per step. */
  traceWork: { unit: 'operations', by: 'tracegrad trace (md, tex, beamer) takes', max: 5_000 },
  /** trace --format json writes the recorded steps as data, about 400 bytes a step. */
  traceJsonWork: { unit: 'operations', by: 'tracegrad trace --format json takes', max: 20_000 },
  /** A hidden layer of `tracegrad mnist`. */
  mnistHiddenUnits: { unit: 'units', by: 'a hidden layer of tracegrad mnist has', max: 1_024 },
  /** Hidden layers of `tracegrad mnist`. */
  mnistHiddenLayers: { unit: 'hidden layers', by: 'tracegrad mnist trains', max: 10 },
  /** Weights and biases of `tracegrad mnist`'s network (784-1024-1024-10 has 1.86 million; an epoch takes about ten times the default's). */
  mnistParameters: { unit: 'parameters', by: 'tracegrad mnist trains networks of', max: 2_000_000 },
  /** Samples in one mini-batch of `tracegrad mnist`. */
  mnistBatch: { unit: 'samples', by: 'a mini-batch of tracegrad mnist has', max: 4_096 },
  /** Passes over the training set in one `tracegrad mnist` run (an epoch of the default network takes 1–2 s). */
  mnistEpochs: { unit: 'epochs', by: 'tracegrad mnist runs', max: 100 },
} as const satisfies Record<string, Limit>;

/** Throws LimitError when `value` is above the limit, e.g. "the network has 1001000 weights × samples; the player takes at most 20000". */
export function checkLimit(limit: Limit, value: number, subject: string): void {
  if (!(value <= limit.max)) throw new LimitError(`${subject} has ${value} ${limit.unit}; ${limit.by} at most ${limit.max}`);
}

/**
 * A problem's size as the command line counts it, in operations: per sample, one per weight, one
 * per unit, and for a softmax output one per pair of outputs (each output depends on every logit).
 * Unlike weights × samples, this grows as the time does for a 1-1 network with 100,000 samples or
 * a softmax over many classes.
 */
export function problemOperations(problem: Problem): number {
  return networkOperations(problem.layers.map((layer) => ({ inputs: layer.weights[0]!.length, units: layer.weights.length, softmax: layer.activation === 'softmax' })), problem.inputs.length);
}

/** The same count from the layers' shapes, for a problem before it is made (`tracegrad new`). */
export function networkOperations(layers: readonly { inputs: number; units: number; softmax: boolean }[], samples: number): number {
  let perSample = 0;
  for (const { inputs, units, softmax } of layers) perSample += units * inputs + units + (softmax ? units * units : 0);
  return perSample * samples;
}

/** A problem's size in weights × samples (see the top of this file). */
export function problemWork(problem: Problem): number {
  let weights = 0;
  for (const layer of problem.layers) for (const row of layer.weights) weights += row.length;
  return weights * problem.inputs.length;
}
