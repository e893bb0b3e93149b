/**
 * Read access to a recorded trace: what each step is about (phase, role, layer, neuron), the value
 * of any node as it was at any step, and the step's TeX. Everything a player shows comes from here.
 * The trace is held in columns (packed-trace.ts), not as one object per step and node: step and
 * node objects are built when asked for, and sweeps over every step read the columns through the
 * single-field readers. Indices over the steps are built once, lazily, the first time they are needed.
 */
import { OPS, type OpName } from './ops';
import { ABSENT, CHUNK_BITS, CHUNK_MASK, OP_NAMES, PLACE_FIELDS, STEP_KIND_NAMES, StepKind, nodeAt, packTraceData, stepAt, unpackTrace, type PackedTrace, type PlaceField } from './packed-trace';
import { NODE_ROLES, type NodeRole, type TraceData, type TraceNode, type TraceStep } from './trace-data';

export type Phase = 'forward' | 'loss' | 'backward' | 'update';

/** What a step computes, in the slides' vocabulary. */
export type StepRole =
  | 'pre-activation'
  | 'activation'
  | 'loss'
  | 'delta'
  | 'weight-gradient'
  | 'bias-gradient'
  | 'activation-gradient'
  | 'update'
  | 'op';

export interface StepTags {
  phase: Phase;
  role: StepRole;
  layer?: number;
  neuron?: number;
  sample?: number;
  /** 0 for the first forward/backward/update; 1 for the forward pass after the first update, … */
  pass: number;
}

export class TraceFormatError extends Error {
  override name = 'TraceFormatError';
}

const FORWARD_ROLES: Partial<Record<NodeRole, StepRole>> = {
  'pre-activation': 'pre-activation',
  activation: 'activation',
  loss: 'loss',
};

const GRADIENT_ROLES: Partial<Record<NodeRole, StepRole>> = {
  'pre-activation': 'delta',
  weight: 'weight-gradient',
  bias: 'bias-gradient',
  activation: 'activation-gradient',
  loss: 'loss',
};

/**
 * For every node, an ascending list of step indices, all in two flat arrays: a training step of
 * an MNIST-sized network has a list for each of its 100,000 weights, and 100,000 small arrays
 * take a noticeable moment to build and to collect.
 */
export class StepsByNode {
  /** Node n's steps are steps[starts[n]] … steps[starts[n + 1] - 1]. */
  private readonly starts: Int32Array;
  private readonly steps: Int32Array;

  /** `nodes[i]` gets step `stepIndices[i]`; the steps come in ascending order. */
  constructor(nodeCount: number, nodes: readonly number[], stepIndices: readonly number[]) {
    const starts = new Int32Array(nodeCount + 1);
    for (const node of nodes) starts[node + 1]!++;
    for (let n = 0; n < nodeCount; n++) starts[n + 1]! += starts[n]!;
    const filled = starts.slice(0, nodeCount);
    const steps = new Int32Array(nodes.length);
    nodes.forEach((node, i) => {
      steps[filled[node]!++] = stepIndices[i]!;
    });
    this.starts = starts;
    this.steps = steps;
  }

  /** The node's last step that is ≤ limit, or undefined. */
  lastAtOrBefore(node: number, limit: number): number | undefined {
    if (node < 0 || node + 1 >= this.starts.length) return undefined;
    let low = this.starts[node]!;
    let high = this.starts[node + 1]! - 1;
    let found: number | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.steps[middle]! <= limit) {
        found = this.steps[middle];
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }
}

export class Trace {
  /** The trace's columns; step and node objects are built from them when asked for. */
  private readonly columns: PackedTrace;
  /** The first step of every pass after the first, ascending. */
  private passStarts: number[] | null = null;
  /** The gradient steps that began a backward pass (at the node backward started from), ascending. */
  private backwardStarts: number[] | null = null;
  private updatesByNode: StepsByNode | null = null;

  /**
   * A recording's columns are kept as they are, not copied (a worker's transferred arrays become
   * the trace); plain data (a small recording, a trace file) is packed into columns first.
   */
  constructor(source: PackedTrace | TraceData) {
    this.columns = 'format' in source ? packTraceData(source) : source;
  }

