/**
 * The tape: the Recorder (recorder.ts) that keeps what the engine tells it. While it listens,
 * every op, every backward edge, every completed gradient and every parameter update appends a
 * step. Steps are stored as ids and numbers in typed arrays (no objects, no TeX), so recording a
 * 65,000-node training step costs little; `toData()` turns them into plain objects only when
 * someone asks. The tape numbers the nodes itself; a Value knows nothing of it.
 */
import { OPS, type OpName } from './ops';
import { observeWith, type Recorder } from './recorder';
import { nextValueId, type Value } from './value';
import { NODE_ROLES, type NodeMeta, type TraceData, type TraceNode, type TraceStep } from './trace-data';

/** Step kinds in their compact form (plain numbers keep the buffer a Uint8Array). */
const StepKind = { Forward: 0, Backward: 1, Gradient: 2, Update: 3 } as const;
type StepKind = (typeof StepKind)[keyof typeof StepKind];

/** Per step: a kind, a node id, three integers and four numbers whose meaning depends on the kind. */
class StepBuffer {
  length = 0;
  kinds: Uint8Array;
  nodes: Int32Array;
  ints: Int32Array;
  numbers: Float64Array;

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.nodes = new Int32Array(capacity);
    this.ints = new Int32Array(3 * capacity);
    this.numbers = new Float64Array(4 * capacity);
  }

  push(kind: StepKind, node: number): number {
    if (this.length === this.kinds.length) this.grow();
    this.kinds[this.length] = kind;
    this.nodes[this.length] = node;
    return this.length++;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const nodes = new Int32Array(capacity);
    nodes.set(this.nodes);
    this.nodes = nodes;
    const ints = new Int32Array(3 * capacity);
    ints.set(this.ints);
    this.ints = ints;
    const numbers = new Float64Array(4 * capacity);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}

export class Tape implements Recorder {
  /** The recorded nodes; a node's id in the trace is its index here. */
  private readonly values: Value[] = [];
  /** Value.id of the first node made after this tape began: nodes from there on are numbered densely. */
  private readonly firstNewId = nextValueId();
  /** 1 + the trace id of each node made while recording, at Value.id − firstNewId (0: not entered). */
  private newIds = new Int32Array(1024);
  /** Trace ids of the nodes made before recording began (parameters, inputs), by Value.id. */
  private readonly olderIds = new Map<number, number>();
  private readonly initialValues: number[] = [];
  private readonly steps: StepBuffer;

  /** `expectedSteps` sizes the buffer up front, so a long recording is not copied as it grows. */
  constructor(expectedSteps = 1024) {
    this.steps = new StepBuffer(Math.max(16, expectedSteps));
  }

  get stepCount(): number {
    return this.steps.length;
  }

  get nodeCount(): number {
    return this.values.length;
  }

  /** The node's id in this tape, entering it (with its inputs) if it is not there yet. */
  /** The node's id in this tape, or undefined if it has not been entered. */
  private known(value: Value): number | undefined {
    const offset = value.id - this.firstNewId;
    if (offset < 0) return this.olderIds.get(value.id);
    const stored = offset < this.newIds.length ? this.newIds[offset]! : 0;
    return stored === 0 ? undefined : stored - 1;
  }

  idOf(value: Value): number {
    const known = this.known(value);
    if (known !== undefined) return known;
    // A node built before recording started: enter its not-yet-recorded ancestors first, inputs
    // before the nodes that use them, without recursion (chains can be very long).
    const pending: Value[] = [value];
    while (pending.length > 0) {
      const top = pending[pending.length - 1]!;
      const missing = top.inputs.find((input) => this.known(input) === undefined);
      if (missing !== undefined) {
        pending.push(missing);
        continue;
      }
      pending.pop();
      if (this.known(top) === undefined) this.enter(top);
    }
    return this.known(value)!;
  }

  private enter(value: Value): number {
    const id = this.values.length;
    const offset = value.id - this.firstNewId;
    if (offset < 0) {
      this.olderIds.set(value.id, id);
    } else {
      if (offset >= this.newIds.length) {
        let length = this.newIds.length * 2;
        while (length <= offset) length *= 2;
        const grown = new Int32Array(length);
        grown.set(this.newIds);
        this.newIds = grown;
      }
      this.newIds[offset] = id + 1;
    }
    this.values.push(value);
    this.initialValues.push(value.data);
    return id;
  }

  forward(value: Value): void {
    for (const input of value.inputs) if (this.known(input) === undefined) this.idOf(input);
    const index = this.steps.push(StepKind.Forward, this.enter(value));
    this.steps.numbers[4 * index] = value.data;
  }

