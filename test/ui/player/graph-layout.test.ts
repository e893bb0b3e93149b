import { describe, expect, test } from 'vitest';
import { Trace } from '../../../src/engine/trace';
import type { TraceNode } from '../../../src/engine/trace-data';
import { traceProblem } from '../../../src/nn/run';
import { defaultCollapsed, layoutGraph, neuronKeysOf, type GraphBox, type GraphLayout, type Point } from '../../../src/ui/player/graph-layout';
import { benchProblem } from '../../../bench/player-layout';
import { classicProblem } from '../../helpers/classic';
import { randomProblem } from '../../helpers/random-problem';

const classic = new Trace(traceProblem(classicProblem()).trace);
const deep = new Trace(traceProblem(benchProblem([4, 8, 8, 3])).trace);
const softmax = new Trace(traceProblem(randomProblem({ sizes: [2, 3, 3], hidden: 'tanh', loss: 'cross_entropy', seed: 3, learningRate: 0.1 })).trace);
const bench = new Trace(traceProblem(benchProblem([4, 16, 16, 3])).trace);
const batch = new Trace(traceProblem(randomProblem({ sizes: [2, 2, 1], hidden: 'relu', loss: 'mse', batch: 2, seed: 5 })).trace);

const EXPANDED = new Set<string>();
const everyNeuron = (trace: Trace): Set<string> => new Set(neuronKeysOf(trace));

function count(layout: GraphLayout, kind: GraphBox['kind']): number {
  return layout.boxes.filter((box) => box.kind === kind).length;
}

function idOf(trace: Trace, label: string, pass = 0): number {
  const found = trace.toData().nodes.filter((node) => node.meta.label === label);
  const leaf = found.find((node) => node.op === 'leaf');
  if (leaf !== undefined) return leaf.id;
  const node = found[pass];
  if (node === undefined) throw new Error(`no node labelled ${label}`);
  return node.id;
}

function boxOfLabel(layout: GraphLayout, trace: Trace, label: string): GraphBox {
  const key = layout.boxOf.get(idOf(trace, label, layout.pass));
  const box = layout.boxes.find((candidate) => candidate.key === key);
  if (box === undefined) throw new Error(`${label} is not drawn`);
  return box;
}

/** How far a point is from a box's outline: 0 on it (an op is an ellipse, a record a rectangle). */
function distanceFromOutline(box: GraphBox, point: Point): number {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  if (box.kind === 'op') {
    const r = Math.hypot((point.x - cx) / (box.width / 2), (point.y - cy) / (box.height / 2));
    return Math.abs(r - 1) * Math.min(box.width, box.height) / 2;
  }
  const dx = Math.abs(point.x - cx) - box.width / 2;
  const dy = Math.abs(point.y - cy) - box.height / 2;
  // On the outline one of dx, dy is 0 and the other ≤ 0.
  return Math.abs(Math.max(dx, dy));
}

function overlaps(p: GraphBox, q: GraphBox): boolean {
  return p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
}

const layouts: [string, Trace, () => GraphLayout][] = [
  ['the classic net expanded', classic, () => layoutGraph(classic, 0, EXPANDED)],
  ['the classic net collapsed', classic, () => layoutGraph(classic, 0, everyNeuron(classic))],
  ['the classic net after the update', classic, () => layoutGraph(classic, 1, EXPANDED)],
  ['a 4-8-8-3 net collapsed', deep, () => layoutGraph(deep, 0, everyNeuron(deep))],
  ['a softmax net expanded', softmax, () => layoutGraph(softmax, 0, EXPANDED)],
  ['a softmax net collapsed', softmax, () => layoutGraph(softmax, 0, everyNeuron(softmax))],
  ['a batch of two, half collapsed', batch, () => layoutGraph(batch, 0, new Set(['1:1']))],
  ['the benchmark’s 4-16-16-3 net expanded (549 boxes)', bench, () => layoutGraph(bench, 0, EXPANDED)],
];

/**
 * Pairs of drawn nodes that should read top to bottom: within one role, layer and sample, neuron
 * j above neuron j + 1; within a layer's parameters, W_{j1} … W_{jn} then b_j, neuron by neuron;
 * and everything of sample i above the same node of sample i + 1.
 */
