/**
 * Where one press of → lands, at each granularity, and how the player numbers and walks its stops.
 * The stops themselves are computed in engine/stops.ts (the Beamer export counts the same ones).
 */
import type { Phase, Trace } from '../../engine/trace';

export { computeStops, GRANULARITIES, type Granularity } from '../../engine/stops';

/**
 * The stop's number as "Step k of N" counts and a link's `step=k` gives it: stops are numbered
 * 1 … N consecutively at each granularity, so every number is one → can reach. A step between
 * stops counts as the stop at or before it.
 */
export function stopNumberOf(stops: readonly number[], step: number): number {
  return Math.max(0, stops.indexOf(stopAtOrBefore(stops, step))) + 1;
}

/** The step that stop number k (1-based, clamped to 1 … N) opens. */
export function stopFromNumber(stops: readonly number[], k: number): number {
  return stops[Math.min(Math.max(1, Math.trunc(k)), stops.length) - 1] ?? 0;
}

/** The first stop after `step`, or `step` itself at the end. */
export function nextStop(stops: readonly number[], step: number): number {
  return stops.find((stop) => stop > step) ?? stops[stops.length - 1] ?? step;
}

/** The last stop before `step`, or the first stop at the start. */
export function previousStop(stops: readonly number[], step: number): number {
  for (let i = stops.length - 1; i >= 0; i--) if (stops[i]! < step) return stops[i]!;
  return stops[0] ?? step;
}

/** The stop at or just before `step`, so switching granularity keeps the position honest. */
export function stopAtOrBefore(stops: readonly number[], step: number): number {
  for (let i = stops.length - 1; i >= 0; i--) if (stops[i]! <= step) return stops[i]!;
  return stops[0] ?? step;
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