  edge(
    node: Value,
    inputIndex: number,
    localDerivative: number,
    contribution: number,
    contributionIndex: number,
    contributionCount: number,
  ): void {
    const input = node.inputs[inputIndex]!;
    const index = this.steps.push(StepKind.Backward, this.idOf(node));
    const { ints, numbers } = this.steps;
    ints[3 * index] = inputIndex;
    ints[3 * index + 1] = contributionIndex;
    ints[3 * index + 2] = contributionCount;
    numbers[4 * index] = node.grad;
    numbers[4 * index + 1] = localDerivative;
    numbers[4 * index + 2] = contribution;
    numbers[4 * index + 3] = input.grad;
  }

  gradient(node: Value, contributions: number): void {
    const index = this.steps.push(StepKind.Gradient, this.idOf(node));
    this.steps.ints[3 * index] = contributions;
    this.steps.numbers[4 * index] = node.grad;
  }

  update(node: Value, oldValue: number, learningRate: number): void {
    const index = this.steps.push(StepKind.Update, this.idOf(node));
    const { numbers } = this.steps;
    numbers[4 * index] = oldValue;
    numbers[4 * index + 1] = node.grad;
    numbers[4 * index + 2] = learningRate;
    numbers[4 * index + 3] = node.data;
  }

  /** The trace as plain, serialisable data. */
  toData(): TraceData {
    const nodes: TraceNode[] = this.values.map((value, id) => ({
      id,
      op: value.op,
      inputs: value.inputs.map((input) => this.known(input)!),
      attrs: [...value.attrs],
      value: this.initialValues[id]!,
      requiresGrad: value.requiresGrad,
      meta: { ...value.meta },
    }));
    return { format: 'tracegrad-trace', version: 1, nodes, steps: stepObjects(this.packedSteps(false), (node, inputIndex) => nodes[node]!.inputs[inputIndex]!) };
  }

  /** The trace in its packed form, for posting from a worker (see PackedTrace). */
  toPacked(): PackedTrace {
    const count = this.values.length;
    const inputStarts = new Int32Array(count + 1);
    const attrStarts = new Int32Array(count + 1);
    this.values.forEach((value, id) => {
      inputStarts[id + 1] = inputStarts[id]! + value.inputs.length;
      attrStarts[id + 1] = attrStarts[id]! + value.attrs.length;
    });
    const inputs = new Int32Array(inputStarts[count]!);
    const attrs = new Float64Array(attrStarts[count]!);
    const ops = new Uint8Array(count);
    const requiresGrad = new Uint8Array(count);
    const roles = new Int8Array(count);
    const places = new Int32Array(PLACE_FIELDS.length * count);
    const labels: (string | undefined)[] = [];
    const gradLabels: (string | undefined)[] = [];
    this.values.forEach((value, id) => {
      value.inputs.forEach((input, i) => (inputs[inputStarts[id]! + i] = this.known(input)!));
      attrs.set(value.attrs, attrStarts[id]!);
      ops[id] = OP_NAMES.indexOf(value.op);
      requiresGrad[id] = value.requiresGrad ? 1 : 0;
      const { meta } = value;
      roles[id] = meta.role === undefined ? -1 : NODE_ROLES.indexOf(meta.role);
      PLACE_FIELDS.forEach((field, f) => (places[PLACE_FIELDS.length * id + f] = meta[field] ?? ABSENT));
      labels.push(meta.label);
      gradLabels.push(meta.gradLabel);
    });
    return {
      steps: this.packedSteps(true),
      nodes: { ops, inputStarts, inputs, attrStarts, attrs, values: Float64Array.from(this.initialValues), requiresGrad, roles, places, labels, gradLabels },
    };
  }

  /** The recorded steps, trimmed to their length: copies to hand over, or views to read at once. */
  private packedSteps(copy: boolean): PackedSteps {
    const { length, kinds, nodes, ints, numbers } = this.steps;
    const part = <T extends Uint8Array | Int32Array | Float64Array>(array: T, end: number): T => (copy ? array.slice(0, end) : array.subarray(0, end)) as T;
    return { kinds: part(kinds, length), nodes: part(nodes, length), ints: part(ints, 3 * length), numbers: part(numbers, 4 * length) };
  }
}

/** Per step: a kind, a node id, three integers and four numbers whose meaning depends on the kind. */
interface PackedSteps {
  kinds: Uint8Array;
  nodes: Int32Array;
  ints: Int32Array;
  numbers: Float64Array;
}

/**
 * A trace as typed arrays and two lists of strings. Posting 400,000 step and node objects from a
 * worker costs the page a second or more to copy; these arrays are transferred, and unpacking
 * them (`unpackTrace`) takes a fraction of that. Node n's inputs are
 * inputs[inputStarts[n]] … inputs[inputStarts[n + 1] - 1], and its attrs likewise.
 */
export interface PackedTrace {
  steps: PackedSteps;
  nodes: {
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
    labels: (string | undefined)[];
    gradLabels: (string | undefined)[];
  };
}

