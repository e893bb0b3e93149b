import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/data/problem';
import { EXAMPLES, findExample } from '../../../src/data/examples';
import { Trace } from '../../../src/engine/trace';
import { traceProblem } from '../../../src/nn/run';
import { decodeProblem, encodeProblem } from '../../../src/ui/player/problem-url';
import { computeStops, nextStop, previousStop, stopAtOrBefore } from '../../../src/ui/player/stops';
import { TraceIndex } from '../../../src/ui/player/trace-index';
import { layerTex } from '../../../src/ui/player/layer-tex';
import { ShownNumbers } from '../../../src/ui/player/shown-numbers';
import { classicProblem } from '../../helpers/classic';

const classic = classicProblem();
const trace = new Trace(traceProblem(classic).trace);
const index = new TraceIndex(trace);

describe('stops', () => {
  it('stepping by operation skips gradients that only repeat the edge that completed them', () => {
    const stops = computeStops(trace, 'op');
    for (const stop of stops) {
      const step = trace.step(stop);
      if (step.kind === 'gradient') expect(step.contributions === 0 || step.contributions > 1 || stop === trace.length - 1).toBe(true);
    }
    expect(stops.length).toBeLessThan(trace.length);
    expect(stops[stops.length - 1]).toBe(trace.length - 1);
  });

  it('stepping by layer visits each phase of each layer once', () => {
    const stops = computeStops(trace, 'layer');
    expect(stops.map((stop) => `${trace.tags(stop).phase}${trace.tags(stop).pass}:${trace.tags(stop).layer ?? '-'}`)).toEqual([
      'forward0:1', 'forward0:2', 'loss0:-', 'backward0:-', 'backward0:2', 'backward0:1', 'update0:1', 'update0:2', 'forward1:1', 'forward1:2', 'loss1:-',
    ]);
  });

  it('stepping by neuron stops at the end of each neuron', () => {
    const stops = computeStops(trace, 'neuron');
    expect(stops.slice(0, 4).map((stop) => `${trace.tags(stop).layer}:${trace.tags(stop).neuron}`)).toEqual(['1:1', '1:2', '1:1', '1:2']);
  });

  it('next, previous and the stop at or before a position', () => {
    const stops = [2, 5, 9];
    expect(nextStop(stops, 2)).toBe(5);
    expect(nextStop(stops, 9)).toBe(9);
    expect(previousStop(stops, 5)).toBe(2);
    expect(previousStop(stops, 2)).toBe(2);
    expect(stopAtOrBefore(stops, 8)).toBe(5);
    expect(stopAtOrBefore(stops, 0)).toBe(2);
  });
});

describe('the trace index never shows a value early', () => {
  const a11 = index.find(0, { role: 'pre-activation', layer: 1, neuron: 1 })!;
  const w211 = index.find(0, { role: 'weight', layer: 2, neuron: 1, input: 1 })!;

  it('a value appears at the step that computes it', () => {
    const computed = index.forwardStepOf(a11);
    expect(computed).toBe(0);
    expect(index.valueAfter(a11, computed)).toBeCloseTo(0.3775, 12);
    const z21 = index.find(0, { role: 'activation', layer: 2, neuron: 1 })!;
    expect(index.valueAfter(z21, index.forwardStepOf(z21) - 1)).toBeUndefined();
  });

  it('a gradient appears when it is complete, and a weight changes at its update', () => {
    const done = index.gradientStepOf(w211, trace.length - 1)!;
    expect(index.gradAfter(w211, done - 1)).toBeUndefined();
    expect(index.gradAfter(w211, done)).toBeCloseTo(0.082167041, 9);
    expect(index.valueAfter(w211, done)).toBe(0.4);
    expect(index.valueAfter(w211, trace.length - 1)).toBeCloseTo(0.35891648, 8);
    expect(index.producerOf(w211, trace.length - 1)).toBeGreaterThan(done);
  });

  it('a δ shows on the very step whose formula computes it (softmax: straight from the loss)', () => {
    const softmax = new Trace(traceProblem(findExample('softmax')!.problem).trace);
    const softmaxIndex = new TraceIndex(softmax);
    const a3 = softmaxIndex.find(0, { role: 'pre-activation', layer: 2, neuron: 3 })!;
    const deltaStep = softmax.toData().steps.findIndex((step) => step.kind === 'backward' && step.input === a3);
    expect(softmaxIndex.gradAfter(a3, deltaStep - 1)).toBeUndefined();
    expect(softmaxIndex.gradAfter(a3, deltaStep)).toBe((softmax.step(deltaStep) as { contribution: number }).contribution);
  });

  it('finds the nodes of the forward pass after the update, and both losses', () => {
    expect(index.passCount).toBe(2);
    const again = index.find(1, { role: 'pre-activation', layer: 1, neuron: 1 })!;
    expect(again).not.toBe(a11);
    expect(index.valueAfter(index.lossNode(0)!, trace.length - 1)).toBeCloseTo(0.298371109, 9);
    expect(index.valueAfter(index.lossNode(1)!, trace.length - 1)).toBeLessThan(0.298371109);
  });
});

describe('the layer view', () => {
  it('fills the outer product ∂L/∂W^{[2]} = δ^{[2]} (z^{[1]})^T as the scalar steps compute it', () => {
    const stops = computeStops(trace, 'layer');
    const backwardLayer2 = stops.find((stop) => trace.tags(stop).phase === 'backward' && trace.tags(stop).layer === 2)!;
    const tex = layerTex(classic, trace, new ShownNumbers(index, backwardLayer2), undefined)!;
    expect(tex.title).toBe('Layer 2, backward');
    expect(tex.lines.join('\n')).toContain('0.08217 & 0.08267');
    const early = layerTex(classic, trace, new ShownNumbers(index, backwardLayer2 - 8), undefined)!;
    expect(early.lines.join('\n')).toContain('?');
  });
});

describe('problems in links', () => {
  it('round-trip every built-in example', () => {
    for (const example of EXAMPLES) expect(decodeProblem(encodeProblem(example.problem))).toEqual(example.problem);
  });

  it('a damaged link is a ProblemError with a one-line message', () => {
    expect(() => decodeProblem('%%%')).toThrow(ProblemError);
    expect(() => decodeProblem(btoa('{"layers": 3}'))).toThrow(/^loss must be one of/);
  });
});
