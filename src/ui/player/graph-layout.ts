/**
 * The computation graph the engine recorded, as boxes and lines with positions: value records
 * (label | data | grad, as in micrograd's draw_dot), small op nodes between a value and its
 * inputs, and edges input → op → value, laid out left to right by d3-dag's layered (Sugiyama)
 * layout. Pure data, no DOM, so the same layout serves the component, its tests and the layout
 * benchmark.
 *
 * Collapsing a neuron hides its weight and bias leaves and draws its a- and z-nodes as one neuron
 * box (its a- and z-segments side by side), which is what keeps a 4-8-8-3 net legible.
 */
import { coordGreedy, graph as createDag, layeringLongestPath, sugiyama, type GraphNode, type SugiNode } from 'd3-dag';
import { curveBumpX, line } from 'd3-shape';
import { symbolOfOp, type OpName } from '../../engine/ops';
import type { Trace } from '../../engine/trace';
import type { NodeRole, TraceNode } from '../../engine/trace-data';
import { symbolOf, texToText } from '../../engine/tex';

export interface Point {
  x: number;
  y: number;
}

/**
 * One segment of a record: a trace node's label cell, then its data over its grad. A value record
 * has one; a collapsed neuron has its a- and z-segments side by side, so it stays one row high.
 */
export interface RecordSegment {
  id: number;
  /** TeX name of the node. */
  label: string;
  role: NodeRole | undefined;
  /** Where the segment starts, from the box's left edge, and how wide its label cell is. */
  offsetX: number;
  labelWidth: number;
}

interface BoxBase {
  /** Unique within a layout; stable for the same trace, pass and collapsed set. */
  key: string;
  /** Top-left corner and size, in layout units (1 unit = 1 CSS pixel at zoom 1). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The trace nodes the box stands for. */
  ids: number[];
}

/** A value record; for an expanded neuron's a-node it also carries the neuron's collapse toggle. */
export interface ValueBox extends BoxBase {
  kind: 'value';
  segments: RecordSegment[];
  /** `layer:neuron` of the neuron this record can collapse (drawn as a toggle cell on the left). */
  toggle?: string;
}

/** A collapsed neuron: its a-node and (when the activation is not the identity) its z-node. */
export interface NeuronBox extends BoxBase {
  kind: 'neuron';
  segments: RecordSegment[];
  toggle: string;
  /** The neuron's weights and biases, hidden while it is collapsed (a step about them lights this box). */
  hidden: number[];
  layer: number;
  neuron: number;
  sample?: number;
}

/** The operation that computed a value, drawn as an ellipse (a circle when the symbol is short). */
export interface OpBox extends BoxBase {
  kind: 'op';
  /** The node this op computes. */
  id: number;
  op: OpName;
  symbol: string;
}

export type GraphBox = ValueBox | NeuronBox | OpBox;

/** One recorded dependency: `node` was computed from `input`. */
export interface Flow {
  input: number;
  node: number;
}

export interface GraphEdge {
  key: string;
  /** Keys of the boxes the line joins. */
  from: string;
  to: string;
  /** The recorded input → node dependencies the line stands for (none for an op's output line). */
  flows: Flow[];
  /** For the line from an op to the value it computes: that value's id. */
  output?: number;
  /** The polyline from the edge of `from` to the edge of `to`. */
  points: Point[];
}

export interface GraphLayout {
  pass: number;
  width: number;
  height: number;
  boxes: GraphBox[];
  edges: GraphEdge[];
  /** The box each shown trace node is drawn in (hidden weights and biases have none). */
  boxOf: Map<number, string>;
  /** Every neuron of the network that can collapse, as `layer:neuron`, in layer order. */
  neurons: string[];
  /** How many value records the pass has when fully expanded. */
  expandedValueCount: number;
}

/**
 * A record is label | data over grad: stacking the two numbers (rather than micrograd's three
 * cells in a row) keeps the classic 2-2-2 net readable at zoom 1 on a 1280-pixel screen.
 */
export const RECORD_HEIGHT = 40;
export const TOGGLE_WIDTH = 26;
/** Room for the caption and the longest number a record shows, "-1.234e-10", in 12 px monospace. */
export const NUMBER_CELL_WIDTH = 112;
const OP_HEIGHT = 28;
/** Approximate advance of one character at the sizes the component draws with. */
const LABEL_CHAR = 9;
const SCRIPT_CHAR = 6.5;
const OP_CHAR = 7.5;

