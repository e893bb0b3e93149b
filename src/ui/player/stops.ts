/**
 * Where one press of → lands, at each granularity, and how the player numbers and walks its stops.
 * The stops themselves are computed in engine/stops.ts (the Beamer export counts the same ones).
 */
import type { Phase, Trace } from '../../engine/trace';

export { computeStops, GRANULARITIES, type Granularity } from '../../engine/stops';

/**
 * How many stops come before `step` (strictly, or also at it): a binary search, since the stops
 * are in ascending order and an MNIST digit's trace has some 200,000 of them.
 */
function stopsBefore(stops: readonly number[], step: number, includingStep: boolean): number {
  let low = 0;
  let high = stops.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const stop = stops[middle]!;
    if (stop < step || (includingStep && stop === step)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The stop's number as "Step k of N" counts and a link's `step=k` gives it: stops are numbered
 * 1 … N consecutively at each granularity, so every number is one → can reach. A step between
 * stops counts as the stop at or before it.
 */
export function stopNumberOf(stops: readonly number[], step: number): number {
  return Math.max(1, stopsBefore(stops, step, true));
}

/** The step that stop number k (1-based, clamped to 1 … N) opens. */
export function stopFromNumber(stops: readonly number[], k: number): number {
  return stops[Math.min(Math.max(1, Math.trunc(k)), stops.length) - 1] ?? 0;
}

/** The first stop after `step`, or `step` itself at the end. */
export function nextStop(stops: readonly number[], step: number): number {
  return stops[stopsBefore(stops, step, true)] ?? stops[stops.length - 1] ?? step;
}

/** The first stop at or after `step` (the stop that shows it), or the last stop past the end. */
export function firstStopAtOrAfter(stops: readonly number[], step: number): number {
  return stops[stopsBefore(stops, step, false)] ?? stops[stops.length - 1] ?? step;
}

/** The last stop before `step`, or the first stop at the start. */
export function previousStop(stops: readonly number[], step: number): number {
  const before = stopsBefore(stops, step, false);
  return before > 0 ? stops[before - 1]! : (stops[0] ?? step);
}

/** The stop at or just before `step`, so switching granularity keeps the position honest. */
export function stopAtOrBefore(stops: readonly number[], step: number): number {
  const atOrBefore = stopsBefore(stops, step, true);
  return atOrBefore > 0 ? stops[atOrBefore - 1]! : (stops[0] ?? step);
}

/** A run of steps of one phase of one pass: a block of the timeline. */
export interface PhaseSegment {
  phase: Phase;
  pass: number;
  /** The first and last step of the run. */
  start: number;
  end: number;
}

/** The trace as runs of phases: forward, loss, backward, update, then forward and loss again. */
export function phaseSegments(trace: Trace): PhaseSegment[] {
  const list: PhaseSegment[] = [];
  for (let i = 0; i < trace.length; i++) {
    const phase = trace.phaseOf(i);
    const pass = trace.passOf(i);
    const last = list[list.length - 1];
    if (last !== undefined && last.phase === phase && last.pass === pass) last.end = i;
    else list.push({ phase, pass, start: i, end: i });
  }
  return list;
}
