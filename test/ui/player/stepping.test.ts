import { describe, expect, it } from 'vitest';
import { Trace } from '../../../src/engine/trace';
import { traceProblem } from '../../../src/nn/run';
import { Stepping } from '../../../src/ui/player/stepping.svelte';
import type { Granularity } from '../../../src/ui/player/stops';
import { classicProblem } from '../../helpers/classic';

const classic = new Trace(traceProblem(classicProblem()).trace);

/** A walk over the classic trace whose position is a plain variable, as an owner's bound prop would be. */
function walk(granularity: Granularity, start: number): { stepping: Stepping; position: () => number } {
  let position = start;
  const stepping = new Stepping({ trace: () => classic, granularity: () => granularity, position: { get: () => position, set: (to) => (position = to) } });
  return { stepping, position: () => position };
}

describe('stepping through a trace stop by stop', () => {
  it('pressing → from the first stop visits every layer stop in order, then says it is at the end and stays', () => {
    const { stepping, position } = walk('layer', 0);
    const visited = [stepping.current];
    expect(stepping.atStart).toBe(true);
    while (stepping.next() === 'moved') visited.push(position());
    expect(visited).toEqual(stepping.stops);
    expect(stepping.atEnd).toBe(true);
    expect(position()).toBe(classic.length - 1);
    expect(stepping.number).toBe(stepping.stops.length);
    expect(stepping.next()).toBe('at-end');
    expect(position()).toBe(classic.length - 1);
  });

  it('← walks back to the first stop and then says it is at the start', () => {
    const { stepping, position } = walk('neuron', classic.length - 1);
    let presses = 0;
    while (stepping.previous() === 'moved') presses++;
    expect(presses).toBe(stepping.stops.length - 1);
    expect(position()).toBe(stepping.stops[0]);
    expect(stepping.number).toBe(1);
    expect(stepping.previous()).toBe('at-start');
  });

  it('a position between stops shows the stop before it, and a jump lands on the stop at or before its step', () => {
    const { stepping, position } = walk('layer', 0);
    // The first pair of neighbouring stops with steps between them.
    const gapAt = stepping.stops.findIndex((stop, i) => (stepping.stops[i + 1] ?? stop) - stop > 1);
    expect(gapAt).toBeGreaterThanOrEqual(0);
    const before = stepping.stops[gapAt]!;
    const after = stepping.stops[gapAt + 1]!;
    const { stepping: opened } = walk('layer', before + 1);
    expect(opened.current).toBe(before);
    expect(opened.number).toBe(gapAt + 1);
    stepping.go(after - 1);
    expect(position()).toBe(before);
    stepping.last();
    expect(position()).toBe(stepping.stops[stepping.stops.length - 1]);
    stepping.first();
    expect(position()).toBe(stepping.stops[0]);
  });
});
