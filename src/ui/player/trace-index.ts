/**
 * What a player needs to know about a trace at any position, answered from the trace alone:
 * which node is a^{[l]}_j (of which pass, which sample), whether its value or gradient has been
 * computed yet at step s, and what it was. Built once per trace; every lookup is O(1) or O(log n).
 *
 * "At step s" means: after step s has run. Nothing computed later is ever returned, so a view
 * that asks here can never show a value early.
 */
import { StepsByNode, type Trace } from '../../engine/trace';
import { NODE_ROLES, type NodeRole } from '../../engine/trace-data';

/** Identifies a network value independently of node ids: role, layer, neuron (and input, sample). */
export interface NetworkKey {
  role: NodeRole;
  layer: number;
  neuron: number;
  /** k of a weight W_{jk}. */
  input?: number;
  sample?: number;
}

/**
 * Network keys as single numbers: role, layer, neuron, input and sample in mixed radix, each
 * radix one more than the largest value in the trace (0 stands for "absent"). A number keys a Map
 * much faster than a string, which matters with a key for each of 100,000 weights.
 */
class KeyCoder {
  private readonly layers: number;
  private readonly neurons: number;
  private readonly inputs: number;
  private readonly samples: number;

  constructor(trace: Trace) {
    let layer = 0, neuron = 0, input = 0, sample = 0;
    for (let id = 0; id < trace.nodeCount; id++) {
      layer = Math.max(layer, trace.placeField(id, 'layer') ?? 0);
      neuron = Math.max(neuron, trace.placeField(id, 'neuron') ?? 0);
      input = Math.max(input, trace.placeField(id, 'input') ?? 0);
      sample = Math.max(sample, trace.placeField(id, 'sample') ?? 0);
    }
    this.layers = layer + 1;
    this.neurons = neuron + 1;
    this.inputs = input + 1;
    this.samples = sample + 1;
  }

  /** The key's number, or undefined for a key no node of the trace can have. */
  code(key: NetworkKey): number | undefined {
    const role = NODE_ROLES.indexOf(key.role);
    const input = key.input ?? 0;
    const sample = key.sample ?? 0;
    if (role < 0 || key.layer < 0 || key.layer >= this.layers || key.neuron < 0 || key.neuron >= this.neurons || input < 0 || input >= this.inputs || sample < 0 || sample >= this.samples) return undefined;
    return (((role * this.layers + key.layer) * this.neurons + key.neuron) * this.inputs + input) * this.samples + sample;
  }
}

/**
 * Nodes by key code: the codes ascending in one typed array, the nodes beside them, looked up by
 * binary search. A Map would take several times the memory for the 100,000 weights of an MNIST
 * network. Where nodes share a code, the one given last wins.
 */
class KeyTable {
  private readonly codes: Float64Array;
  private readonly nodes: Int32Array;

  constructor(codes: readonly number[], nodes: readonly number[]) {
    // A stable sort keeps nodes with the same code in the order given.
    const order = Array.from(codes.keys()).sort((p, q) => codes[p]! - codes[q]! || p - q);
    this.codes = Float64Array.from(order, (i) => codes[i]!);
    this.nodes = Int32Array.from(order, (i) => nodes[i]!);
  }

  get(code: number): number | undefined {
    // The last entry with a code ≤ `code`.
    let low = 0;
    let high = this.codes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.codes[middle]! <= code) low = middle + 1;
      else high = middle;
    }
    return low > 0 && this.codes[low - 1] === code ? this.nodes[low - 1] : undefined;
  }
}

export class TraceIndex {
  /** For each node, the index of the forward step that computed it (-1 for leaves). */
  private readonly computedAt: Int32Array;
  /**
   * For each node that received a gradient, the steps at which it became complete, ascending: the
   * backward step bringing its last contribution (or, where backward starts, its gradient step).
   */
  private readonly gradientSteps: StepsByNode;
  private readonly keys: KeyCoder;
  /** The computed nodes of each pass by key, and the leaves (which belong to every pass). */
  private readonly byKey: KeyTable[];
  private readonly leavesByKey: KeyTable;
  /**
   * The last backward step along each edge, by the edge's place among the trace's node inputs
   * (node n's inputs begin at edgeStarts[n]); -1 where backward never crossed it.
   */
  private readonly edgeSteps: Int32Array;
  private readonly edgeStarts: Int32Array;
  /** The loss node of each pass (the mean over the batch, or the one sample's loss). */
  private readonly lossNodes: number[] = [];
  /** How many passes the trace has (1 without an update, 2 with the forward pass after it). */
  readonly passCount: number;

  private static readonly built = new WeakMap<Trace, TraceIndex>();

  /**
   * The index of a trace, built on first use and then shared: an owner can build it ahead (for a
   * 300,000-step trace it takes a moment) and the player finds it ready.
   */
  static of(trace: Trace): TraceIndex {
    let index = TraceIndex.built.get(trace);
    if (index === undefined) {
      index = new TraceIndex(trace);
      TraceIndex.built.set(trace, index);
    }
    return index;
  }

