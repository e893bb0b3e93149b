/**
 * The places of a trace one can jump to from the timeline: each phase of each pass (forward,
 * loss, backward, update, then forward and loss with the new weights), the layers it works on in
 * the order it reaches them, and each layer's neurons, with the first step of each. A step is
 * filed under the place engine/stops.ts groups it by (Trace.placeNodeOf: a backward edge under
 * the neuron sending the gradient). Built once per trace in one sweep over its steps; a jump is
 * then a lookup and one binary search over the stops, even with 300,000 steps.
 */
import type { Phase, Trace } from '../../engine/trace';
import { firstStopAtOrAfter } from './stops';

export interface NeuronPlace {
  neuron: number;
  /** The neuron's first step in its layer's run. */
  first: number;
}

export interface LayerPlace {
  /** Undefined for the steps that belong to no layer (the loss, and ∂ℒ/∂ℒ = 1 where backward starts). */
  layer: number | undefined;
  first: number;
  /** Ascending by neuron. */
  neurons: NeuronPlace[];
}

export interface PhasePlace {
  phase: Phase;
  pass: number;
  /** The run's first and last step. */
  first: number;
  last: number;
  /** In the order the run reaches them (backward goes from the output layer down). */
  layers: LayerPlace[];
}

/** A place to go: a phase run (by its position in `tracePlaces`), and optionally a layer of it and a neuron of that. */
export interface PlaceChoice {
  run: number;
  /** A layer's position in the run's `layers`; absent for the start of the run. */
  layer?: number;
  /** A neuron number (as the trace counts them, from 1); absent for the start of the layer. */
  neuron?: number;
}

const built = new WeakMap<Trace, PhasePlace[]>();

/** The trace's places, swept once and then shared. */
export function tracePlaces(trace: Trace): PhasePlace[] {
  let places = built.get(trace);
  if (places === undefined) {
    places = sweepPlaces(trace);
    built.set(trace, places);
  }
  return places;
}

function sweepPlaces(trace: Trace): PhasePlace[] {
  const runs: PhasePlace[] = [];
  let run: PhasePlace | undefined;
  let layers = new Map<number | undefined, { place: LayerPlace; neurons: Map<number, NeuronPlace> }>();
  // The layer and neuron of the step before: consecutive steps mostly share them, and then need no lookup.
  let previousPlace = -1;
  for (let i = 0; i < trace.length; i++) {
    const phase = trace.phaseOf(i);
    const pass = trace.passOf(i);
    if (run === undefined || run.phase !== phase || run.pass !== pass) {
      run = { phase, pass, first: i, last: i, layers: [] };
      runs.push(run);
      layers = new Map();
      previousPlace = -1;
    }
    run.last = i;
    const placeNode = trace.placeNodeOf(i);
    if (placeNode === previousPlace) continue;
    previousPlace = placeNode;
    const layer = trace.placeField(placeNode, 'layer');
    const neuron = trace.placeField(placeNode, 'neuron');
    let entry = layers.get(layer);
    if (entry === undefined) {
      entry = { place: { layer, first: i, neurons: [] }, neurons: new Map() };
      layers.set(layer, entry);
      run.layers.push(entry.place);
    }
    if (neuron !== undefined && layer !== undefined && !entry.neurons.has(neuron)) {
      const place = { neuron, first: i };
      entry.neurons.set(neuron, place);
      entry.place.neurons.push(place);
    }
  }
  for (const each of runs) for (const layer of each.layers) layer.neurons.sort((p, q) => p.neuron - q.neuron);
  return runs;
}

/** The first step of a chosen place (the run's, the layer's or the neuron's), or undefined if the trace has no such place. */
export function firstStepOf(places: readonly PhasePlace[], choice: PlaceChoice): number | undefined {
  const run = places[choice.run];
  if (run === undefined) return undefined;
  if (choice.layer === undefined) return run.first;
  const layer = run.layers[choice.layer];
  if (layer === undefined) return undefined;
  if (choice.neuron === undefined) return layer.first;
  return layer.neurons.find((place) => place.neuron === choice.neuron)?.first;
}

/**
 * Where a jump to the place lands: the first stop at or after the place's first step, at the
 * granularity the stops were computed for. Stepping by operation that is the place's first step
 * (or the next stop, where that step is passed over); stepping by neuron or layer, the stop that
 * completes the group the step belongs to.
 */
export function stopOfPlace(places: readonly PhasePlace[], stops: readonly number[], choice: PlaceChoice): number | undefined {
  const first = firstStepOf(places, choice);
  return first === undefined ? undefined : firstStopAtOrAfter(stops, first);
}

/** Which run, layer (position in the run) and neuron a step belongs to: the choice a jump there would make. */
export function placeOfStep(trace: Trace, places: readonly PhasePlace[], step: number): PlaceChoice {
  // The last run that starts at or before the step.
  let low = 0;
  let high = places.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (places[middle]!.first <= step) low = middle;
    else high = middle - 1;
  }
  const run = places[low];
  if (run === undefined) return { run: 0 };
  const placeNode = trace.placeNodeOf(step);
  const layer = trace.placeField(placeNode, 'layer');
  const neuron = trace.placeField(placeNode, 'neuron');
  const layerPosition = run.layers.findIndex((place) => place.layer === layer);
  if (layerPosition < 0) return { run: low };
  const hasNeuron = neuron !== undefined && run.layers[layerPosition]!.neurons.some((place) => place.neuron === neuron);
  return { run: low, layer: layerPosition, ...(hasNeuron && { neuron }) };
}
