import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { packedBuffers, unpackTrace } from '../../src/engine/packed-trace';
import { recordCompact, recordTrace } from '../../src/engine/tape';
import { Trace } from '../../src/engine/trace';
import { stepTex, stepTexLine, texToText } from '../../src/engine/tex';
import { narrateStep } from '../../src/engine/narration';
import type { BackwardStep, GradientStep } from '../../src/engine/trace-data';
import { Value } from '../../src/engine/value';
import { traceProblem, traceProblemPacked } from '../../src/nn/run';
import { ALL_LOSSES, HIDDEN_ACTIVATIONS, randomProblem } from '../helpers/random-problem';
import { classicProblem } from '../helpers/classic';

describe('recording', () => {
  it('appends one forward step per op, one backward step per edge, and one gradient step per node', () => {
    const { trace } = recordTrace(() => {
      const a = Value.leaf(2, { label: 'a' });
      const b = Value.leaf(-3, { label: 'b' });
      const c = a.mul(b).with({ label: 'c' });
      const d = c.add(a).with({ label: 'd' });
      d.backward();
    });
    const kinds = trace.steps.map((step) => step.kind);
    expect(kinds.filter((kind) => kind === 'forward')).toHaveLength(2);
    // Edges: d→c, d→a, c→a, c→b.
    expect(kinds.filter((kind) => kind === 'backward')).toHaveLength(4);
    // Nodes that receive a gradient: d (the start), c, a, b.
    expect(kinds.filter((kind) => kind === 'gradient')).toHaveLength(4);
    const final = trace.steps.filter((step): step is GradientStep => step.kind === 'gradient');
    const byLabel = new Map(final.map((step) => [trace.nodes[step.node]!.meta.label, step]));
    expect(byLabel.get('a')).toMatchObject({ grad: -2, contributions: 2 });
    expect(byLabel.get('b')).toMatchObject({ grad: 2, contributions: 1 });
    expect(byLabel.get('d')).toMatchObject({ grad: 1, contributions: 0 });
  });

  it('a backward step holds upstream gradient, local derivative, their product and the running total', () => {
    const { trace } = recordTrace(() => {
      const a = Value.leaf(3, { label: 'a' });
      const b = a.add(a).with({ label: 'b' });
      b.add(b).with({ label: 'c' }).backward();
    });
    const intoA = trace.steps.filter((step): step is BackwardStep => step.kind === 'backward' && trace.nodes[step.input]!.meta.label === 'a');
    expect(intoA.map((step) => [step.upstreamGrad, step.localDerivative, step.contribution, step.accumulatedGrad])).toEqual([
      [2, 1, 2, 2],
      [2, 1, 2, 4],
    ]);
    expect(intoA.map((step) => [step.contributionIndex, step.contributionCount])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const t = new Trace(trace);
    const gradientOfA = trace.steps.findIndex((step) => step.kind === 'gradient' && trace.nodes[step.node]!.meta.label === 'a');
    const tex = stepTex(t, gradientOfA);
    expect(tex.substituted).toBe('2 + 2');
    expect(tex.result).toBe('4');
    expect(tex.note).toContain('sum of 2 contributions');
  });

  it('the trace survives JSON and back unchanged', () => {
    const { trace } = traceProblem(classicProblem());
    const text = JSON.stringify(trace);
    const again = Trace.fromJSON(text);
    expect(again.toData()).toEqual(trace);
    expect(stepTexLine(stepTex(again, 20))).toBe(stepTexLine(stepTex(new Trace(trace), 20)));
  });

  it('a packed trace (what a worker posts) unpacks to the same data, batches and leaves outside the network included', () => {
    const problem = randomProblem({ sizes: [3, 4, 2], hidden: 'tanh', loss: 'cross_entropy', batch: 2, seed: 7, learningRate: 0.1 });
    const { trace } = traceProblem(problem);
    const packed = traceProblemPacked(problem).packed;
    expect(unpackTrace(packed)).toEqual(trace);
    // Through structured cloning, as postMessage sends it, with the arrays transferred.
    expect(unpackTrace(structuredClone(packed, { transfer: packedBuffers(packed) }))).toEqual(trace);
    const w = Value.leaf(0.5, { label: 'w' });
    const { tape } = recordCompact(() => w.mul(w).pow(3).backward());
    expect(unpackTrace(tape.toPacked())).toEqual(tape.toData());
  });

  it('rejects text that is not a trace with a one-line reason', () => {
    expect(() => Trace.fromJSON('{"nodes": []}')).toThrow('not a trace: the "format" field is not "tracegrad-trace"');
    expect(() => Trace.fromJSON('{')).toThrow(/^not a trace: /);
  });

  it('a parameter used before recording enters the trace with its value at that moment', () => {
    const w = Value.leaf(0.5, { label: 'w' });
    const { trace } = recordTrace(() => w.mul(2).backward());
    expect(trace.nodes.find((node) => node.meta.label === 'w')?.value).toBe(0.5);
  });
});

describe('the classic 2-2-2 example, replayed', () => {
  const { trace, lossAfterUpdate } = traceProblem(classicProblem());
  const t = new Trace(trace);
  const find = (predicate: (text: string) => boolean): number => {
    for (let i = 0; i < t.length; i++) if (predicate(stepTexLine(stepTex(t, i)))) return i;
    throw new Error('no such step');
  };

  it('shows the output-layer weight gradient as docs/NOTATION.md does', () => {
    const index = find((line) => line.startsWith('\\frac{\\partial \\mathcal{L}}{\\partial W^{[2]}_{11}} ='));
    const tex = stepTex(t, index);
    expect(tex.rule).toBe('\\delta^{[2]}_{1}\\,z^{[1]}_{1}');
    expect(tex.substituted).toBe('0.1385 \\times 0.5933');
    expect(tex.result).toBe('0.08217');
    expect(t.tags(index)).toMatchObject({ phase: 'backward', role: 'weight-gradient', layer: 2, neuron: 1, pass: 0 });
  });

  it('shows δ^{[1]}_1 after the two contributions to ∂L/∂z^{[1]}_1 have been summed', () => {
    const sumIndex = find((line) => line.startsWith('\\frac{\\partial \\mathcal{L}}{\\partial z^{[1]}_{1}} = \\delta^{[2]}_{1}'));
    expect(stepTex(t, sumIndex).rule).toBe('\\delta^{[2]}_{1}\\,W^{[2]}_{11} + \\delta^{[2]}_{2}\\,W^{[2]}_{21}');
    expect(stepTex(t, sumIndex).result).toBe('0.03635');
    const deltaIndex = find((line) => line.startsWith('\\delta^{[1]}_{1} ='));
    expect(deltaIndex).toBeGreaterThan(sumIndex);
    expect(t.tags(deltaIndex)).toMatchObject({ role: 'delta', layer: 1, neuron: 1 });
  });

  it('records the update with old value, gradient, learning rate and new value', () => {
    const index = find((line) => line.startsWith('W^{[2]}_{11} \\leftarrow'));
    expect(t.step(index)).toMatchObject({ kind: 'update', oldValue: 0.4, learningRate: 0.5 });
    expect(stepTex(t, index).substituted).toBe('0.4 - 0.5 \\times 0.08217');
    expect(stepTex(t, index).result).toBe('0.3589');
    expect(t.tags(index)).toMatchObject({ phase: 'update', role: 'update' });
  });

  it('replays the forward pass after the update with the new weights, as pass 1', () => {
    const last = t.length - 1;
    expect(t.tags(last)).toMatchObject({ phase: 'loss', pass: 1 });
    expect(t.step(last)).toMatchObject({ kind: 'forward', value: lossAfterUpdate });
    const w = trace.nodes.find((node) => node.meta.label === 'W^{[2]}_{11}')!;
    expect(t.valueAt(w.id, 0)).toBe(0.4);
    expect(t.valueAt(w.id, last)).toBeCloseTo(0.35891648, 8);
  });

  it('phases run forward → loss → backward → update → forward → loss', () => {
    const phases: string[] = [];
    for (let i = 0; i < t.length; i++) {
      const phase = `${t.tags(i).phase}${t.tags(i).pass}`;
      if (phases[phases.length - 1] !== phase) phases.push(phase);
    }
    expect(phases).toEqual(['forward0', 'loss0', 'backward0', 'update0', 'forward1', 'loss1']);
  });

  it('keeps the steps of each layer together, so a player can step layer by layer', () => {
    const runs: string[] = [];
    for (let i = 0; i < t.length; i++) {
      const tags = t.tags(i);
      const run = `${tags.phase}${tags.pass}:${tags.layer ?? '-'}`;
      if (runs[runs.length - 1] !== run) runs.push(run);
    }
    expect(runs).toEqual(['forward0:1', 'forward0:2', 'loss0:-', 'backward0:-', 'backward0:2', 'backward0:1', 'update0:1', 'update0:2', 'forward1:1', 'forward1:2', 'loss1:-']);
  });

  it('names read aloud in plain text', () => {
    expect(texToText('W^{[2]}_{11}')).toBe('W⁽²⁾₁₁');
    expect(texToText('\\delta^{[1]}_{2}')).toBe('δ⁽¹⁾₂');
    expect(texToText('\\frac{\\partial \\mathcal{L}}{\\partial b^{[2]}_{1}}')).toBe('∂ℒ/∂b⁽²⁾₁');
  });
});

describe('every step of every kind of network renders in KaTeX', () => {
  const cases = HIDDEN_ACTIVATIONS.flatMap((hidden) => ALL_LOSSES.map((loss) => [hidden, loss] as const));
  it.each(cases)('hidden %s, loss %s, a batch of 2', (hidden, loss) => {
    const problem = randomProblem({ sizes: [2, 3, 2], hidden, loss, batch: 2, seed: 11, learningRate: 0.1 });
    const t = new Trace(traceProblem(problem).trace);
    for (let i = 0; i < t.length; i++) {
      const line = stepTexLine(stepTex(t, i));
      expect(() => katex.renderToString(line, { throwOnError: true }), `step ${i}: ${line}`).not.toThrow();
      expect(line).not.toMatch(/NaN|undefined|\?/);
    }
  });
});

describe('narration', () => {
  const t = new Trace(traceProblem(classicProblem()).trace);
  const lines = Array.from({ length: t.length }, (_unused, i) => narrateStep(t, i));

  it('says every step in words with its numbers', () => {
    expect(lines[0]).toBe('Forward, layer 1, neuron 1: a⁽¹⁾₁ is the weighted sum of x₁, x₂ with weights W⁽¹⁾₁₁, W⁽¹⁾₁₂, plus b⁽¹⁾₁, which is 0.3775.');
    expect(lines).toContain('Backward, layer 2, neuron 1: ∂ℒ/∂W⁽²⁾₁₁ receives δ⁽²⁾₁ times the local derivative: 0.1385 × 0.5933 = 0.08217.');
    expect(lines).toContain('Backward, layer 1, neuron 1: ∂ℒ/∂z⁽¹⁾₁ is complete: the sum of 2 contributions, 0.03635.');
    expect(lines).toContain('Update, layer 2, neuron 1: W⁽²⁾₁₁ becomes 0.4 − 0.5 × 0.08217 = 0.3589.');
    expect(lines[lines.length - 1]).toMatch(/^Loss \(after the update\): ℒ is the half sum of squared errors of z⁽²⁾₁, z⁽²⁾₂, which is 0\.2805\.$/);
  });

  it('never leaves TeX behind', () => {
    for (const line of lines) expect(line).not.toMatch(/[\\{}^]/);
  });

  it('asking (predict mode) says everything but the result, and asks for it', () => {
    expect(narrateStep(t, 0, true)).toBe('Forward, layer 1, neuron 1: a⁽¹⁾₁ is the weighted sum of x₁, x₂ with weights W⁽¹⁾₁₁, W⁽¹⁾₁₂, plus b⁽¹⁾₁: predict the result.');
    for (let i = 0; i < t.length; i++) {
      const asked = narrateStep(t, i, true);
      expect(asked).toMatch(/: predict the result\.$/);
      // The told line is the asked one with the result in place of the question.
      expect(lines[i]!.startsWith(asked.replace(/: predict the result\.$/, ''))).toBe(true);
      const result = lines[i]!.slice(asked.length - ': predict the result.'.length);
      expect(result.length).toBeGreaterThan(1);
    }
  });
});