function readingPairs(trace: Trace, layout: GraphLayout): [TraceNode, TraceNode][] {
  const columns = new Map<string, { rank: number; node: TraceNode }[]>();
  for (const node of trace.toData().nodes) {
    const { role, layer, neuron, input, sample } = node.meta;
    if (role === undefined || layer === undefined || neuron === undefined || !layout.boxOf.has(node.id)) continue;
    const parameter = role === 'weight' || role === 'bias';
    const column = parameter ? `parameters ${layer}` : `${role} ${layer}`;
    const rank = parameter ? neuron * 10_000 + (input ?? 9_999) : (sample ?? 1) * 10_000 + neuron;
    const list = columns.get(column) ?? columns.set(column, []).get(column)!;
    list.push({ rank, node });
  }
  const pairs: [TraceNode, TraceNode][] = [];
  for (const column of columns.values()) {
    column.sort((p, q) => p.rank - q.rank);
    for (let i = 1; i < column.length; i++) pairs.push([column[i - 1]!.node, column[i]!.node]);
  }
  return pairs;
}

describe('graph layout of the classic 2-2-2 example', () => {
  test('expanded, it draws every value of the first pass, an op per computed value, and input → op → value edges', () => {
    const layout = layoutGraph(classic, 0, EXPANDED);
    // 8 weights, 4 biases, 2 inputs, 4 a, 4 z, the loss.
    expect(count(layout, 'value')).toBe(23);
    // 4 weighted sums, 4 sigmoids, half_sse.
    expect(count(layout, 'op')).toBe(9);
    expect(count(layout, 'neuron')).toBe(0);
    // Σ reads 5 inputs (×4), σ one (×4), the loss two; plus one op → value line per op.
    expect(layout.edges).toHaveLength(20 + 4 + 2 + 9);
    expect(layout.edges.filter((edge) => edge.output !== undefined)).toHaveLength(9);
    expect(layout.expandedValueCount).toBe(23);
  });

  test('collapsed, a neuron is one box for its a and z, and its weights and bias are hidden', () => {
    const layout = layoutGraph(classic, 0, everyNeuron(classic));
    expect(count(layout, 'neuron')).toBe(4);
    // x_1, x_2 and L stay records; half_sse stays an op.
    expect(count(layout, 'value')).toBe(3);
    expect(count(layout, 'op')).toBe(1);
    // x → layer 1 (2 × 2), layer 1 → layer 2 (2 × 2), layer 2 → loss (2), loss op → L.
    expect(layout.edges).toHaveLength(11);
    const neuron = boxOfLabel(layout, classic, 'a^{[2]}_{1}');
    expect(neuron.kind).toBe('neuron');
    expect(neuron.ids).toEqual([idOf(classic, 'a^{[2]}_{1}'), idOf(classic, 'z^{[2]}_{1}')]);
    const own = ['W^{[2]}_{11}', 'W^{[2]}_{12}', 'b^{[2]}_{1}'].map((label) => idOf(classic, label));
    if (neuron.kind === 'neuron') expect([...neuron.hidden].sort((p, q) => p - q)).toEqual(own);
    for (const label of ['W^{[1]}_{11}', 'W^{[2]}_{22}', 'b^{[2]}_{1}']) expect(layout.boxOf.has(idOf(classic, label))).toBe(false);
  });

  test('collapsing one neuron hides only its own weights and bias', () => {
    const layout = layoutGraph(classic, 0, new Set(['2:1']));
    expect(count(layout, 'neuron')).toBe(1);
    expect(count(layout, 'value')).toBe(23 - 3 - 2);
    expect(layout.boxOf.has(idOf(classic, 'W^{[2]}_{11}'))).toBe(false);
    expect(layout.boxOf.has(idOf(classic, 'W^{[2]}_{21}'))).toBe(true);
  });

  test('after the update it shows the second forward pass, sharing the weights but not the first pass’s nodes', () => {
    const first = layoutGraph(classic, 0, EXPANDED);
    const second = layoutGraph(classic, 1, EXPANDED);
    expect(count(second, 'value')).toBe(23);
    expect(second.boxOf.get(idOf(classic, 'W^{[1]}_{11}'))).toBe(first.boxOf.get(idOf(classic, 'W^{[1]}_{11}')));
    const firstA = idOf(classic, 'a^{[1]}_{1}', 0);
    const secondA = idOf(classic, 'a^{[1]}_{1}', 1);
    expect(firstA).not.toBe(secondA);
    expect(second.boxOf.has(firstA)).toBe(false);
    expect(second.boxOf.has(secondA)).toBe(true);
    expect(first.boxOf.has(secondA)).toBe(false);
  });

  test('neurons read in order down each column: x_1 above x_2, a^{[1]}_1 above a^{[1]}_2, W_{11} above W_{12}', () => {
    for (const layout of [layoutGraph(classic, 0, EXPANDED), layoutGraph(classic, 0, everyNeuron(classic))]) {
      const y = (label: string): number => boxOfLabel(layout, classic, label).y;
      expect(y('x_{1}')).toBeLessThan(y('x_{2}'));
      expect(y('a^{[1]}_{1}')).toBeLessThan(y('a^{[1]}_{2}'));
      expect(y('a^{[2]}_{1}')).toBeLessThan(y('a^{[2]}_{2}'));
    }
    const expanded = layoutGraph(classic, 0, EXPANDED);
    expect(boxOfLabel(expanded, classic, 'W^{[2]}_{11}').y).toBeLessThan(boxOfLabel(expanded, classic, 'W^{[2]}_{12}').y);
  });

  test('the graph runs left to right: inputs, then a, then z, then the loss', () => {
    const layout = layoutGraph(classic, 0, EXPANDED);
    const x = (label: string): number => boxOfLabel(layout, classic, label).x;
    expect(x('x_{1}')).toBeLessThan(x('a^{[1]}_{1}'));
    expect(x('a^{[1]}_{1}')).toBeLessThan(x('z^{[1]}_{1}'));
    expect(x('z^{[1]}_{1}')).toBeLessThan(x('a^{[2]}_{1}'));
    expect(x('z^{[2]}_{1}')).toBeLessThan(x('\\mathcal{L}'));
  });
});

