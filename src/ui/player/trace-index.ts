/**
 * What a player needs to know about a trace at any position, answered from the trace alone:
 * which node is a^{[l]}_j (of which pass, which sample), whether its value or gradient has been
 * computed yet at step s, and what it was. Built once per trace; every lookup is O(1) or O(log n).
 *
 * "At step s" means: after step s has run. Nothing computed later is ever returned, so a view
 * that asks here can never show a value early.
 */
import { StepsByNode, type Trace } from '../../engine/trace';
import { NODE_ROLES, type NodeRole, type TraceNode } from '../../engine/trace-data';

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

  constructor(nodes: readonly TraceNode[]) {
    let layer = 0, neuron = 0, input = 0, sample = 0;
    for (const { meta } of nodes) {
      layer = Math.max(layer, meta.layer ?? 0);
      neuron = Math.max(neuron, meta.neuron ?? 0);
      input = Math.max(input, meta.input ?? 0);
      sample = Math.max(sample, meta.sample ?? 0);
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
  private readonly byKey: Map<number, number>[] = [];
  private readonly leavesByKey = new Map<number, number>();
  /** The backward step along each edge, keyed node × (node count) + input. */
  private readonly edgeSteps = new Map<number, number>();
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
    const { nodes, steps } = trace.data;
    this.computedAt = new Int32Array(nodes.length).fill(-1);
    this.keys = new KeyCoder(nodes);
    const gradientNodes: number[] = [];
    const gradientIndices: number[] = [];
    let passCount = 1;
    steps.forEach((step, i) => {
      if (step.kind === 'forward') {
        this.computedAt[step.node] = i;
        const pass = trace.passOf(i);
        passCount = Math.max(passCount, pass + 1);
        this.remember((this.byKey[pass] ??= new Map()), nodes[step.node]!);
        // The last loss computed in a pass is the total (per-sample losses come first).
        if (nodes[step.node]!.meta.role === 'loss') this.lossNodes[pass] = step.node;
      } else if (step.kind === 'backward') {
        this.edgeSteps.set(step.node * nodes.length + step.input, i);
        // The gradient is final the moment its last contribution arrives, whatever is recorded
        // after it, so a view shows δ on the very step whose formula computes it.
        if (step.contributionIndex === step.contributionCount) {
          gradientNodes.push(step.input);
          gradientIndices.push(i);
        }
      } else if (step.kind === 'gradient' && step.contributions === 0) {
        gradientNodes.push(step.node);
        gradientIndices.push(i);
      }
    });
    this.gradientSteps = new StepsByNode(nodes.length, gradientNodes, gradientIndices);
    // Parameters and inputs are leaves: they belong to every pass.
    for (const node of nodes) if (node.op === 'leaf') this.remember(this.leavesByKey, node);
    this.passCount = passCount;
  }

  private remember(map: Map<number, number>, node: TraceNode): void {
    const { role, layer, neuron, input, sample } = node.meta;
    if (role === undefined || layer === undefined || (neuron === undefined && role !== 'loss')) return;
    const key: NetworkKey = { role, layer, neuron: neuron ?? 0 };
    if (input !== undefined) key.input = input;
    if (sample !== undefined) key.sample = sample;
    const code = this.keys.code(key);
    if (code !== undefined) map.set(code, node.id);
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
    const completing = this.trace.step(index);
    if (completing.kind === 'backward') return completing.accumulatedGrad;
    return completing.kind === 'gradient' ? completing.grad : undefined;
  }

  /** The local derivative ∂node/∂input recorded along an edge, once backward has crossed it by `step`. */
  localDerivativeAfter(node: number, input: number, step: number): number | undefined {
    const index = this.edgeSteps.get(node * this.trace.data.nodes.length + input);
    if (index === undefined || index > step) return undefined;
    const edge = this.trace.step(index);
    return edge.kind === 'backward' ? edge.localDerivative : undefined;
  }

  /** The step that produced a node's value: its forward step, or for a leaf the last update before `step`. */
  producerOf(id: number, step: number): number | undefined {
    const computed = this.forwardStepOf(id);
    if (computed >= 0) return computed;
    return this.trace.updateSteps().lastAtOrBefore(id, step);
  }

  /** The nodes the step is about: the node and, for a backward step, the input it sends gradient to. */
  nodesOfStep(step: number): number[] {
    const current = this.trace.step(step);
    return current.kind === 'backward' ? [current.node, current.input] : [current.node];
  }
}
