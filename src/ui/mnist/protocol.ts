/**
 * The messages between the MNIST page and its training worker, and the run's state machine.
 *
 * The page sends commands; the worker answers with events. Both sides import these types, so a
 * message that does not fit is a type error at either end. `transition` is the one place that says
 * which command is allowed in which state: the worker obeys it, the page enables its buttons by it.
 */
import type { LayerShape } from '../../tensor/mlp';
import type { EpochReport, TrainOptions } from '../../tensor/train';

/** The settings of one run, as the page's controls edit them: the trainer's own options (the worker picks the kernels). */
export type RunSettings = Omit<TrainOptions, 'kernels'>;

/** A network's parameters as plain typed arrays (cheap to post; the page rebuilds an BatchedMlp from it). */
export interface ModelSnapshot {
  shapes: LayerShape[];
  /** W^{[l]}, outputs×inputs row-major, one per layer. */
  weights: Float32Array[];
  biases: Float32Array[];
}

/** The kernels the worker trains with, and on how many cores; with one core, why not two. */
export type KernelsInfo = { name: string; cores: 2 } | { name: string; cores: 1; reason: string };

export type WorkerCommand =
  /** Load MNIST from the assets under `baseUrl`; train on the first `limit` digits if given. */
  | { type: 'load'; baseUrl: string; limit?: number }
  | { type: 'start'; settings: RunSettings }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'reset' };

export type CommandType = WorkerCommand['type'];

/** Test digits the page shows and predicts on itself (the worker keeps the full data). */
export interface DigitSample {
  /** count × 784 bytes, 0–255. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

export type WorkerEvent =
  | { type: 'download'; loadedBytes: number; totalBytes: number; fromCache: boolean }
  | { type: 'ready'; trainCount: number; testCount: number; sample: DigitSample; kernels: KernelsInfo }
  | { type: 'state'; state: RunState; reason?: string }
  /**
   * The batches trained since the last progress event (the worker trains in slices of a few
   * tens of milliseconds, so the page redraws at a steady rate however small the batches are).
   */
  | { type: 'progress'; epoch: number; batchesPerEpoch: number; batchInEpoch: number; losses: number[]; examples: number; seconds: number }
  | { type: 'epoch'; report: EpochReport; confusion: number[]; model: ModelSnapshot }
  | { type: 'error'; message: string };

/**
 * loading   the data is downloading (commands wait)
 * ready     data loaded, no run yet (or reset)
 * training  batches are running
 * paused    by the user; resume continues
 * diverged  paused by the worker because the loss blew up; only a new start or reset helps
 * stopped   by the user, or finished: the model stays, a new start begins a new run
 */
export type RunState = 'loading' | 'ready' | 'training' | 'paused' | 'diverged' | 'stopped';

const ALLOWED: Record<RunState, Partial<Record<CommandType, RunState>>> = {
  loading: {},
  ready: { start: 'training' },
  training: { pause: 'paused', stop: 'stopped', reset: 'ready' },
  paused: { resume: 'training', stop: 'stopped', reset: 'ready' },
  diverged: { start: 'training', reset: 'ready' },
  stopped: { start: 'training', reset: 'ready' },
};

/** The state after `command` in `state`, or undefined when the command makes no sense there. */
export function transition(state: RunState, command: CommandType): RunState | undefined {
  if (command === 'load') return state === 'loading' ? 'loading' : undefined;
  return ALLOWED[state][command];
}

export function allows(state: RunState, command: CommandType): boolean {
  return transition(state, command) !== undefined;
}

/** Confusion counts as a flat 10×10 array: row = true digit, column = prediction. */
export function confusionMatrix(labels: Uint8Array, predictions: Uint8Array, classes = 10): number[] {
  const counts = new Array<number>(classes * classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]! * classes + predictions[i]!]!++;
  return counts;
}

/**
 * The loss curve's smoothing: an exponential moving average with the start-up bias removed (as
 * TensorBoard does), so the first points are not dragged towards 0. Non-finite losses are skipped.
 */
export class LossSmoother {
  private average = 0;
  private weight = 0;

  constructor(private readonly decay = 0.95) {}

  add(loss: number): number | undefined {
    if (!Number.isFinite(loss)) return undefined;
    this.average = this.decay * this.average + (1 - this.decay) * loss;
    this.weight = this.decay * this.weight + (1 - this.decay);
    return this.average / this.weight;
  }
}

/** Seconds left at the current speed, or undefined before there is a speed to go by. */
export function secondsLeft(examplesDone: number, examplesTotal: number, examplesPerSecond: number): number | undefined {
  if (!(examplesPerSecond > 0)) return undefined;
  return Math.max(0, examplesTotal - examplesDone) / examplesPerSecond;
}
