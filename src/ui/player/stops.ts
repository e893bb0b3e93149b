/**
 * Where one press of → lands, at each granularity. A stop is a step index; the player shows the
 * state after that step. "op" stops at every step worth reading on its own; "neuron" and "layer"
 * stop at the last step of each run of steps that share a phase, a pass and a neuron (or layer).
 */
import type { Phase, Trace } from '../../engine/trace';

export type Granularity = 'op' | 'neuron' | 'layer';
export const GRANULARITIES: readonly Granularity[] = ['op', 'neuron', 'layer'];

/**
 * Whether a step says something its predecessor did not: a gradient with one contribution only
 * repeats the edge that completed it, so stepping by op passes over it.
 */
function worthAStop(trace: Trace, index: number): boolean {
  const step = trace.step(index);
  return !(step.kind === 'gradient' && step.contributions === 1);
}

/**
 * Whether two steps share a phase, a pass, a layer and a sample (and a neuron, stepping by
 * neuron). Compared field by field, without building tags: a trace can have 300,000 steps.
 */
function sameGroup(trace: Trace, first: number, second: number, granularity: Exclude<Granularity, 'op'>): boolean {
  if (trace.phaseOf(first) !== trace.phaseOf(second) || trace.passOf(first) !== trace.passOf(second)) return false;
  const a = trace.placeOf(first).meta;
  const b = trace.placeOf(second).meta;
  return a.layer === b.layer && a.sample === b.sample && (granularity === 'layer' || a.neuron === b.neuron);
}

/** The stops of a trace at a granularity, ascending; the last step is always a stop. */
export function computeStops(trace: Trace, granularity: Granularity): number[] {
  const stops: number[] = [];
  const last = trace.length - 1;
  for (let i = 0; i <= last; i++) {
    if (granularity === 'op') {
      if (worthAStop(trace, i) || i === last) stops.push(i);
    } else if (i === last || !sameGroup(trace, i, i + 1, granularity)) {
      stops.push(i);
    }
  }
  return stops;
}

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
