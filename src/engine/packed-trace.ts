/**
 * A trace held as columns: typed arrays of numbers and ids, and its labels interned in one string
 * table. This is how a Trace keeps its steps and nodes, how a worker posts a recording (the arrays
 * are transferred, not copied) and how a 300,000-step MNIST trace fits in a few tens of megabytes
 * where one object per step and per node took over a hundred. The plain objects of trace-data.ts
 * are built from here one at a time when someone asks (`stepAt`, `nodeAt`), or all at once for JSON
 * (`unpackTrace`).
 */
import { OPS, type OpName } from './ops';
import { NODE_ROLES, type NodeMeta, type TraceData, type TraceNode, type TraceStep } from './trace-data';

/** Step kinds in their compact form (plain numbers keep the column a Uint8Array). */
export const StepKind = { Forward: 0, Backward: 1, Gradient: 2, Update: 3 } as const;
export type StepKind = (typeof StepKind)[keyof typeof StepKind];
export const STEP_KIND_NAMES: readonly TraceStep['kind'][] = ['forward', 'backward', 'gradient', 'update'];

/**
 * Per step: a kind, a node id, three integers and four numbers whose meaning depends on the kind
 * (see `stepAt`). A backward step's input is not stored: it is input `inputIndex` of its node.
 */
export interface StepChunk {
  kinds: Uint8Array;
  nodes: Int32Array;
  ints: Int32Array;
  numbers: Float64Array;
}

/**
 * The steps in chunks of CHUNK_SIZE (the last one may have room to spare, and a short trace's one
 * chunk may be smaller): step i is at place i & CHUNK_MASK of chunk i >>> CHUNK_BITS. A recording
 * grows by adding chunks, so it never copies the steps it has and hands its chunks over as they are.
 */
export interface PackedSteps {
  length: number;
  chunks: StepChunk[];
}

export const CHUNK_BITS = 16;
export const CHUNK_SIZE = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_SIZE - 1;

export function newStepChunk(capacity: number): StepChunk {
  return { kinds: new Uint8Array(capacity), nodes: new Int32Array(capacity), ints: new Int32Array(3 * capacity), numbers: new Float64Array(4 * capacity) };
}

/** Distinct strings end to end in one string: string k is text.slice(starts[k], starts[k + 1]). */
export interface StringTable {
  text: string;
  starts: Int32Array;
}

/**
 * The nodes as columns. Node n's inputs are inputs[inputStarts[n]] … inputs[inputStarts[n + 1] - 1],
 * and its attrs likewise.
 */
export interface PackedNodes {
  /** Index into OP_NAMES. */
  ops: Uint8Array;
  inputStarts: Int32Array;
  inputs: Int32Array;
  attrStarts: Int32Array;
  attrs: Float64Array;
  values: Float64Array;
  requiresGrad: Uint8Array;
  /** Index into NODE_ROLES, or -1. */
  roles: Int8Array;
  /** Layer, neuron, input and sample of each node (PLACE_FIELDS), ABSENT where the meta has none. */
  places: Int32Array;
  /** Index into the string table of the node's label and gradient label, or -1. */
  labels: Int32Array;
  gradLabels: Int32Array;
}

export interface PackedTrace {
  steps: PackedSteps;
  nodes: PackedNodes;
  strings: StringTable;
}

export const OP_NAMES = Object.keys(OPS) as OpName[];

/** The numeric places a node can have in the network, in the order of PackedNodes.places. */
export const PLACE_FIELDS = ['layer', 'neuron', 'input', 'sample'] as const;
export type PlaceField = (typeof PLACE_FIELDS)[number];
/** Layers, neurons, inputs and samples are counts (0 or more), so -1 cannot be one. */
export const ABSENT = -1;

/** Collects strings, each distinct one once, and numbers them. */
export class StringInterner {
  private readonly numbers = new Map<string, number>();
  private readonly parts: string[] = [];

  /** The string's number in the table, or -1 for no string. */
  intern(text: string | undefined): number {
    if (text === undefined) return -1;
    let number = this.numbers.get(text);
    if (number === undefined) {
      number = this.parts.length;
      this.numbers.set(text, number);
      this.parts.push(text);
    }
    return number;
  }

  /**
   * A string known not to recur, numbered without looking it up: the hash lookups of a recording's
   * 100,000 weight names were a noticeable part of posting it.
   */
  add(text: string | undefined): number {
    if (text === undefined) return -1;
    this.parts.push(text);
    return this.parts.length - 1;
  }

