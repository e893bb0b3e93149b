import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../../src/data/examples';
import { Trace } from '../../../src/engine/trace';
import { traceProblem } from '../../../src/nn/run';
import { firstStepOf, placeOfStep, stopOfPlace, tracePlaces, type PlaceChoice } from '../../../src/ui/player/places';
import { computeStops, GRANULARITIES } from '../../../src/ui/player/stops';
import { classicProblem } from '../../helpers/classic';

const classic = new Trace(traceProblem(classicProblem()).trace);

describe('the places of the classic 2-2-2 trace', () => {
  const places = tracePlaces(classic);

  it('are its six phase runs, each with the layers it reaches in order and their neurons, with first steps read off its tags', () => {
    // Hand-checked against the trace's tags, step by step: forward 0–7 (a¹₁ a¹₂ z¹₁ z¹₂, then layer 2),
    // ℒ at 8, ∂ℒ/∂ℒ at 9, the edges into z²₁ and z²₂ at 10 and 11, layer 1 from 34, the update from 52.
    const outline = places.map((run) => ({
      run: `${run.phase}${run.pass} ${run.first}-${run.last}`,
      layers: run.layers.map((layer) => `${layer.layer ?? '-'}@${layer.first}: ${layer.neurons.map((n) => `${n.neuron}@${n.first}`).join(' ')}`),
    }));
    expect(outline).toEqual([
      { run: 'forward0 0-7', layers: ['1@0: 1@0 2@1', '2@4: 1@4 2@5'] },
      { run: 'loss0 8-8', layers: ['-@8: '] },
      { run: 'backward0 9-51', layers: ['-@9: ', '2@10: 1@10 2@11', '1@34: 1@34 2@35'] },
      { run: 'update0 52-63', layers: ['1@52: 1@52 2@55', '2@58: 1@58 2@61'] },
      { run: 'forward1 64-71', layers: ['1@64: 1@64 2@65', '2@68: 1@68 2@69'] },
      { run: 'loss1 72-72', layers: ['-@72: '] },
    ]);
  });

  it('the first backward stop of layer 1 neuron 2 is step 35 stepping by operation or neuron, the end of layer 1 stepping by layer', () => {
    const choice: PlaceChoice = { run: 2, layer: 2, neuron: 2 };
    expect(stopOfPlace(places, computeStops(classic, 'op'), choice)).toBe(35);
    expect(stopOfPlace(places, computeStops(classic, 'neuron'), choice)).toBe(35);
    expect(classic.tags(35)).toMatchObject({ phase: 'backward', pass: 0, layer: 1, neuron: 2 });
    expect(classic.tags(34)).toMatchObject({ phase: 'backward', layer: 1, neuron: 1 });
    // By layer, the one stop of layer 1's backward run is its last step, just before the update.
    expect(stopOfPlace(places, computeStops(classic, 'layer'), choice)).toBe(51);
    expect(classic.tags(51)).toMatchObject({ phase: 'backward', layer: 1 });
    expect(classic.tags(52).phase).toBe('update');
  });

  it('a run or a layer without a neuron goes to its start; a place the trace lacks is undefined', () => {
    const stops = computeStops(classic, 'op');
    expect(stopOfPlace(places, stops, { run: 3 })).toBe(52);
    expect(stopOfPlace(places, stops, { run: 3, layer: 1 })).toBe(58);
    expect(stopOfPlace(places, stops, { run: 1 })).toBe(8);
    expect(firstStepOf(places, { run: 6 })).toBeUndefined();
    expect(firstStepOf(places, { run: 0, layer: 2 })).toBeUndefined();
    expect(firstStepOf(places, { run: 0, layer: 0, neuron: 3 })).toBeUndefined();
  });

  it('placeOfStep names the place of a step, the choice a jump there makes', () => {
    expect(placeOfStep(classic, places, 35)).toEqual({ run: 2, layer: 2, neuron: 2 });
    expect(placeOfStep(classic, places, 9)).toEqual({ run: 2, layer: 0 });
    expect(placeOfStep(classic, places, 72)).toEqual({ run: 5, layer: 0 });
    expect(placeOfStep(classic, places, 0)).toEqual({ run: 0, layer: 0, neuron: 1 });
  });
});

describe('places against a scan of every stop', () => {
  for (const example of EXAMPLES) {
    it(`${example.id}: each place's jump is the first stop whose tags are that place (stepping by op), and at every granularity the first stop at or after it`, () => {
      const trace = new Trace(traceProblem(example.problem).trace);
      const places = tracePlaces(trace);
      expect(places[0]!.first).toBe(0);
      expect(places[places.length - 1]!.last).toBe(trace.length - 1);
      for (const granularity of GRANULARITIES) {
        const stops = computeStops(trace, granularity);
        places.forEach((run, r) => {
          run.layers.forEach((layer, l) => {
            for (const { neuron, first } of layer.neurons) {
              const landed = stopOfPlace(places, stops, { run: r, layer: l, neuron })!;
              // The reference: a plain scan of the steps for the first of that place, then of the stops.
              let firstStep = -1;
              for (let i = run.first; i <= run.last && firstStep < 0; i++) {
                const tags = trace.tags(i);
                if (tags.layer === layer.layer && tags.neuron === neuron) firstStep = i;
              }
              expect(firstStep).toBe(first);
              expect(landed).toBe(stops.find((stop) => stop >= firstStep));
              if (granularity === 'op' && trace.kindOf(firstStep) !== 'gradient') {
                expect(trace.tags(landed)).toMatchObject({ phase: run.phase, pass: run.pass, layer: layer.layer, neuron });
              }
            }
          });
        });
      }
    });
  }
});
