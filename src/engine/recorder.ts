/**
 * What the engine tells an observer while it works: each node an op makes, each edge backward
 * sends gradient along, each gradient that is complete, each parameter update. The engine computes
 * the same numbers whether or not anyone listens; the tape (tape.ts) is the observer that turns
 * these calls into a trace.
 *
 * Ops are methods (`a.mul(b)`), so there is no argument to hand an observer through; the one
 * observer sits here for the length of `observeWith(recorder, work)` and nowhere else.
 */
import type { Value } from './value';

export interface Recorder {
  /** `node` was just computed by its op (its inputs may be new to the recorder too). */
  forward(node: Value): void;
  /**
   * Backward sent `contribution` = node.grad × `localDerivative` into input `inputIndex` of `node`,
   * the `contributionIndex`-th of the `contributionCount` contributions that input receives.
   */
  edge(node: Value, inputIndex: number, localDerivative: number, contribution: number, contributionIndex: number, contributionCount: number): void;
  /** The gradient of `node` is complete: the sum of its `contributions` (0 for the root, whose gradient is 1). */
  gradient(node: Value, contributions: number): void;
  /** A gradient-descent step moved `node` from `oldValue` to its data, with learning rate α = `learningRate`. */
  update(node: Value, oldValue: number, learningRate: number): void;
}

let observer: Recorder | null = null;

/** The recorder listening right now, if any (for the engine's own use). */
export function currentRecorder(): Recorder | null {
  return observer;
}

/** Runs `work` with `recorder` told about everything the engine does meanwhile. */
export function observeWith<T>(recorder: Recorder, work: () => T): T {
  if (observer !== null) throw new Error('already recording: recordings do not nest');
  observer = recorder;
  try {
    return work();
  } finally {
    observer = null;
  }
}
