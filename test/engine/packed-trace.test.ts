/**
 * The columnar trace against the plain objects the tape gives (`toData`, what JSON is written
 * from): the same steps and nodes, one by one, whether the Trace was made from a recording's
 * columns or from plain data, and every column reader against the field it stands for.
 */
import { describe, expect, it } from 'vitest';
import { findExample } from '../../src/data/examples';
import type { Problem } from '../../src/data/problem';
import { CHUNK_SIZE, packTraceData, packedBuffers, unpackTrace } from '../../src/engine/packed-trace';
import { Trace } from '../../src/engine/trace';
import type { TraceData } from '../../src/engine/trace-data';
import { parseExpression } from '../../src/nn/expression';
import { recordExpression } from '../../src/nn/expression-trace';
import { traceProblem, traceProblemPacked } from '../../src/nn/run';
import { randomProblem } from '../helpers/random-problem';

/** Each step and node of `trace` equals the plain data's, and so does each column reader. */
function expectSameAsObjects(trace: Trace, data: TraceData): void {
  expect(trace.length).toBe(data.steps.length);
  expect(trace.nodeCount).toBe(data.nodes.length);
  data.steps.forEach((step, i) => {
    expect(trace.step(i)).toEqual(step);
    expect(trace.kindOf(i)).toBe(step.kind);
    expect(trace.nodeOfStep(i)).toBe(step.node);
    expect(trace.inputOfStep(i)).toBe(step.kind === 'backward' ? step.input : -1);
    expect(trace.inputIndexOfStep(i)).toBe(step.kind === 'backward' ? step.inputIndex : -1);
    expect(trace.localDerivativeOf(i)).toBe(step.kind === 'backward' ? step.localDerivative : undefined);
    const counts = step.kind === 'backward' ? [step.contributionIndex, step.contributionCount] : step.kind === 'gradient' ? [step.contributions, step.contributions] : undefined;
    expect(trace.contributionCountsOf(i)).toEqual(counts);
    expect(trace.gradAfterStep(i)).toBe(step.kind === 'backward' ? step.accumulatedGrad : step.kind === 'gradient' ? step.grad : undefined);
  });
  data.nodes.forEach((node, id) => {
    expect(trace.node(id)).toEqual(node);
    expect(trace.op(id)).toBe(node.op);
    expect(trace.roleOf(id)).toBe(node.meta.role);
    for (const field of ['layer', 'neuron', 'input', 'sample'] as const) expect(trace.placeField(id, field)).toBe(node.meta[field]);
    expect([...trace.inputsOf(id)]).toEqual(node.inputs);
  });
}

const problems: [string, Problem][] = [
  ['classic', findExample('classic')!.problem],
  ['softmax', findExample('softmax')!.problem],
  ['deep', findExample('deep')!.problem],
  ['a batch', randomProblem({ sizes: [3, 4, 2], hidden: 'relu', loss: 'bce', batch: 3, seed: 11, learningRate: 0.2 })],
];

describe('a trace in columns', () => {
  it.each(problems)('%s: from the recording’s columns and from plain data, step by step and node by node', (_name, problem) => {
    const { trace: data } = traceProblem(problem);
    expectSameAsObjects(new Trace(traceProblemPacked(problem).packed), data);
    expectSameAsObjects(new Trace(data), data);
    expect(new Trace(data).toData()).toEqual(data);
  });

  it('an expression, whose leaves are variables outside any network', () => {
    const { trace: data } = recordExpression(parseExpression('x*y + exp(x)/y^2 - log(y)', ['x', 'y']), { x: 0.5, y: 2 });
    expectSameAsObjects(new Trace(data), data);
  });

  it('a recording longer than one chunk of steps reads the same across the chunks’ seams', () => {
    const problem = randomProblem({ sizes: [200, 120, 10], hidden: 'relu', loss: 'cross_entropy', seed: 4, learningRate: 0.1 });
    const { trace: data } = traceProblem(problem);
    const packed = traceProblemPacked(problem).packed;
    expect(packed.steps.length).toBeGreaterThan(CHUNK_SIZE);
    expect(packed.steps.chunks.length).toBe(2);
    for (const trace of [new Trace(packed), new Trace(packTraceData(data))]) {
      // Step key order is fixed, so the JSON text compares the steps exactly and quickly.
      expect(JSON.stringify(trace.toData().steps)).toBe(JSON.stringify(data.steps));
      for (let i = CHUNK_SIZE - 3; i < CHUNK_SIZE + 3; i++) {
        const step = data.steps[i]!;
        expect([trace.kindOf(i), trace.nodeOfStep(i), trace.gradAfterStep(i)]).toEqual([step.kind, step.node, step.kind === 'gradient' ? step.grad : step.kind === 'backward' ? step.accumulatedGrad : undefined]);
      }
    }
  });

  it('keeps a recording’s arrays as they are, without copying them into objects', () => {
    const packed = traceProblemPacked(findExample('classic')!.problem).packed;
    const trace = new Trace(packed);
    expect(trace.step(0)).toMatchObject({ kind: 'forward' });
    packed.steps.chunks[0]!.numbers[0] = 42;
    expect(trace.step(0)).toMatchObject({ kind: 'forward', value: 42 });
  });

  it('interns labels: each distinct label is stored once, however many nodes carry it', () => {
    const { trace: data } = traceProblem(randomProblem({ sizes: [2, 3, 2], hidden: 'tanh', loss: 'mse', batch: 4, seed: 3, learningRate: 0.1 }));
    const packed = packTraceData(data);
    const labels = data.nodes.flatMap((node) => [node.meta.label, node.meta.gradLabel]).filter((label) => label !== undefined);
    const distinct = new Set(labels);
    expect(packed.strings.starts.length - 1).toBe(distinct.size);
    expect(packed.strings.text).toBe([...distinct].join(''));
    // The forward pass after the update records its nodes again under the same names.
    expect(distinct.size).toBeLessThan(labels.length);
    expect(unpackTrace(packed)).toEqual(data);
  });

  it('survives posting from a worker, arrays transferred and the string table cloned', () => {
    const problem = findExample('softmax')!.problem;
    const packed = traceProblemPacked(problem).packed;
    const posted = structuredClone(packed, { transfer: packedBuffers(packed) });
    expect(packed.steps.chunks[0]!.kinds.length).toBe(0);
    expectSameAsObjects(new Trace(posted), traceProblem(problem).trace);
  });

  it('refuses a trace file whose backward step names an input its node does not have there, or a step of no kind', () => {
    const data = traceProblem(findExample('classic')!.problem).trace;
    const backward = data.steps.findIndex((step) => step.kind === 'backward');
    const edited = structuredClone(data);
    const step = edited.steps[backward]!;
    if (step.kind !== 'backward') throw new Error('expected a backward step');
    step.input = step.input === 0 ? 1 : 0;
    expect(() => Trace.fromJSON(JSON.stringify(edited))).toThrow(`trace step ${backward} sends gradient to node ${step.input}, which is not input ${step.inputIndex} of node ${step.node}`);
    const unknown = JSON.stringify(data).replace('"kind":"update"', '"kind":"teleport"');
    expect(() => Trace.fromJSON(unknown)).toThrow(/^trace step \d+ is of no kind a trace has/);
  });
});
