import { describe, expect, it } from 'vitest';
import { nextStop, previousStop, stopAtOrBefore, stopNumberOf } from '../../../src/ui/player/stops';

/** The walks written the slow, obvious way, to hold the binary searches to. */
const reference = {
  next: (stops: number[], step: number) => stops.find((stop) => stop > step) ?? stops[stops.length - 1] ?? step,
  previous: (stops: number[], step: number) => [...stops].reverse().find((stop) => stop < step) ?? stops[0] ?? step,
  atOrBefore: (stops: number[], step: number) => [...stops].reverse().find((stop) => stop <= step) ?? stops[0] ?? step,
  number: (stops: number[], step: number) => Math.max(0, stops.indexOf(reference.atOrBefore(stops, step))) + 1,
};

/** Ascending stops with gaps of 1 to 4 steps, starting anywhere from 0 to 2 (a seeded walk). */
function stopsOf(count: number, seed: number): number[] {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const stops: number[] = [];
  let step = Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    stops.push(step);
    step += 1 + Math.floor(random() * 4);
  }
  return stops;
}

describe('walking the stops by binary search', () => {
  it('lands where the linear walk lands, for every step in and around the stops, empty and single lists too', () => {
    for (const [count, seed] of [[0, 1], [1, 2], [2, 3], [7, 4], [50, 5], [333, 6]] as const) {
      const stops = stopsOf(count, seed);
      const last = stops[stops.length - 1] ?? 0;
      for (let step = -2; step <= last + 2; step++) {
        expect(nextStop(stops, step), `next of ${step} in ${count} stops`).toBe(reference.next(stops, step));
        expect(previousStop(stops, step), `previous of ${step}`).toBe(reference.previous(stops, step));
        expect(stopAtOrBefore(stops, step), `at or before ${step}`).toBe(reference.atOrBefore(stops, step));
        expect(stopNumberOf(stops, step), `number of ${step}`).toBe(reference.number(stops, step));
      }
    }
  });
});
