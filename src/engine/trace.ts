/**
 * Read access to a recorded trace: what each step is about (phase, role, layer, neuron), the value
 * of any node as it was at any step, and the step's TeX. Everything a player shows comes from here.
 * Indices over the steps are built once, lazily, the first time they are needed.
 */
import { OPS, type OpName } from './ops';
import type { NodeRole, TraceData, TraceNode, TraceStep } from './trace-data';

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
  private passes: Int32Array | null = null;
  /** For each backward/gradient step, the index of the gradient step that began its backward pass. */
  private backwardStarts: Int32Array | null = null;
  private updatesByNode: StepsByNode | null = null;

  constructor(readonly data: TraceData) {}

  /** Reads a trace written by `JSON.stringify(trace.data)`, checking that it is one. */
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
      if (node.id !== id || !(node.op in OPS)) throw new TraceFormatError(`trace node ${id} is malformed`);
    });
    data.steps.forEach((step, i) => {
      if (typeof step.node !== 'number' || step.node < 0 || step.node >= data.nodes.length) {
        throw new TraceFormatError(`trace step ${i} refers to a node that does not exist`);
      }
    });
    return new Trace(data);
  }

  get length(): number {
    return this.data.steps.length;
  }

  step(index: number): TraceStep {
    const step = this.data.steps[index];
    if (step === undefined) throw new RangeError(`step ${index} is outside the trace (0 to ${this.length - 1})`);
    return step;
  }

  node(id: number): TraceNode {
    const node = this.data.nodes[id];
    if (node === undefined) throw new RangeError(`node ${id} is not in the trace`);
    return node;
  }

  op(id: number): OpName {
    return this.node(id).op;
  }

  /**
   * The node's value as it stood just before step `index` ran. Computed nodes never change; a
   * parameter's value is its recorded starting value, changed by each update step before `index`.
   */
  valueAt(id: number, index: number): number {
    const value = this.node(id).value;
    const last = this.updateSteps().lastAtOrBefore(id, index - 1);
    if (last === undefined) return value;
    const update = this.data.steps[last];
    return update?.kind === 'update' ? update.newValue : value;
  }

  /** The steps that update each node (a parameter's gradient-descent steps), ascending. */
  updateSteps(): StepsByNode {
    if (this.updatesByNode === null) {
      const nodes: number[] = [];
      const indices: number[] = [];
      this.data.steps.forEach((step, i) => {
        if (step.kind !== 'update') return;
        nodes.push(step.node);
        indices.push(i);
      });
      this.updatesByNode = new StepsByNode(this.data.nodes.length, nodes, indices);
    }
    return this.updatesByNode;
  }

  /** The pass (0, 1, …) a step belongs to: a forward pass after an update starts a new one. */
  passOf(index: number): number {
    return this.sweep().passes[index] ?? 0;
  }

  /** The gradient step that started the backward pass containing `index` (-1 outside backward). */
  backwardStartOf(index: number): number {
    return this.sweep().backwardStarts[index] ?? -1;
  }

  /** The backward steps that sent gradient into `node` during the backward pass containing `index`. */
  contributionsTo(node: number, index: number): number[] {
    const start = this.backwardStartOf(index);
    if (start < 0) return [];
    const found: number[] = [];
    for (let i = start; i < index; i++) {
      const step = this.data.steps[i]!;
      if (step.kind === 'backward' && step.input === node) found.push(i);
    }
    return found;
  }

  /** The phase a step belongs to: the cheap part of `tags`, for sweeps over every step. */
  phaseOf(index: number): Phase {
    const step = this.step(index);
    switch (step.kind) {
      case 'forward':
        return this.node(step.node).meta.role === 'loss' ? 'loss' : 'forward';
      case 'backward':
      case 'gradient':
        return 'backward';
      case 'update':
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
    const step = this.step(index);
    if (step.kind !== 'backward') return this.node(step.node);
    const sender = this.node(step.node);
    return sender.meta.layer !== undefined ? sender : this.node(step.input);
  }

  tags(index: number): StepTags {
    const step = this.step(index);
    const pass = this.passOf(index);
    const about = this.node(step.kind === 'backward' ? step.input : step.node);
    const { layer, neuron, sample } = this.placeOf(index).meta;
    const where = {
      ...(layer !== undefined && { layer }),
      ...(neuron !== undefined && { neuron }),
      ...(sample !== undefined && { sample }),
    };
    const nodeRole = about.meta.role;
    const phase = this.phaseOf(index);
    switch (step.kind) {
      case 'forward':
        return { phase, role: (nodeRole && FORWARD_ROLES[nodeRole]) ?? 'op', pass, ...where };
      case 'backward':
      case 'gradient':
        return { phase, role: (nodeRole && GRADIENT_ROLES[nodeRole]) ?? 'op', pass, ...where };
      case 'update':
        return { phase, role: 'update', pass, ...where };
    }
  }

  private sweep(): { passes: Int32Array; backwardStarts: Int32Array } {
    if (this.passes === null || this.backwardStarts === null) {
      const steps = this.data.steps;
      const passes = new Int32Array(steps.length);
      const backwardStarts = new Int32Array(steps.length).fill(-1);
      let pass = 0;
      let start = -1;
      let previous: TraceStep['kind'] | null = null;
      steps.forEach((step, i) => {
        if (step.kind === 'forward' && previous === 'update') pass++;
        // Only the node backward starts from has no incoming contributions.
        if (step.kind === 'gradient' && step.contributions === 0) start = i;
        if (step.kind === 'backward' || step.kind === 'gradient') backwardStarts[i] = start;
        passes[i] = pass;
        previous = step.kind;
      });
      this.passes = passes;
      this.backwardStarts = backwardStarts;
    }
    return { passes: this.passes, backwardStarts: this.backwardStarts };
  }
}
