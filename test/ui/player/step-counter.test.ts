/**
 * "Step k of N" counts what → can reach: the stops of the granularity, numbered 1 … N with no
 * gaps, and step=k in a link opens stop k. Before, the counter showed the recorded step's index,
 * so → went 12, 15, 17 (55 of the classic's 73 numbers were reachable) and step=14 opened 12.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../../src/data/examples';
import { Trace } from '../../../src/engine/trace';
import { traceProblem } from '../../../src/nn/run';
import { GRANULARITIES, computeStops, nextStop, stopFromNumber, stopNumberOf } from '../../../src/ui/player/stops';

const cases = EXAMPLES.flatMap((example) => GRANULARITIES.map((granularity) => [example.id, granularity, example] as const));

describe.each(cases)('%s by %s', (_id, granularity, example) => {
  const trace = new Trace(traceProblem(example.problem).trace);
  const stops = computeStops(trace, granularity);

  it('→ from the first stop counts 1, 2, …, N', () => {
    const counted: number[] = [];
    let step = stops[0]!;
    for (;;) {
      counted.push(stopNumberOf(stops, step));
      const next = nextStop(stops, step);
      if (next === step) break;
      step = next;
    }
    expect(counted).toEqual(Array.from({ length: stops.length }, (_, i) => i + 1));
  });

  it('step=k opens stop k, which counts as k', () => {
    for (let k = 1; k <= stops.length; k++) expect(stopNumberOf(stops, stopFromNumber(stops, k))).toBe(k);
    expect(stopFromNumber(stops, stops.length + 10)).toBe(stops[stops.length - 1]);
    expect(stopFromNumber(stops, 0)).toBe(stops[0]);
  });
});

it('the classic example by op: 55 stops among 73 recorded steps, and step=14 is the fourteenth stop', () => {
  const trace = new Trace(traceProblem(EXAMPLES[0]!.problem).trace);
  const stops = computeStops(trace, 'op');
  expect([stops.length, trace.length]).toEqual([55, 73]);
  // Recorded step 14 is a gradient that only repeats the edge before it: not a stop.
  expect(stops).not.toContain(13);
  expect(stopFromNumber(stops, 14)).toBe(stops[13]);
  expect(stopNumberOf(stops, stops[13]!)).toBe(14);
});