/** Below this many value records a pass is shown expanded by default; above it, collapsed. */
export const EXPANDED_BY_DEFAULT_LIMIT = 30;

export function neuronKey(layer: number, neuron: number): string {
  return `${layer}:${neuron}`;
}

/** A TeX name split for drawing with SVG tspans: W^{[2]}_{11} → W, [2], 11. */
export interface LabelParts {
  base: string;
  sup: string;
  sub: string;
}

const SIMPLE_LABEL = /^(\\[a-zA-Z]+|[A-Za-z])(?:\^\{([^{}]*)\})?(?:_\{([^{}]*)\})?$/;

/** Splits a label of the form base^{sup}_{sub}; anything else becomes plain text in `base`. */
export function labelParts(tex: string): LabelParts {
  const match = SIMPLE_LABEL.exec(tex);
  if (match === null) return { base: texToText(tex), sup: '', sub: '' };
  return { base: texToText(match[1]!), sup: match[2] ?? '', sub: match[3] ?? '' };
}

/** The label cell's width: the base letter, then superscript and subscript one after the other. */
function labelWidthOf(tex: string): number {
  const { base, sup, sub } = labelParts(tex);
  return Math.max(34, Math.ceil(base.length * LABEL_CHAR + (sup.length + sub.length) * SCRIPT_CHAR + 16));
}

function opWidthOf(symbol: string): number {
  return Math.max(OP_HEIGHT, Math.ceil(symbol.length * OP_CHAR + 14));
}

function isCollapsibleRole(role: NodeRole | undefined): boolean {
  return role === 'pre-activation' || role === 'activation';
}

/** The `layer:neuron` of a node that belongs to a neuron of a layer (not an input), if any. */
function neuronOf(node: TraceNode): string | undefined {
  const { layer, neuron } = node.meta;
  if (layer === undefined || layer < 1 || neuron === undefined) return undefined;
  return neuronKey(layer, neuron);
}

/** Each computed node's forward step, and each step's pass, read once from the trace. */
function passesOfNodes(trace: Trace): Map<number, number> {
  const passOfNode = new Map<number, number>();
  for (let i = 0; i < trace.length; i++) if (trace.kindOf(i) === 'forward') passOfNode.set(trace.nodeOfStep(i), trace.passOf(i));
  return passOfNode;
}

/**
 * The ids of the trace nodes shown for a pass: its computed nodes and the leaves they read. Read
 * from the trace's columns: an MNIST trace has 100,000 nodes, most of which no picture draws.
 */
function nodeIdsOfPass(trace: Trace, pass: number): number[] {
  const passOfNode = passesOfNodes(trace);
  const count = trace.nodeCount;
  const usedInPass = new Uint8Array(count);
  const usedAtAll = new Uint8Array(count);
  for (let id = 0; id < count; id++) {
    if (trace.op(id) === 'leaf') continue;
    const inPass = (passOfNode.get(id) ?? 0) === pass;
    for (const input of trace.inputsOf(id)) {
      usedAtAll[input] = 1;
      if (inPass) usedInPass[input] = 1;
    }
  }
  // Parameters are shared by every pass, but the second forward pass records fresh input leaves;
  // a leaf belongs where it is read, so pass 0 does not show pass 1's copy of x twice.
  const shown: number[] = [];
  for (let id = 0; id < count; id++) {
    if (trace.op(id) === 'leaf' ? usedInPass[id] === 1 || usedAtAll[id] === 0 : (passOfNode.get(id) ?? 0) === pass) shown.push(id);
  }
  return shown;
}

/** The trace nodes shown for a pass, as objects. */
function nodesOfPass(trace: Trace, pass: number): TraceNode[] {
  return nodeIdsOfPass(trace, pass).map((id) => trace.node(id));
}

/** Every neuron of the network, in layer order then neuron order. */
export function neuronKeysOf(trace: Trace): string[] {
  const seen = new Map<string, [number, number]>();
  for (let id = 0; id < trace.nodeCount; id++) {
    if (!isCollapsibleRole(trace.roleOf(id))) continue;
    const layer = trace.placeField(id, 'layer');
    const neuron = trace.placeField(id, 'neuron');
    if (layer !== undefined && layer >= 1 && neuron !== undefined) seen.set(neuronKey(layer, neuron), [layer, neuron]);
  }
  return [...seen.entries()].sort((p, q) => p[1][0] - q[1][0] || p[1][1] - q[1][1]).map(([key]) => key);
}

