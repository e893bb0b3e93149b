import { describe, expect, it } from 'vitest';
import { Trace } from '../../../src/engine/trace';
import { narrateStep } from '../../../src/engine/narration';
import { traceProblem } from '../../../src/nn/run';
import { computeStops } from '../../../src/ui/player/stops';
import { TraceIndex } from '../../../src/ui/player/trace-index';
import { layerTex } from '../../../src/ui/player/layer-tex';
import { ShownNumbers } from '../../../src/ui/player/shown-numbers';
import { StepMemo } from '../../../src/ui/player/step-memo';
import { stepSentence } from '../../../src/ui/player/step-narration';
import { cardContent } from '../../../src/ui/player/formula-card';
import { classicProblem } from '../../helpers/classic';

describe('StepMemo', () => {
  it('computes once per owner and key, keeps the most recently used and drops the oldest beyond its limit', () => {
    const memo = new StepMemo<string>(2);
    const first = {};
    const second = {};
    const computed: string[] = [];
    const get = (owner: object, key: string) => memo.get(owner, key, () => (computed.push(key), `value of ${key}`));
    expect(get(first, 'a')).toBe('value of a');
    expect(get(first, 'a')).toBe('value of a');
    expect(get(second, 'a')).toBe('value of a');
    expect(computed).toEqual(['a', 'a']);
    get(first, 'b');
    get(first, 'a'); // a is now the most recent, b the oldest
    get(first, 'c'); // drops b
    get(first, 'a');
    get(first, 'b');
    expect(computed).toEqual(['a', 'a', 'b', 'c', 'b']);
  });
});

describe('per-step results kept between preparing and showing', () => {
  const classic = classicProblem();
  const trace = new Trace(traceProblem(classic).trace);
  const index = TraceIndex.of(trace);
  const stops = computeStops(trace, 'layer');

  it('the card and the sentence of a step are built once and equal a fresh build', () => {
    const step = stops[3]!;
    expect(cardContent(trace, index, step)).toBe(cardContent(trace, index, step));
    expect(stepSentence(trace, step)).toBe(narrateStep(trace, step));
    expect(stepSentence(trace, step, true)).toBe(narrateStep(trace, step, true));
    expect(stepSentence(trace, step, true)).not.toBe(stepSentence(trace, step));
  });

  it('the layer formulas are kept per problem, step, sample and concealment', () => {
    const step = stops[1]!;
    const shown = layerTex(classic, trace, new ShownNumbers(index, step), undefined);
    expect(layerTex(classic, trace, new ShownNumbers(index, step), undefined)).toBe(shown);
    // Concealed, the result of the step is "?" again: not the kept formulas.
    expect(layerTex(classic, trace, new ShownNumbers(index, step, true), undefined)).not.toEqual(shown);
    // The same trace shown for a problem that names another activation: built anew, not the kept one.
    const relabelled = { ...classic, layers: classic.layers.map((layer) => ({ ...layer, activation: 'tanh' as const })) };
    expect(layerTex(relabelled, trace, new ShownNumbers(index, step), undefined)?.lines.join()).toContain('\\tanh');
    expect(shown?.lines.join()).not.toContain('\\tanh');
  });
});
