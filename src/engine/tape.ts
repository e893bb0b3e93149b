/**
 * The tape: the Recorder (recorder.ts) that keeps what the engine tells it. While it listens,
 * every op, every backward edge, every completed gradient and every parameter update appends a
 * step. Steps are stored as ids and numbers in typed arrays (no objects, no TeX), so recording a
 * 65,000-node training step costs little; `toData()` turns them into plain objects only when
 * someone asks. The tape numbers the nodes itself; a Value knows nothing of it.
 */
import { ABSENT, CHUNK_SIZE, PLACE_FIELDS, StepKind, StringInterner, newStepChunk, opNumber, roleNumber, stepObjects, type PackedSteps, type PackedTrace, type StepChunk } from './packed-trace';
import { observeWith, type Recorder } from './recorder';
import { nextValueId, type Value } from './value';
import type { TraceData, TraceNode } from './trace-data';

/**
 * The steps as they are recorded, in chunks (packed-trace.ts). The first chunk starts small and
 * doubles up to CHUNK_SIZE; after that a long recording adds chunks, never copying (and leaving
 * behind as garbage) what it already holds: a digit's 300,000 steps are some 15 MB.
 */
class StepBuffer {
  length = 0;
  readonly chunks: StepChunk[];
  /** The chunk being filled, and the next free place in it. */
  chunk: StepChunk;
  private at = 0;

  constructor(capacity: number) {
    this.chunk = newStepChunk(Math.min(CHUNK_SIZE, capacity));
    this.chunks = [this.chunk];
  }

  /** Appends a step; returns its place in `chunk`, where the caller writes its ints and numbers. */
  push(kind: StepKind, node: number): number {
    if (this.at === this.chunk.kinds.length) this.makeRoom();
    this.chunk.kinds[this.at] = kind;
    this.chunk.nodes[this.at] = node;
    this.length++;
    return this.at++;
  }

  private makeRoom(): void {
    const capacity = this.chunk.kinds.length;
    if (capacity < CHUNK_SIZE) {
      // Still the first chunk: double it.
      const grown = newStepChunk(Math.min(CHUNK_SIZE, 2 * capacity));
      grown.kinds.set(this.chunk.kinds);
      grown.nodes.set(this.chunk.nodes);
      grown.ints.set(this.chunk.ints);
      grown.numbers.set(this.chunk.numbers);
      this.chunk = grown;
      this.chunks[0] = grown;
    } else {
      this.chunk = newStepChunk(CHUNK_SIZE);
      this.chunks.push(this.chunk);
      this.at = 0;
    }
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
    this.steps.chunk.numbers[4 * index] = value.data;
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
    const { ints, numbers } = this.steps.chunk;
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
    this.steps.chunk.ints[3 * index] = contributions;
    this.steps.chunk.numbers[4 * index] = node.grad;
  }

  update(node: Value, oldValue: number, learningRate: number): void {
    const index = this.steps.push(StepKind.Update, this.idOf(node));
    const { numbers } = this.steps.chunk;
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
    return { format: 'tracegrad-trace', version: 1, nodes, steps: stepObjects(this.packedSteps(), (node, inputIndex) => nodes[node]!.inputs[inputIndex]!) };
  }

  /**
   * The trace in its packed form, for posting from a worker (see PackedTrace). The steps are the
   * tape's own chunks, not copies: transfer them only when done with the tape.
   */
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
      // Leaves (parameters, inputs) are named once per pass at most, and there can be 100,000 of
      // them: they skip the lookup; computed nodes, which each pass records again, are interned.
      labels[id] = value.op === 'leaf' ? interner.add(meta.label) : interner.intern(meta.label);
      gradLabels[id] = interner.intern(meta.gradLabel);
    }
    return {
      steps: this.packedSteps(),
      nodes: { ops, inputStarts, inputs, attrStarts, attrs, values: Float64Array.from(this.initialValues), requiresGrad, roles, places, labels, gradLabels },
      strings: interner.table(),
    };
  }

  /** The recorded steps: the tape's chunks (the last one filled up to `length`). */
  private packedSteps(): PackedSteps {
    return { length: this.steps.length, chunks: [...this.steps.chunks] };
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