/** Expanded when pass 0 has at most EXPANDED_BY_DEFAULT_LIMIT value records, else every neuron collapsed. */
export function defaultCollapsed(trace: Trace): Set<string> {
  const valueCount = nodeIdsOfPass(trace, 0).length;
  return valueCount <= EXPANDED_BY_DEFAULT_LIMIT ? new Set() : new Set(neuronKeysOf(trace));
}

/** Gap between two boxes of a column; margin around the whole drawing. */
const NODE_GAP = 10;
const MARGIN = 16;
/**
 * Gap between columns; collapsed neurons are joined layer to layer by every pair, whose lines
 * need room to fan out.
 */
const EXPANDED_COLUMN_GAP = 34;
const COLLAPSED_COLUMN_GAP = 64;

const edgeCurve = line<Point>()
  .x((point) => point.x)
  .y((point) => point.y)
  .curve(curveBumpX);

/** An edge's SVG path: through its points, leaving and entering each one horizontally. */
export function edgePath(points: readonly Point[]): string {
  return edgeCurve(points) ?? '';
}

/**
 * Where each node reads in the network, as a number in [0, 1) down the page: neuron j of n in a
 * layer at (j − ½)/n; a neuron's weights W_{j1} … W_{jn} and its bias in a band around it; each
 * sample of a batch in a band of its own. A node without a neuron (a loss, a sum) sits at the
 * mean of its inputs. Node ids are in creation order, so inputs are placed before their users.
 */
function readingPositions(trace: Trace, shown: readonly TraceNode[]): Map<number, number> {
  const neuronsIn = new Map<number, number>();
  const samples = new Set<number>();
  for (const { meta } of shown) {
    if (meta.sample !== undefined) samples.add(meta.sample);
    if (meta.layer === undefined || meta.neuron === undefined) continue;
    neuronsIn.set(meta.layer, Math.max(neuronsIn.get(meta.layer) ?? 0, meta.neuron));
  }
  const sampleCount = Math.max(1, samples.size);
  const positions = new Map<number, number>();
  for (const node of [...shown].sort((p, q) => p.id - q.id)) {
    const { role, layer, neuron, input, sample } = node.meta;
    let position: number;
    if (layer !== undefined && neuron !== undefined) {
      const width = neuronsIn.get(layer) ?? neuron;
      let within = 0.5;
      if (role === 'weight' || role === 'bias') {
        // The bias comes after the neuron's weights, one slot past the last input.
        const fanIn = neuronsIn.get(layer - 1) ?? 1;
        within = ((input ?? fanIn + 1) - 0.5) / (fanIn + 1);
      }
      position = (neuron - 1 + within) / width;
    } else {
      const placed = node.inputs.map((id) => positions.get(id)).filter((value) => value !== undefined);
      position = placed.length === 0 ? 0.5 : placed.reduce((sum, value) => sum + value, 0) / placed.length;
    }
    // Parameters are shared by every sample, so only per-sample nodes go into a sample's band.
    if (sample !== undefined && role !== 'weight' && role !== 'bias') position = (sample - 1 + position) / sampleCount;
    positions.set(node.id, position);
  }
  return positions;
}

/**
 * The ordering step of the layered layout, replaced: rather than minimise crossings by repeated
 * sweeps (which turns layers upside down unless constrained), each column is put in reading
 * order. A long line's bend points sit between its two ends, in proportion to the columns passed.
 */
function readingOrder(positionOfBox: ReadonlyMap<string, number>): (columns: SugiNode<GraphBox, undefined>[][]) => void {
  return (columns) => {
    const columnOfBox = new Map<string, number>();
    columns.forEach((column, index) => {
      for (const { data } of column) if (data.role === 'node') columnOfBox.set(data.node.data.key, index);
    });
    const positionOf = ({ data }: SugiNode<GraphBox, undefined>): number => {
      if (data.role === 'node') return positionOfBox.get(data.node.data.key) ?? 0.5;
      const from = data.link.source.data.key;
      const to = data.link.target.data.key;
      const fromColumn = columnOfBox.get(from) ?? data.layer;
      const toColumn = columnOfBox.get(to) ?? data.layer;
      const along = toColumn === fromColumn ? 0.5 : (data.layer - fromColumn) / (toColumn - fromColumn);
      return (positionOfBox.get(from) ?? 0.5) * (1 - along) + (positionOfBox.get(to) ?? 0.5) * along;
    };
    const nameOf = ({ data }: SugiNode<GraphBox, undefined>): string =>
      data.role === 'node' ? data.node.data.key : `${data.link.source.data.key}>${data.link.target.data.key}`;
    for (const column of columns) {
      const keyed = column.map((node) => ({ node, position: positionOf(node), name: nameOf(node) }));
      // Ties (two lines bending at the same height) are broken by name, so a layout is repeatable.
      keyed.sort((p, q) => p.position - q.position || (p.name < q.name ? -1 : p.name > q.name ? 1 : 0));
      keyed.forEach(({ node }, index) => {
        column[index] = node;
      });
    }
  };
}