  table(): StringTable {
    const starts = new Int32Array(this.parts.length + 1);
    for (let k = 0; k < this.parts.length; k++) starts[k + 1] = starts[k]! + this.parts[k]!.length;
    return { text: this.parts.join(''), starts };
  }
}

/** String k of the table, or undefined for -1. */
export function stringAt({ text, starts }: StringTable, k: number): string | undefined {
  return k < 0 ? undefined : text.slice(starts[k], starts[k + 1]);
}

export function opNumber(op: OpName): number {
  return OP_NAMES.indexOf(op);
}

export function roleNumber(role: NodeMeta['role']): number {
  return role === undefined ? -1 : NODE_ROLES.indexOf(role);
}

/** The buffers of a packed trace, for `postMessage`'s transfer list. */
export function packedBuffers(packed: PackedTrace): ArrayBuffer[] {
  const { steps, nodes, strings } = packed;
  return [
    ...steps.chunks.flatMap((chunk) => [chunk.kinds, chunk.nodes, chunk.ints, chunk.numbers]),
    nodes.ops,
    nodes.inputStarts,
    nodes.inputs,
    nodes.attrStarts,
    nodes.attrs,
    nodes.values,
    nodes.requiresGrad,
    nodes.roles,
    nodes.places,
    nodes.labels,
    nodes.gradLabels,
    strings.starts,
  ].map((array) => array.buffer as ArrayBuffer);
}

/** Step `index` as a plain object; `inputOf` names a node's input at a position. */
export function stepAt(steps: PackedSteps, index: number, inputOf: (node: number, inputIndex: number) => number): TraceStep {
  const { kinds, nodes, ints, numbers } = steps.chunks[index >>> CHUNK_BITS]!;
  const i = index & CHUNK_MASK;
  const node = nodes[i]!;
  const at = 4 * i;
  switch (kinds[i] as StepKind) {
    case StepKind.Forward:
      return { kind: 'forward', node, value: numbers[at]! };
    case StepKind.Backward: {
      const inputIndex = ints[3 * i]!;
      return {
        kind: 'backward',
        node,
        input: inputOf(node, inputIndex),
        inputIndex,
        upstreamGrad: numbers[at]!,
        localDerivative: numbers[at + 1]!,
        contribution: numbers[at + 2]!,
        accumulatedGrad: numbers[at + 3]!,
        contributionIndex: ints[3 * i + 1]!,
        contributionCount: ints[3 * i + 2]!,
      };
    }
    case StepKind.Gradient:
      return { kind: 'gradient', node, grad: numbers[at]!, contributions: ints[3 * i]! };
    case StepKind.Update:
      return { kind: 'update', node, oldValue: numbers[at]!, grad: numbers[at + 1]!, learningRate: numbers[at + 2]!, newValue: numbers[at + 3]! };
  }
}

/** Every step as a plain object. */
export function stepObjects(steps: PackedSteps, inputOf: (node: number, inputIndex: number) => number): TraceStep[] {
  const objects: TraceStep[] = [];
  for (let i = 0; i < steps.length; i++) objects.push(stepAt(steps, i, inputOf));
  return objects;
}

/** Node `id`'s meta, its keys in NodeMeta's order. */
export function metaAt(nodes: PackedNodes, strings: StringTable, id: number): NodeMeta {
  const meta: NodeMeta = {};
  const label = stringAt(strings, nodes.labels[id]!);
  const gradLabel = stringAt(strings, nodes.gradLabels[id]!);
  if (label !== undefined) meta.label = label;
  if (gradLabel !== undefined) meta.gradLabel = gradLabel;
  const role = nodes.roles[id]!;
  if (role >= 0) meta.role = NODE_ROLES[role]!;
  const place = PLACE_FIELDS.length * id;
  const { places } = nodes;
  if (places[place] !== ABSENT) meta.layer = places[place]!;
  if (places[place + 1] !== ABSENT) meta.neuron = places[place + 1]!;
  if (places[place + 2] !== ABSENT) meta.input = places[place + 2]!;
  if (places[place + 3] !== ABSENT) meta.sample = places[place + 3]!;
  return meta;
}

