/**
 * Everything the player, the graph view and the exports read from a trace (steps, nodes, tags,
 * values at a step, contributions, the index's lookups, the stops), walked over whole traces and
 * hashed. The hashes were taken from the object-per-step implementation before traces moved into
 * typed arrays, so the columnar trace is held to answer every question exactly as it did.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import type { Problem } from '../../src/data/problem';
import { GRANULARITIES, computeStops } from '../../src/engine/stops';
import { Trace } from '../../src/engine/trace';
import { NODE_ROLES } from '../../src/engine/trace-data';
import { parseExpression } from '../../src/nn/expression';
import { recordExpression } from '../../src/nn/expression-trace';
import { traceProblem } from '../../src/nn/run';
import { phaseSegments } from '../../src/ui/player/stops';
import { TraceIndex } from '../../src/ui/player/trace-index';
import { randomProblem } from '../helpers/random-problem';

/** JSON with every object's keys sorted, so only what is said counts, not in which order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}

/** Every reading of the trace and its index, one line each, hashed. */
function readingsHash(trace: Trace): string {
  const lines: string[] = [];
  const last = trace.length - 1;
  let nodeCount = 0;
  while (nodeCount < 1e6) {
    try {
      trace.node(nodeCount);
    } catch {
      break;
    }
    nodeCount++;
  }
  for (let i = 0; i <= last; i++) {
    const step = trace.step(i);
    const reading: unknown[] = [step, trace.tags(i), trace.phaseOf(i), trace.passOf(i), trace.backwardStartOf(i), trace.placeOf(i).id, trace.valueAt(step.node, i)];
    if (step.kind === 'gradient') reading.push(trace.contributionsTo(step.node, i));
    lines.push(canonical(reading));
  }
  const index = TraceIndex.of(trace);
  lines.push(canonical([index.passCount, Array.from({ length: index.passCount }, (_unused, pass) => index.lossNode(pass))]));
  const middle = Math.floor(last / 2);
  for (let id = 0; id < nodeCount; id++) {
    const node = trace.node(id);
    const reading: unknown[] = [node, trace.op(id), index.forwardStepOf(id), index.nodesOfStep(Math.min(id, last))];
    for (const at of [middle, last]) {
      reading.push(index.valueAfter(id, at), index.gradAfter(id, at), index.gradientStepOf(id, at), index.producerOf(id, at));
      reading.push(node.inputs.map((input) => index.localDerivativeAfter(id, input, at)));
    }
    const { role, layer, neuron, input, sample } = node.meta;
    if (role !== undefined && layer !== undefined) {
      const key = { role, layer, neuron: neuron ?? 0, ...(input !== undefined && { input }), ...(sample !== undefined && { sample }) };
      reading.push(Array.from({ length: index.passCount + 1 }, (_unused, pass) => index.find(pass, key)));
    }
    lines.push(canonical(reading));
  }
  // Keys no node has: every role at a neuron past the last.
  lines.push(canonical(NODE_ROLES.map((role) => index.find(0, { role, layer: 1, neuron: 999 }))));
  for (const granularity of GRANULARITIES) lines.push(canonical(computeStops(trace, granularity)));
  lines.push(canonical(phaseSegments(trace)));
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

const batch = randomProblem({ sizes: [3, 4, 2], hidden: 'tanh', loss: 'mse', batch: 3, seed: 5, learningRate: 0.1 });
const softmaxBatch = randomProblem({ sizes: [2, 3, 3], hidden: 'relu', loss: 'cross_entropy', batch: 2, seed: 8, learningRate: 0.5 });
const problems: [string, Problem][] = [...EXAMPLES.map((example): [string, Problem] => [example.id, example.problem]), ['batch', batch], ['softmax batch', softmaxBatch]];
const HASHES: Record<string, string> = {
  classic: 'a7e1b8f20d95a30a00c1c9b0081e57a120c815f578eb6af912c80473c4ff5ebc',
  xor: 'a5f1285fc69d4b0bb298e3e69cdcff926cf3c02f9d06da2113f086261d4396fa',
  softmax: '307d0785fbb4a5585c3c5925e6a32ad6c28ec2b51881752db828f6fc052a6904',
  deep: '09fa6f01ff7842c53221f0ea6e06face7614f7279d941b3ed9893d2f5ec01816',
  batch: 'c3f7bb4f87dbaef8ecce6e2d9252493c223ed424dddcdca4bd82e288f935ad3d',
  'softmax batch': '607ce23e72794ae3665eba484de208c23c7fd50de55a3875da1ec4e317391680',
  expression: 'a8fec1623c30b483ec6ff16bdfb59ce174e6fab2eeb5166ea124ddf322898b3e',
};

describe('a trace answers every reading as the object-per-step trace did', () => {
  it.each(problems)('%s', (name, problem) => {
    expect(readingsHash(new Trace(traceProblem(problem).trace))).toBe(HASHES[name]);
  });

  it('an expression', () => {
    const recorded = recordExpression(parseExpression('x*y + exp(x)/y^2 - log(y)', ['x', 'y']), { x: 0.5, y: 2 });
    expect(readingsHash(new Trace(recorded.trace))).toBe(HASHES.expression);
  });
});
