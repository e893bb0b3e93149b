/**
 * The recorder. While a tape is active, every op, every backward edge and every parameter update
 * appends a step. Steps are stored as ids and numbers in typed arrays (no objects, no TeX), so
 * recording a 65,000-node training step costs little; `toData()` turns them into plain objects
 * only when someone asks.
 */
import type { Value } from './value';
import type { TraceData, TraceNode, TraceStep } from './trace-data';

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

export class Tape {
  private readonly values: Value[] = [];
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
  idOf(value: Value): number {
    if (value.tape === this) return value.tapeId;
    // A node built before recording started: enter its not-yet-recorded ancestors first, inputs
    // before the nodes that use them, without recursion (chains can be very long).
    const pending: Value[] = [value];
    while (pending.length > 0) {
      const top = pending[pending.length - 1]!;
      const missing = top.inputs.find((input) => input.tape !== this);
      if (missing !== undefined) {
        pending.push(missing);
        continue;
      }
      pending.pop();
      if (top.tape !== this) this.enter(top);
    }
    return value.tapeId;
  }

  private enter(value: Value): void {
    value.tape = this;
    value.tapeId = this.values.length;
    this.values.push(value);
    this.initialValues.push(value.data);
  }

  recordForward(value: Value): void {
    for (const input of value.inputs) if (input.tape !== this) this.idOf(input);
    this.enter(value);
    const index = this.steps.push(StepKind.Forward, value.tapeId);
    this.steps.numbers[4 * index] = value.data;
  }

  recordBackward(
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

  recordGradient(node: Value, contributions: number): void {
    const index = this.steps.push(StepKind.Gradient, this.idOf(node));
    this.steps.ints[3 * index] = contributions;
    this.steps.numbers[4 * index] = node.grad;
  }

  recordUpdate(node: Value, oldValue: number, learningRate: number): void {
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
      inputs: value.inputs.map((input) => input.tapeId),
      attrs: [...value.attrs],
      value: this.initialValues[id]!,
      requiresGrad: value.requiresGrad,
      meta: { ...value.meta },
    }));
    const steps: TraceStep[] = [];
    const { kinds, nodes: stepNodes, ints, numbers } = this.steps;
    for (let i = 0; i < this.steps.length; i++) {
      const node = stepNodes[i]!;
      const n = (slot: number): number => numbers[4 * i + slot]!;
      switch (kinds[i] as StepKind) {
        case StepKind.Forward:
          steps.push({ kind: 'forward', node, value: n(0) });
          break;
        case StepKind.Backward: {
          const inputIndex = ints[3 * i]!;
          steps.push({
            kind: 'backward',
            node,
            input: nodes[node]!.inputs[inputIndex]!,
            inputIndex,
            upstreamGrad: n(0),
            localDerivative: n(1),
            contribution: n(2),
            accumulatedGrad: n(3),
            contributionIndex: ints[3 * i + 1]!,
            contributionCount: ints[3 * i + 2]!,
          });
          break;
        }
        case StepKind.Gradient:
          steps.push({ kind: 'gradient', node, grad: n(0), contributions: ints[3 * i]! });
          break;
        case StepKind.Update:
          steps.push({ kind: 'update', node, oldValue: n(0), grad: n(1), learningRate: n(2), newValue: n(3) });
          break;
      }
    }
    return { format: 'tracegrad-trace', version: 1, nodes, steps };
  }
}

let activeTape: Tape | null = null;
/**
 * How long the last recording was. Training records one step after another of the same size, so
 * starting the next tape at that size avoids regrowing (and copying) its buffers every time.
 */
let lastRecordingLength = 1024;

/** The tape recording right now, if any. */
export function currentTape(): Tape | null {
  return activeTape;
}

/**
 * Runs `work` with recording on and returns its result and the tape, whose steps are still in
 * their compact form: enough for counts, for long runs and for benchmarks.
 */
export function recordCompact<T>(work: () => T): { result: T; tape: Tape } {
  if (activeTape !== null) throw new Error('already recording: recordings do not nest');
  const tape = new Tape(lastRecordingLength);
  activeTape = tape;
  try {
    return { result: work(), tape };
  } finally {
    activeTape = null;
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
