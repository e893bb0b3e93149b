/**
 * The tape: the Recorder (recorder.ts) that keeps what the engine tells it. While it listens,
 * every op, every backward edge, every completed gradient and every parameter update appends a
 * step. Steps are stored as ids and numbers in typed arrays (no objects, no TeX), so recording a
 * 65,000-node training step costs little; `toData()` turns them into plain objects only when
 * someone asks. The tape numbers the nodes itself; a Value knows nothing of it.
 */
import { ABSENT, PLACE_FIELDS, StepKind, StringInterner, opNumber, roleNumber, stepObjects, type PackedSteps, type PackedTrace } from './packed-trace';
import { observeWith, type Recorder } from './recorder';
import { nextValueId, type Value } from './value';
import type { TraceData, TraceNode } from './trace-data';

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
    const labels = new Int32Array(count);
    const gradLabels = new Int32Array(count);
    const interner = new StringInterner();
    // Plain loops without a closure per node: an MNIST recording has 100,000 of them.
    for (let id = 0; id < count; id++) {
      const value = this.values[id]!;
      const start = inputStarts[id]!;
      for (let i = 0; i < value.inputs.length; i++) inputs[start + i] = this.known(value.inputs[i]!)!;
      if (value.attrs.length > 0) attrs.set(value.attrs, attrStarts[id]!);
      ops[id] = opNumber(value.op);
      requiresGrad[id] = value.requiresGrad ? 1 : 0;
      const { meta } = value;
      roles[id] = roleNumber(meta.role);
      const place = PLACE_FIELDS.length * id;
      places[place] = meta.layer ?? ABSENT;
      places[place + 1] = meta.neuron ?? ABSENT;
      places[place + 2] = meta.input ?? ABSENT;
      places[place + 3] = meta.sample ?? ABSENT;
      labels[id] = interner.intern(meta.label);
      gradLabels[id] = interner.intern(meta.gradLabel);
    }
    return {
      steps: this.packedSteps(true),
      nodes: { ops, inputStarts, inputs, attrStarts, attrs, values: Float64Array.from(this.initialValues), requiresGrad, roles, places, labels, gradLabels },
      strings: interner.table(),
    };
  }

  /** The recorded steps, trimmed to their length: copies to hand over, or views to read at once. */
  private packedSteps(copy: boolean): PackedSteps {
    const { length, kinds, nodes, ints, numbers } = this.steps;
    const part = <T extends Uint8Array | Int32Array | Float64Array>(array: T, end: number): T => (copy ? array.slice(0, end) : array.subarray(0, end)) as T;
    return { kinds: part(kinds, length), nodes: part(nodes, length), ints: part(ints, 3 * length), numbers: part(numbers, 4 * length) };
  }
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