interface Placement {
  width: number;
  height: number;
  /** Each edge's polyline, centre of its source box to centre of its target box. */
  pointsOfEdge: Point[][];
}

/**
 * Places the boxes in columns with d3-dag's layered (Sugiyama) layout: each box as far right as
 * the lines it feeds allow (so a weight sits just before the op that reads it), columns in reading
 * order, then coordinates by d3-dag's greedy assignment. d3-dag lays out top to bottom; the graph
 * reads left to right, so a box's height is its breadth within a column and x and y are swapped.
 */
function placeInColumns(boxes: GraphBox[], edges: readonly PendingEdge[], positionOfBox: ReadonlyMap<string, number>, columnGap: number): Placement {
  const dag = createDag<GraphBox, undefined>();
  const nodeOf = new Map(boxes.map((box) => [box.key, dag.node(box)]));
  const links = edges.map((edge) => dag.link(nodeOf.get(edge.from)!, nodeOf.get(edge.to)!));
  const layout = sugiyama()
    .layering(layeringLongestPath().topDown(false))
    .decross(readingOrder(positionOfBox))
    .coord(coordGreedy())
    .nodeSize((node: GraphNode<GraphBox, undefined>) => [node.data.height, node.data.width] as const)
    .gap([NODE_GAP, columnGap]);
  const size = layout(dag);
  for (const box of boxes) {
    const node = nodeOf.get(box.key)!;
    box.x = MARGIN + node.y - box.width / 2;
    box.y = MARGIN + node.x - box.height / 2;
  }
  return {
    width: size.height + 2 * MARGIN,
    height: size.width + 2 * MARGIN,
    pointsOfEdge: links.map((link) => link.points.map(([x, y]) => ({ x: MARGIN + y, y: MARGIN + x }))),
  };
}

interface PendingEdge {
  from: string;
  to: string;
  flows: Flow[];
  output?: number;
}

/**
 * Lays out the nodes of one pass (0 = the first forward and backward; 1 = the forward pass after
 * the update), with the neurons in `collapsed` (keys `layer:neuron`) drawn as single boxes.
 */