  /** Reads a trace written by `JSON.stringify(trace.toData())`, checking that it is one. */
  static fromJSON(text: string): Trace {
    let raw: unknown;
    try {
      // A byte-order mark at the start (some editors write one) is not part of the JSON.
      raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    } catch (error) {
      throw new TraceFormatError(`not a trace: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof raw !== 'object' || raw === null || !('format' in raw) || raw.format !== 'tracegrad-trace') {
      throw new TraceFormatError('not a trace: the "format" field is not "tracegrad-trace"');
    }
    if (!('version' in raw) || raw.version !== 1) throw new TraceFormatError('unsupported trace version (this tracegrad reads version 1)');
    if (!('nodes' in raw) || !Array.isArray(raw.nodes) || !('steps' in raw) || !Array.isArray(raw.steps)) {
      throw new TraceFormatError('not a trace: it needs "nodes" and "steps" arrays');
    }
    const data = raw as TraceData;
    data.nodes.forEach((node, id) => {
      const wellFormed = node.id === id && node.op in OPS && Array.isArray(node.inputs) && Array.isArray(node.attrs) && typeof node.meta === 'object' && node.meta !== null;
      if (!wellFormed) throw new TraceFormatError(`trace node ${id} is malformed`);
    });
    data.steps.forEach((step, i) => {
      if (typeof step.node !== 'number' || step.node < 0 || step.node >= data.nodes.length) {
        throw new TraceFormatError(`trace step ${i} refers to a node that does not exist`);
      }
      if (!STEP_KIND_NAMES.includes(step.kind)) throw new TraceFormatError(`trace step ${i} is of no kind a trace has (forward, backward, gradient, update)`);
      // The columns keep a backward step's position among its node's inputs, not the input itself.
      if (step.kind === 'backward' && data.nodes[step.node]!.inputs[step.inputIndex] !== step.input) {
        throw new TraceFormatError(`trace step ${i} sends gradient to node ${step.input}, which is not input ${step.inputIndex} of node ${step.node}`);
      }
    });
    return new Trace(data);
  }

  get length(): number {
    return this.columns.steps.length;
  }

  get nodeCount(): number {
    return this.columns.nodes.ops.length;
  }

  /** The trace as plain data, for JSON: one object per step and per node, so not for a long trace's every press. */
  toData(): TraceData {
    return unpackTrace(this.columns);
  }

  /** Step `index` as an object, built from the columns on each call. */
  step(index: number): TraceStep {
    this.checkStep(index);
    return stepAt(this.columns.steps, index, (node, inputIndex) => this.inputAt(node, inputIndex));
  }

  /** Node `id` as an object, built from the columns on each call. */
  node(id: number): TraceNode {
    this.checkNode(id);
    return nodeAt(this.columns.nodes, this.columns.strings, id);
  }

  op(id: number): OpName {
    this.checkNode(id);
    return OP_NAMES[this.columns.nodes.ops[id]!]!;
  }

  // Readers of single fields, straight from the columns: for sweeps over every step or node,
  // which would otherwise build (and drop) hundreds of thousands of objects.

  kindOf(index: number): TraceStep['kind'] {
    this.checkStep(index);
    return STEP_KIND_NAMES[this.kindCode(index)]!;
  }

  /** The node a step is about (for a backward step, the node sending gradient). */
  nodeOfStep(index: number): number {
    this.checkStep(index);
    return this.stepNode(index);
  }

  /** The node a backward step sends gradient to; -1 for other steps. */
  inputOfStep(index: number): number {
    this.checkStep(index);
    return this.kindCode(index) === StepKind.Backward ? this.inputAt(this.stepNode(index), this.stepInt(index, 0)) : -1;
  }

  /** A backward step's position among its node's inputs; -1 for other steps. */
  inputIndexOfStep(index: number): number {
    this.checkStep(index);
    return this.kindCode(index) === StepKind.Backward ? this.stepInt(index, 0) : -1;
  }

  /**
   * A backward step's contribution number and count (its `contributionIndex` of `contributionCount`
   * into the input), or a gradient step's number of contributions as [count, count]; undefined otherwise.
   */
  contributionCountsOf(index: number): [contributionIndex: number, contributionCount: number] | undefined {
    this.checkStep(index);
    const kind = this.kindCode(index);
    if (kind === StepKind.Backward) return [this.stepInt(index, 1), this.stepInt(index, 2)];
    if (kind === StepKind.Gradient) return [this.stepInt(index, 0), this.stepInt(index, 0)];
    return undefined;
  }

  /** ∂ℒ/∂node as a step leaves it: a backward step's running total, a gradient step's gradient; undefined otherwise. */
  gradAfterStep(index: number): number | undefined {
    this.checkStep(index);
    const kind = this.kindCode(index);
    if (kind === StepKind.Backward) return this.stepNumber(index, 3);
    if (kind === StepKind.Gradient) return this.stepNumber(index, 0);
    return undefined;
  }

  /** A backward step's local derivative ∂node/∂input; undefined for other steps. */
  localDerivativeOf(index: number): number | undefined {
    this.checkStep(index);
    return this.kindCode(index) === StepKind.Backward ? this.stepNumber(index, 1) : undefined;
  }

  roleOf(id: number): NodeRole | undefined {
    this.checkNode(id);
    const role = this.columns.nodes.roles[id]!;
    return role < 0 ? undefined : NODE_ROLES[role];
  }

  /** The node's layer, neuron, input k (of a weight W_{jk}) or sample, as its meta has it. */
  placeField(id: number, field: PlaceField): number | undefined {
    this.checkNode(id);
    const value = this.columns.nodes.places[PLACE_FIELDS.length * id + PLACE_FIELDS.indexOf(field)]!;
    return value === ABSENT ? undefined : value;
  }

  /** The node's inputs, a view of the column (not a copy). */
  inputsOf(id: number): Int32Array {
    this.checkNode(id);
    const { inputStarts, inputs } = this.columns.nodes;
    return inputs.subarray(inputStarts[id]!, inputStarts[id + 1]!);
  }

  /**
   * The node's value as it stood just before step `index` ran. Computed nodes never change; a
   * parameter's value is its recorded starting value, changed by each update step before `index`.
   */
  valueAt(id: number, index: number): number {
    this.checkNode(id);
    const last = this.updateSteps().lastAtOrBefore(id, index - 1);
    // An update step's fourth number is the new value.
    return last === undefined ? this.columns.nodes.values[id]! : this.stepNumber(last, 3);
  }

  /** The steps that update each node (a parameter's gradient-descent steps), ascending. */
  updateSteps(): StepsByNode {
    if (this.updatesByNode === null) {
      const nodes: number[] = [];
      const indices: number[] = [];
      for (let i = 0; i < this.length; i++) {
        if (this.kindCode(i) !== StepKind.Update) continue;
        nodes.push(this.stepNode(i));
        indices.push(i);
      }
      this.updatesByNode = new StepsByNode(this.nodeCount, nodes, indices);
    }
    return this.updatesByNode;
  }

  /** The pass (0, 1, …) a step belongs to: a forward pass after an update starts a new one. */
  passOf(index: number): number {
    if (index < 0 || index >= this.length) return 0;
    return countAtOrBefore(this.sweep().passStarts, index);
  }

  /** The gradient step that started the backward pass containing `index` (-1 outside backward). */
  backwardStartOf(index: number): number {
    if (index < 0 || index >= this.length) return -1;
    const kind = this.kindCode(index);
    if (kind !== StepKind.Backward && kind !== StepKind.Gradient) return -1;
    const { backwardStarts } = this.sweep();
    const count = countAtOrBefore(backwardStarts, index);
    return count === 0 ? -1 : backwardStarts[count - 1]!;
  }

  /** The backward steps that sent gradient into `node` during the backward pass containing `index`. */
  contributionsTo(node: number, index: number): number[] {
    const start = this.backwardStartOf(index);
    if (start < 0) return [];
    const found: number[] = [];
    for (let i = start; i < index; i++) {
      if (this.kindCode(i) === StepKind.Backward && this.inputAt(this.stepNode(i), this.stepInt(i, 0)) === node) found.push(i);
    }
    return found;
  }

  /** The phase a step belongs to: the cheap part of `tags`, for sweeps over every step. */
  phaseOf(index: number): Phase {
    this.checkStep(index);
    switch (this.kindCode(index) as StepKind) {
      case StepKind.Forward:
        return this.columns.nodes.roles[this.stepNode(index)] === LOSS_ROLE ? 'loss' : 'forward';
      case StepKind.Backward:
      case StepKind.Gradient:
        return 'backward';
      case StepKind.Update:
        return 'update';
    }
  }

  /**
   * The node whose layer, neuron and sample a step is filed under. A backward edge belongs to the
   * neuron sending the gradient (its δ, its weights, its share of the layer below), so a neuron's
   * or a layer's backward steps stay together. Edges from the loss, which is in no layer, belong
   * to the output neuron they reach.
   */
  placeOf(index: number): TraceNode {
    return this.node(this.placeNodeOf(index));
  }

  /** The id of `placeOf`'s node, read without building it. */
  placeNodeOf(index: number): number {
    this.checkStep(index);
    const sender = this.stepNode(index);
    if (this.kindCode(index) !== StepKind.Backward) return sender;
    return this.columns.nodes.places[PLACE_FIELDS.length * sender] !== ABSENT ? sender : this.inputAt(sender, this.stepInt(index, 0));
  }

  tags(index: number): StepTags {
    const kind = this.kindOf(index);
    const pass = this.passOf(index);
    const about = kind === 'backward' ? this.inputOfStep(index) : this.nodeOfStep(index);
    const place = this.placeNodeOf(index);
    const layer = this.placeField(place, 'layer');
    const neuron = this.placeField(place, 'neuron');
    const sample = this.placeField(place, 'sample');
    const where = {
      ...(layer !== undefined && { layer }),
      ...(neuron !== undefined && { neuron }),
      ...(sample !== undefined && { sample }),
    };
    const nodeRole = this.roleOf(about);
    const phase = this.phaseOf(index);
    switch (kind) {
      case 'forward':
        return { phase, role: (nodeRole && FORWARD_ROLES[nodeRole]) ?? 'op', pass, ...where };
      case 'backward':
      case 'gradient':
        return { phase, role: (nodeRole && GRADIENT_ROLES[nodeRole]) ?? 'op', pass, ...where };
      case 'update':
        return { phase, role: 'update', pass, ...where };
    }
  }

  // Step columns, read through the chunk that holds the step (see PackedSteps).

  private kindCode(index: number): number {
    return this.columns.steps.chunks[index >>> CHUNK_BITS]!.kinds[index & CHUNK_MASK]!;
  }

  private stepNode(index: number): number {
    return this.columns.steps.chunks[index >>> CHUNK_BITS]!.nodes[index & CHUNK_MASK]!;
  }

  /** The step's k-th integer (0–2) and number (0–3), whose meanings depend on its kind (see stepAt). */
  private stepInt(index: number, k: number): number {
    return this.columns.steps.chunks[index >>> CHUNK_BITS]!.ints[3 * (index & CHUNK_MASK) + k]!;
  }

  private stepNumber(index: number, k: number): number {
    return this.columns.steps.chunks[index >>> CHUNK_BITS]!.numbers[4 * (index & CHUNK_MASK) + k]!;
  }

  /** Input `inputIndex` of node `node`. */
  private inputAt(node: number, inputIndex: number): number {
    const { inputStarts, inputs } = this.columns.nodes;
    return inputs[inputStarts[node]! + inputIndex]!;
  }

  private checkStep(index: number): void {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`step ${index} is outside the trace (0 to ${this.length - 1})`);
  }

  private checkNode(id: number): void {
    if (!(id >= 0 && id < this.nodeCount)) throw new RangeError(`node ${id} is not in the trace`);
  }

  /** Where passes and backward passes begin, found in one sweep over the step kinds. */
  private sweep(): { passStarts: number[]; backwardStarts: number[] } {
    if (this.passStarts === null || this.backwardStarts === null) {
      const passStarts: number[] = [];
      const backwardStarts: number[] = [];
      for (let i = 0; i < this.length; i++) {
        const kind = this.kindCode(i);
        if (kind === StepKind.Forward && i > 0 && this.kindCode(i - 1) === StepKind.Update) passStarts.push(i);
        // Only the node backward starts from has no incoming contributions.
        if (kind === StepKind.Gradient && this.stepInt(i, 0) === 0) backwardStarts.push(i);
      }
      this.passStarts = passStarts;
      this.backwardStarts = backwardStarts;
    }
    return { passStarts: this.passStarts, backwardStarts: this.backwardStarts };
  }
}

const LOSS_ROLE = NODE_ROLES.indexOf('loss');

/** How many entries of an ascending list are ≤ value. */
function countAtOrBefore(ascending: readonly number[], value: number): number {
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ascending[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
