/**
 * Where one press of → lands, at each granularity: the stops of a trace. A stop is a step index;
 * a viewer shows the state after that step. "op" stops at every step worth reading on its own;
 * "neuron" and "layer" stop at the last step of each run of steps that share a phase, a pass and
 * a neuron (or layer). Here, below the player, so that every surface that walks a trace stop by
 * stop (the player, its embeds, the Beamer export) counts the same stops.
 */
import type { Trace } from './trace';

export type Granularity = 'op' | 'neuron' | 'layer';
export const GRANULARITIES: readonly Granularity[] = ['op', 'neuron', 'layer'];

/**
 * Whether a step says something its predecessor did not: a gradient with one contribution only
 * repeats the edge that completed it, so stepping by op passes over it.
 */
function worthAStop(trace: Trace, index: number): boolean {
  return !(trace.kindOf(index) === 'gradient' && trace.contributionCountsOf(index)![1] === 1);
}

/**
 * Whether two steps share a phase, a pass, a layer and a sample (and a neuron, stepping by
 * neuron). Compared field by field from the trace's columns, without building tags or nodes: a
 * trace can have 300,000 steps.
 */
function sameGroup(trace: Trace, first: number, second: number, granularity: Exclude<Granularity, 'op'>): boolean {
  if (trace.phaseOf(first) !== trace.phaseOf(second) || trace.passOf(first) !== trace.passOf(second)) return false;
  const a = trace.placeNodeOf(first);
  const b = trace.placeNodeOf(second);
  const same = (field: 'layer' | 'neuron' | 'sample'): boolean => trace.placeField(a, field) === trace.placeField(b, field);
  return same('layer') && same('sample') && (granularity === 'layer' || same('neuron'));
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
