import { describe, expect, it } from 'vitest';
import { Trace } from '../../../src/engine/trace';
import { traceProblem } from '../../../src/nn/run';
import { edgeLookup, stepHighlights } from '../../../src/ui/player/graph-highlights';
import { layoutGraph } from '../../../src/ui/player/graph-layout';
import { TraceIndex } from '../../../src/ui/player/trace-index';
import { classicProblem } from '../../helpers/classic';

const classic = new Trace(traceProblem(classicProblem()).trace);
const index = new TraceIndex(classic);
const layout = layoutGraph(classic, 0, new Set());
const edges = edgeLookup(layout);

/** The layout's line keys that stand for the dependency input → node. */
function linesOf(input: number, node: number): string[] {
  return layout.edges.filter((edge) => edge.flows.some((flow) => flow.input === input && flow.node === node)).map((edge) => edge.key);
}

const stepWhere = (test: (i: number) => boolean): number => classic.toData().steps.findIndex((_step, i) => test(i));

describe('what the graph view lights at a step', () => {
  it('a forward step lights its node and the lines from each of its inputs, and its op’s line out', () => {
    const step = stepWhere((i) => classic.step(i).kind === 'forward' && classic.node(classic.step(i).node).op === 'linear');
    const { node } = classic.step(step);
    const lit = stepHighlights(edges, classic, index, step);
    expect([...lit.touched]).toEqual([node]);
    const expected = new Set(classic.node(node).inputs.flatMap((input) => linesOf(input, node)));
    const out = layout.edges.find((edge) => edge.output === node)?.key;
    if (out !== undefined) expected.add(out);
    expect(expected.size).toBeGreaterThan(1);
    expect(lit.hotEdges).toEqual(expected);
    expect(lit.roleOf(node)).toBe('computed at this step');
    expect(lit.roleOf(classic.node(node).inputs[0]!)).toBeUndefined();
  });

  it('a backward step lights its node and the input it sends gradient to, and only that edge', () => {
    const step = stepWhere((i) => classic.step(i).kind === 'backward');
    const current = classic.step(step);
    if (current.kind !== 'backward') throw new Error('no backward step');
    const lit = stepHighlights(edges, classic, index, step);
    expect(new Set(lit.touched)).toEqual(new Set([current.node, current.input]));
    for (const key of linesOf(current.input, current.node)) expect(lit.hotEdges.has(key)).toBe(true);
    const otherInputs = classic.node(current.node).inputs.filter((input) => input !== current.input);
    for (const input of otherInputs) for (const key of linesOf(input, current.node)) expect(lit.hotEdges.has(key)).toBe(false);
    expect(lit.roleOf(current.input)).toBe('receives gradient at this step');
    expect(lit.roleOf(current.node)).toBe('sends gradient at this step');
  });

  it('an update step lights the parameter and no line', () => {
    const step = stepWhere((i) => classic.step(i).kind === 'update');
    const lit = stepHighlights(edges, classic, index, step);
    expect([...lit.touched]).toEqual([classic.step(step).node]);
    expect(lit.hotEdges.size).toBe(0);
    expect(lit.roleOf(classic.step(step).node)).toBe('updated at this step');
  });
});