describe('default collapse', () => {
  test('a net with at most 30 value records starts expanded; a 4-8-8-3 net starts with every neuron collapsed', () => {
    expect(defaultCollapsed(classic).size).toBe(0);
    expect([...defaultCollapsed(deep)]).toEqual(neuronKeysOf(deep));
    expect(neuronKeysOf(deep)).toHaveLength(8 + 8 + 3);
    expect(neuronKeysOf(deep).slice(0, 3)).toEqual(['1:1', '1:2', '1:3']);
  });
});

describe.each(layouts)('%s', (_name, trace, make) => {
  test('every column reads in order: neuron 1 above neuron 2, W_{j1} … W_{jn} then b_j, sample 1 above sample 2', () => {
    const layout = make();
    const byKey = new Map(layout.boxes.map((box) => [box.key, box]));
    const middleY = (node: TraceNode): number => {
      const box = byKey.get(layout.boxOf.get(node.id)!)!;
      return box.y + box.height / 2;
    };
    const pairs = readingPairs(trace, layout);
    expect(pairs.length).toBeGreaterThan(0);
    for (const [above, below] of pairs) {
      // Two nodes drawn in one collapsed neuron box share its height.
      if (layout.boxOf.get(above.id) === layout.boxOf.get(below.id)) continue;
      expect(middleY(above), `${above.meta.label} above ${below.meta.label}`).toBeLessThan(middleY(below));
    }
  });

  test('no two boxes overlap', () => {
    const { boxes } = make();
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        expect(overlaps(boxes[i]!, boxes[j]!), `${boxes[i]!.key} overlaps ${boxes[j]!.key}`).toBe(false);
      }
    }
  });

  test('every edge starts on the outline of its source box and ends on the outline of its target box', () => {
    const layout = make();
    const byKey = new Map(layout.boxes.map((box) => [box.key, box]));
    for (const edge of layout.edges) {
      expect(edge.points.length).toBeGreaterThanOrEqual(2);
      expect(distanceFromOutline(byKey.get(edge.from)!, edge.points[0]!), `${edge.key} start`).toBeLessThan(0.5);
      expect(distanceFromOutline(byKey.get(edge.to)!, edge.points[edge.points.length - 1]!), `${edge.key} end`).toBeLessThan(0.5);
    }
  });

  test('every box lies inside the reported size, and every drawn trace node is in the box the index says', () => {
    const layout = make();
    for (const box of layout.boxes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width + 0.001);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height + 0.001);
      for (const id of box.ids) {
        if (box.kind !== 'op') expect(layout.boxOf.get(id)).toBe(box.key);
      }
    }
  });

  test('the same input gives the same layout', () => {
    const once = make();
    const again = make();
    expect(again.boxes).toEqual(once.boxes);
    expect(again.edges).toEqual(once.edges);
  });
});