const OP_NAMES = Object.keys(OPS) as OpName[];
const PLACE_FIELDS = ['layer', 'neuron', 'input', 'sample'] as const;
/** Layers, neurons, inputs and samples are counts (0 or more), so -1 cannot be one. */
const ABSENT = -1;

/** The buffers of a packed trace, for `postMessage`'s transfer list. */
export function packedBuffers(packed: PackedTrace): ArrayBuffer[] {
  const { steps, nodes } = packed;
  return [steps.kinds, steps.nodes, steps.ints, steps.numbers, nodes.ops, nodes.inputStarts, nodes.inputs, nodes.attrStarts, nodes.attrs, nodes.values, nodes.requiresGrad, nodes.roles, nodes.places].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/**
 * The plain data of a packed trace: equal to what `toData()` gives, except that each node's meta
 * lists its keys in NodeMeta's order (which only JSON text would show).
 */
export function unpackTrace(packed: PackedTrace): TraceData {
  const { ops, inputStarts, inputs, attrStarts, attrs, values, requiresGrad, roles, places, labels, gradLabels } = packed.nodes;
  const nodes: TraceNode[] = [];
  // Plain loops without a closure per node or step: there can be 400,000 of them.
  for (let id = 0; id < ops.length; id++) {
    const meta: NodeMeta = {};
    const label = labels[id];
    const gradLabel = gradLabels[id];
    if (label !== undefined) meta.label = label;
    if (gradLabel !== undefined) meta.gradLabel = gradLabel;
    if (roles[id]! >= 0) meta.role = NODE_ROLES[roles[id]!]!;
    const place = PLACE_FIELDS.length * id;
    if (places[place] !== ABSENT) meta.layer = places[place]!;
    if (places[place + 1] !== ABSENT) meta.neuron = places[place + 1]!;
    if (places[place + 2] !== ABSENT) meta.input = places[place + 2]!;
    if (places[place + 3] !== ABSENT) meta.sample = places[place + 3]!;
    const nodeInputs: number[] = [];
    for (let i = inputStarts[id]!; i < inputStarts[id + 1]!; i++) nodeInputs.push(inputs[i]!);
    const nodeAttrs: number[] = [];
    for (let i = attrStarts[id]!; i < attrStarts[id + 1]!; i++) nodeAttrs.push(attrs[i]!);
    nodes.push({ id, op: OP_NAMES[ops[id]!]!, inputs: nodeInputs, attrs: nodeAttrs, value: values[id]!, requiresGrad: requiresGrad[id] === 1, meta });
  }
  return { format: 'tracegrad-trace', version: 1, nodes, steps: stepObjects(packed.steps, (node, inputIndex) => inputs[inputStarts[node]! + inputIndex]!) };
}

/** The steps as plain objects; `inputOf` names the node's input at a position. */
function stepObjects({ kinds, nodes, ints, numbers }: PackedSteps, inputOf: (node: number, inputIndex: number) => number): TraceStep[] {
  const steps: TraceStep[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const node = nodes[i]!;
    const at = 4 * i;
    switch (kinds[i] as StepKind) {
      case StepKind.Forward:
        steps.push({ kind: 'forward', node, value: numbers[at]! });
        break;
      case StepKind.Backward: {
        const inputIndex = ints[3 * i]!;
        steps.push({
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
        });
        break;
      }
      case StepKind.Gradient:
        steps.push({ kind: 'gradient', node, grad: numbers[at]!, contributions: ints[3 * i]! });
        break;
      case StepKind.Update:
        steps.push({ kind: 'update', node, oldValue: numbers[at]!, grad: numbers[at + 1]!, learningRate: numbers[at + 2]!, newValue: numbers[at + 3]! });
        break;
    }
  }
  return steps;
}

/**
 * How long the last recording was. Training records one step after another of the same size, so
 * starting the next tape at that size avoids regrowing (and copying) its buffers every time.
 */
let lastRecordingLength = 1024;

/**
 * Runs `work` with recording on and returns its result and the tape, whose steps are still in
 * their compact form: enough for counts, for long runs and for benchmarks.
 */
export function recordCompact<T>(work: () => T): { result: T; tape: Tape } {
  const tape = new Tape(lastRecordingLength);
  try {
    return { result: observeWith(tape, work), tape };
  } finally {
    lastRecordingLength = Math.max(1024, tape.stepCount);
  }
}

/**
 * Runs `work` with recording on and returns its result and everything it recorded as plain data.
 * Values built inside enter the trace as they are made; parameters made earlier enter when first used.
 */
export function recordTrace<T>(work: () => T): { result: T; trace: TraceData } {
  const { result, tape } = recordCompact(work);
  return { result, trace: tape.toData() };
}
