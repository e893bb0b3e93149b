/**
 * Walking a recorded trace stop by stop, as the player and the home page's compact player both
 * do: the stops of a granularity, the stop shown, its number, and moves that say when they would
 * leave the trace (so that a lesson can move on at either end). The position itself stays with
 * the owner (a bindable prop a page links to), which the walk reads and sets through `position`.
 */
import type { Trace } from '../../engine/trace';
import { computeStops, nextStop, previousStop, stopAtOrBefore, stopNumberOf, type Granularity } from './stops';

export interface SteppingSource {
  trace(): Trace;
  granularity(): Granularity;
  /** The owner's position: read, and written by every move. */
  position: { get(): number; set(step: number): void };
}

export class Stepping {
  readonly #source: SteppingSource;

  readonly stops: readonly number[] = $derived.by(() => computeStops(this.#source.trace(), this.#source.granularity()));
  /** The step shown: the position, kept on a stop (a position between stops shows the stop before it). */
  readonly current: number = $derived.by(() => stopAtOrBefore(this.stops, this.#source.position.get()));
  /** "Step k of N": the shown stop's number, 1 … N. */
  readonly number: number = $derived.by(() => stopNumberOf(this.stops, this.current));
  readonly atStart: boolean = $derived.by(() => previousStop(this.stops, this.current) === this.current);
  readonly atEnd: boolean = $derived.by(() => nextStop(this.stops, this.current) === this.current);

  constructor(source: SteppingSource) {
    this.#source = source;
  }

  /** To the stop at or before a step (a click on a value jumps to the step that produced it). */
  go(step: number): void {
    this.#source.position.set(stopAtOrBefore(this.stops, step));
  }

  next(): 'moved' | 'at-end' {
    const target = nextStop(this.stops, this.current);
    if (target === this.current) return 'at-end';
    this.go(target);
    return 'moved';
  }

  previous(): 'moved' | 'at-start' {
    const target = previousStop(this.stops, this.current);
    if (target === this.current) return 'at-start';
    this.go(target);
    return 'moved';
  }

  first(): void {
    this.go(this.stops[0] ?? 0);
  }

  last(): void {
    this.go(this.stops[this.stops.length - 1] ?? 0);
  }
}