  constructor(readonly trace: Trace) {
    // Everything is read from the trace's columns, step by step and node by node, without
    // building an object for each: a digit's trace has 300,000 steps.
    const nodeCount = trace.nodeCount;
    this.computedAt = new Int32Array(nodeCount).fill(-1);
    this.keys = new KeyCoder(trace);
    this.edgeStarts = new Int32Array(nodeCount + 1);
    for (let id = 0; id < nodeCount; id++) this.edgeStarts[id + 1] = this.edgeStarts[id]! + trace.inputsOf(id).length;
    this.edgeSteps = new Int32Array(this.edgeStarts[nodeCount]!).fill(-1);
    const byKey: { codes: number[]; nodes: number[] }[] = [];
    const gradientNodes: number[] = [];
    const gradientIndices: number[] = [];
    let passCount = 1;
    for (let i = 0; i < trace.length; i++) {
      const kind = trace.kindOf(i);
      const node = trace.nodeOfStep(i);
      if (kind === 'forward') {
        this.computedAt[node] = i;
        const pass = trace.passOf(i);
        passCount = Math.max(passCount, pass + 1);
        this.remember((byKey[pass] ??= { codes: [], nodes: [] }), node);
        // The last loss computed in a pass is the total (per-sample losses come first).
        if (trace.roleOf(node) === 'loss') this.lossNodes[pass] = node;
      } else if (kind === 'backward') {
        const input = trace.inputOfStep(i);
        this.edgeSteps[this.edgeStarts[node]! + trace.inputIndexOfStep(i)] = i;
        // The gradient is final the moment its last contribution arrives, whatever is recorded
        // after it, so a view shows δ on the very step whose formula computes it.
        const [contributionIndex, contributionCount] = trace.contributionCountsOf(i)!;
        if (contributionIndex === contributionCount) {
          gradientNodes.push(input);
          gradientIndices.push(i);
        }
      } else if (kind === 'gradient' && trace.contributionCountsOf(i)![1] === 0) {
        gradientNodes.push(node);
        gradientIndices.push(i);
      }
    }
    this.gradientSteps = new StepsByNode(nodeCount, gradientNodes, gradientIndices);
    this.byKey = Array.from(byKey, (entries) => new KeyTable(entries?.codes ?? [], entries?.nodes ?? []));
    // Parameters and inputs are leaves: they belong to every pass.
    const leaves = { codes: [], nodes: [] };
    for (let id = 0; id < nodeCount; id++) if (trace.op(id) === 'leaf') this.remember(leaves, id);
    this.leavesByKey = new KeyTable(leaves.codes, leaves.nodes);
    this.passCount = passCount;
  }

  private remember(table: { codes: number[]; nodes: number[] }, id: number): void {
    const { trace } = this;
    const role = trace.roleOf(id);
    const layer = trace.placeField(id, 'layer');
    const neuron = trace.placeField(id, 'neuron');
    if (role === undefined || layer === undefined || (neuron === undefined && role !== 'loss')) return;
    const key: NetworkKey = { role, layer, neuron: neuron ?? 0 };
    const input = trace.placeField(id, 'input');
    const sample = trace.placeField(id, 'sample');
    if (input !== undefined) key.input = input;
    if (sample !== undefined) key.sample = sample;
    const code = this.keys.code(key);
    if (code === undefined) return;
    table.codes.push(code);
    table.nodes.push(id);
  }

  /** The node holding a network value in a pass, e.g. a^{[2]}_1 of pass 0. */
  find(pass: number, key: NetworkKey): number | undefined {
    const code = this.keys.code(key);
    if (code === undefined || pass < 0 || pass >= this.passCount) return undefined;
    return this.leavesByKey.get(code) ?? this.byKey[pass]?.get(code);
  }

  /** The loss node of a pass (the mean over the batch, or the one sample's loss). */
  lossNode(pass: number): number | undefined {
    return this.lossNodes[pass];
  }

  /** The forward step that computed a node (-1 for leaves, which are given). */
  forwardStepOf(id: number): number {
    return this.computedAt[id] ?? -1;
  }

  /** The node's value after step `step`, or undefined if it has not been computed yet. */
  valueAfter(id: number, step: number): number | undefined {
    const computed = this.forwardStepOf(id);
    if (computed > step) return undefined;
    return this.trace.valueAt(id, step + 1);
  }

  /** The step at or before `step` at which the node's gradient became complete, if it has. */
  gradientStepOf(id: number, step: number): number | undefined {
    return this.gradientSteps.lastAtOrBefore(id, step);
  }

  /** ∂L/∂node after step `step`, or undefined while it is not yet complete. */
  gradAfter(id: number, step: number): number | undefined {
    const index = this.gradientStepOf(id, step);
    if (index === undefined) return undefined;
    return this.trace.gradAfterStep(index);
  }

  /** The local derivative ∂node/∂input recorded along an edge, once backward has crossed it by `step`. */
  localDerivativeAfter(node: number, input: number, step: number): number | undefined {
    if (!(node >= 0 && node < this.trace.nodeCount)) return undefined;
    // The last crossing of any of the edges from the input (x·x has two).
    const inputs = this.trace.inputsOf(node);
    let index = -1;
    for (let k = 0; k < inputs.length; k++) if (inputs[k] === input) index = Math.max(index, this.edgeSteps[this.edgeStarts[node]! + k]!);
    if (index < 0 || index > step) return undefined;
    return this.trace.localDerivativeOf(index);
  }

  /** The step that produced a node's value: its forward step, or for a leaf the last update before `step`. */
  producerOf(id: number, step: number): number | undefined {
    const computed = this.forwardStepOf(id);
    if (computed >= 0) return computed;
    return this.trace.updateSteps().lastAtOrBefore(id, step);
  }

  /** The nodes the step is about: the node and, for a backward step, the input it sends gradient to. */
  nodesOfStep(step: number): number[] {
    const node = this.trace.nodeOfStep(step);
    return this.trace.kindOf(step) === 'backward' ? [node, this.trace.inputOfStep(step)] : [node];
  }
}