export function layoutGraph(trace: Trace, pass: number, collapsed: ReadonlySet<string>): GraphLayout {
  const shown = nodesOfPass(trace, pass);
  const boxOf = new Map<number, string>();
  const pending: GraphBox[] = [];
  const neuronBoxes = new Map<string, NeuronBox>();

  const isHidden = (node: TraceNode): boolean => {
    const key = neuronOf(node);
    return node.op === 'leaf' && (node.meta.role === 'weight' || node.meta.role === 'bias') && key !== undefined && collapsed.has(key);
  };

  const hiddenOf = new Map<string, number[]>();
  for (const node of shown) {
    if (isHidden(node)) {
      const key = neuronOf(node)!;
      const list = hiddenOf.get(key);
      if (list === undefined) hiddenOf.set(key, [node.id]);
      else list.push(node.id);
      continue;
    }
    const segment: RecordSegment = { id: node.id, label: symbolOf(node), role: node.meta.role, offsetX: 0, labelWidth: labelWidthOf(symbolOf(node)) };
    const key = neuronOf(node);
    if (key !== undefined && isCollapsibleRole(node.meta.role) && collapsed.has(key)) {
      const { layer, neuron, sample } = node.meta;
      const boxKey = `n${key}:${sample ?? ''}`;
      let box = neuronBoxes.get(boxKey);
      if (box === undefined) {
        box = { kind: 'neuron', key: boxKey, x: 0, y: 0, width: 0, height: RECORD_HEIGHT, ids: [], segments: [], toggle: key, hidden: [], layer: layer!, neuron: neuron!, ...(sample !== undefined && { sample }) };
        neuronBoxes.set(boxKey, box);
        pending.push(box);
      }
      box.segments.push(segment);
      boxOf.set(node.id, boxKey);
      continue;
    }
    const valueKey = `v${node.id}`;
    const toggle = key !== undefined && node.meta.role === 'pre-activation' ? key : undefined;
    pending.push({ kind: 'value', key: valueKey, x: 0, y: 0, width: 0, height: RECORD_HEIGHT, ids: [node.id], segments: [segment], ...(toggle !== undefined && { toggle }) });
    boxOf.set(node.id, valueKey);
    if (node.op !== 'leaf') {
      const symbol = symbolOfOp(node.op, node.attrs);
      pending.push({ kind: 'op', key: `o${node.id}`, x: 0, y: 0, width: opWidthOf(symbol), height: OP_HEIGHT, ids: [node.id], id: node.id, op: node.op, symbol });
    }
  }

  for (const box of pending) {
    if (box.kind === 'op') continue;
    if (box.kind === 'neuron') box.hidden = hiddenOf.get(box.toggle) ?? [];
    // a before z inside a neuron box, whatever order the engine recorded them in.
    box.segments.sort((p, q) => (p.role === 'pre-activation' ? 0 : 1) - (q.role === 'pre-activation' ? 0 : 1));
    box.ids = box.segments.map((segment) => segment.id);
    let offsetX = box.toggle === undefined ? 0 : TOGGLE_WIDTH;
    for (const segment of box.segments) {
      segment.offsetX = offsetX;
      offsetX += segment.labelWidth + NUMBER_CELL_WIDTH;
    }
    box.width = offsetX;
  }

  // Lines: input → op → value for expanded nodes, input → neuron box for collapsed ones.
  const edgeMap = new Map<string, PendingEdge>();
  const addEdge = (from: string, to: string, flow: Flow | undefined, output?: number): void => {
    const key = `${from}>${to}`;
    let edge = edgeMap.get(key);
    if (edge === undefined) {
      edge = { from, to, flows: [], ...(output !== undefined && { output }) };
      edgeMap.set(key, edge);
    }
    if (flow !== undefined) edge.flows.push(flow);
  };
  for (const node of shown) {
    if (node.op === 'leaf') continue;
    const ownBox = boxOf.get(node.id)!;
    const intoBox = neuronBoxes.get(ownBox);
    const target = intoBox === undefined ? `o${node.id}` : ownBox;
    if (intoBox === undefined) addEdge(target, ownBox, undefined, node.id);
    for (const input of node.inputs) {
      const fromBox = boxOf.get(input);
      if (fromBox === undefined || fromBox === target) continue;
      // Softmax couples the neurons of one layer; between two collapsed boxes of that layer the
      // coupling would draw a cycle, so the boxes' shared op is left implicit.
      const fromNeuron = neuronBoxes.get(fromBox);
      if (intoBox !== undefined && fromNeuron !== undefined && fromNeuron.layer === intoBox.layer) continue;
      addEdge(fromBox, target, { input, node: node.id });
    }
  }

  const positions = readingPositions(trace, shown);
  const positionOfBox = new Map(pending.map((box) => [box.key, positions.get(box.ids[0]!) ?? 0.5]));
  const placed = placeInColumns(pending, [...edgeMap.values()], positionOfBox, neuronBoxes.size > 0 ? COLLAPSED_COLUMN_GAP : EXPANDED_COLUMN_GAP);
  const byKey = new Map(pending.map((box) => [box.key, box]));
  const edges: GraphEdge[] = [...edgeMap.values()].map((edge, index) => {
    const points = placed.pointsOfEdge[index]!;
    const from = byKey.get(edge.from)!;
    const to = byKey.get(edge.to)!;
    // Lines leave a box on its right and enter the next on its left, as the graph reads.
    points[0] = { x: from.x + from.width, y: from.y + from.height / 2 };
    points[points.length - 1] = { x: to.x, y: to.y + to.height / 2 };
    return { key: `${edge.from}>${edge.to}`, from: edge.from, to: edge.to, flows: edge.flows, points, ...(edge.output !== undefined && { output: edge.output }) };
  });

  return {
    pass,
    width: placed.width,
    height: placed.height,
    boxes: pending,
    edges,
    boxOf,
    neurons: neuronKeysOf(trace),
    expandedValueCount: shown.length,
  };
}