/** Node `id` as a plain object. */
export function nodeAt(nodes: PackedNodes, strings: StringTable, id: number): TraceNode {
  const { ops, inputStarts, inputs, attrStarts, attrs, values, requiresGrad } = nodes;
  const nodeInputs: number[] = [];
  for (let i = inputStarts[id]!; i < inputStarts[id + 1]!; i++) nodeInputs.push(inputs[i]!);
  const nodeAttrs: number[] = [];
  for (let i = attrStarts[id]!; i < attrStarts[id + 1]!; i++) nodeAttrs.push(attrs[i]!);
  return { id, op: OP_NAMES[ops[id]!]!, inputs: nodeInputs, attrs: nodeAttrs, value: values[id]!, requiresGrad: requiresGrad[id] === 1, meta: metaAt(nodes, strings, id) };
}

/**
 * The plain data of a packed trace, for JSON: equal to what the tape's `toData()` gives, except
 * that each node's meta lists its keys in NodeMeta's order (which only JSON text would show).
 */
export function unpackTrace(packed: PackedTrace): TraceData {
  const { nodes: columns, strings } = packed;
  const nodes: TraceNode[] = [];
  for (let id = 0; id < columns.ops.length; id++) nodes.push(nodeAt(columns, strings, id));
  const { inputs, inputStarts } = columns;
  return { format: 'tracegrad-trace', version: 1, nodes, steps: stepObjects(packed.steps, (node, inputIndex) => inputs[inputStarts[node]! + inputIndex]!) };
}

/**
 * Plain trace data (a JSON file, a recording made with `recordTrace`) in columns. A backward
 * step's `input` must be input `inputIndex` of its node, as every recording makes it; the reader
 * of a trace file checks that before packing (Trace.fromJSON).
 */
export function packTraceData(data: TraceData): PackedTrace {
  const count = data.nodes.length;
  const inputStarts = new Int32Array(count + 1);
  const attrStarts = new Int32Array(count + 1);
  data.nodes.forEach((node, id) => {
    inputStarts[id + 1] = inputStarts[id]! + node.inputs.length;
    attrStarts[id + 1] = attrStarts[id]! + node.attrs.length;
  });
  const nodes: PackedNodes = {
    ops: new Uint8Array(count),
    inputStarts,
    inputs: new Int32Array(inputStarts[count]!),
    attrStarts,
    attrs: new Float64Array(attrStarts[count]!),
    values: new Float64Array(count),
    requiresGrad: new Uint8Array(count),
    roles: new Int8Array(count),
    places: new Int32Array(PLACE_FIELDS.length * count),
    labels: new Int32Array(count),
    gradLabels: new Int32Array(count),
  };
  const interner = new StringInterner();
  data.nodes.forEach((node, id) => {
    nodes.inputs.set(node.inputs, inputStarts[id]!);
    nodes.attrs.set(node.attrs, attrStarts[id]!);
    nodes.ops[id] = opNumber(node.op);
    nodes.values[id] = node.value;
    nodes.requiresGrad[id] = node.requiresGrad ? 1 : 0;
    const { meta } = node;
    nodes.roles[id] = roleNumber(meta.role);
    PLACE_FIELDS.forEach((field, f) => (nodes.places[PLACE_FIELDS.length * id + f] = meta[field] ?? ABSENT));
    nodes.labels[id] = interner.intern(meta.label);
    nodes.gradLabels[id] = interner.intern(meta.gradLabel);
  });
  const length = data.steps.length;
  const steps: PackedSteps = { length, chunks: [] };
  for (let start = 0; start < length || start === 0; start += CHUNK_SIZE) steps.chunks.push(newStepChunk(Math.min(CHUNK_SIZE, length - start)));
  data.steps.forEach((step, index) => {
    const chunk = steps.chunks[index >>> CHUNK_BITS]!;
    const i = index & CHUNK_MASK;
    chunk.nodes[i] = step.node;
    const ints = 3 * i;
    const numbers = 4 * i;
    switch (step.kind) {
      case 'forward':
        chunk.kinds[i] = StepKind.Forward;
        chunk.numbers[numbers] = step.value;
        break;
      case 'backward':
        chunk.kinds[i] = StepKind.Backward;
        chunk.ints.set([step.inputIndex, step.contributionIndex, step.contributionCount], ints);
        chunk.numbers.set([step.upstreamGrad, step.localDerivative, step.contribution, step.accumulatedGrad], numbers);
        break;
      case 'gradient':
        chunk.kinds[i] = StepKind.Gradient;
        chunk.ints[ints] = step.contributions;
        chunk.numbers[numbers] = step.grad;
        break;
      case 'update':
        chunk.kinds[i] = StepKind.Update;
        chunk.numbers.set([step.oldValue, step.grad, step.learningRate, step.newValue], numbers);
        break;
    }
  });
  return { steps, nodes, strings: interner.table() };
}
