/**
 * What a player needs to know about a trace at any position, answered from the trace alone:
 * which node is a^{[l]}_j (of which pass, which sample), whether its value or gradient has been
 * computed yet at step s, and what it was. Built once per trace; every lookup is O(1) or O(log n).
 *
 * "At step s" means: after step s has run. Nothing computed later is ever returned, so a view
 * that asks here can never show a value early.
 */
import type { Trace } from '../../engine/trace';
import type { NodeRole, TraceNode } from '../../engine/trace-data';

/** Identifies a network value independently of node ids: role, layer, neuron (and input, sample). */
export interface NetworkKey {
  role: NodeRole;
  layer: number;
  neuron: number;
  /** k of a weight W_{jk}. */
  input?: number;
  sample?: number;
}

function keyText(pass: number, key: NetworkKey): string {
  return `${pass}|${key.role}|${key.layer}|${key.neuron}|${key.input ?? ''}|${key.sample ?? ''}`;
}

/** The last entry of an ascending list that is ≤ limit, or undefined. */
function lastAtOrBefore(sorted: readonly number[], limit: number): number | undefined {
  let low = 0;
  let high = sorted.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= limit) {
      found = sorted[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

export class TraceIndex {
  /** For each node, the index of the forward step that computed it (-1 for leaves). */
  private readonly computedAt: Int32Array;
  /**
   * For each node that received a gradient, the steps at which it became complete, ascending: the
   * backward step bringing its last contribution (or, where backward starts, its gradient step).
   */
  private readonly gradientSteps = new Map<number, number[]>();
  private readonly byKey = new Map<string, number>();
  /** For each parameter, the indices of its update steps, ascending. */
  private readonly updateSteps = new Map<number, number[]>();
  /** The backward step along each edge, keyed "node>input". */
  private readonly edgeSteps = new Map<string, number>();
  /** The loss node of each pass (the mean over the batch, or the one sample's loss). */
  private readonly lossNodes: number[] = [];
  /** How many passes the trace has (1 without an update, 2 with the forward pass after it). */
  readonly passCount: number;

  constructor(readonly trace: Trace) {
    const { nodes, steps } = trace.data;
    this.computedAt = new Int32Array(nodes.length).fill(-1);
    let passCount = 1;
    steps.forEach((step, i) => {
      if (step.kind === 'forward') {
        this.computedAt[step.node] = i;
        const pass = trace.passOf(i);
        passCount = Math.max(passCount, pass + 1);
        this.remember(pass, nodes[step.node]!);
        // The last loss computed in a pass is the total (per-sample losses come first).
        if (nodes[step.node]!.meta.role === 'loss') this.lossNodes[pass] = step.node;
      } else if (step.kind === 'backward') {
        this.edgeSteps.set(`${step.node}>${step.input}`, i);
        // The gradient is final the moment its last contribution arrives, whatever is recorded
        // after it, so a view shows δ on the very step whose formula computes it.
        if (step.contributionIndex === step.contributionCount) this.addGradientStep(step.input, i);
      } else if (step.kind === 'update') {
        const list = this.updateSteps.get(step.node);
        if (list === undefined) this.updateSteps.set(step.node, [i]);
        else list.push(i);
      } else if (step.kind === 'gradient' && step.contributions === 0) {
        this.addGradientStep(step.node, i);
      }
    });
    // Parameters and inputs are leaves: they belong to every pass.
    for (const node of nodes) {
      if (node.op !== 'leaf') continue;
      for (let pass = 0; pass < passCount; pass++) this.remember(pass, node);
    }
    this.passCount = passCount;
  }

  private addGradientStep(node: number, step: number): void {
    const list = this.gradientSteps.get(node);
    if (list === undefined) this.gradientSteps.set(node, [step]);
    else list.push(step);
  }

  private remember(pass: number, node: TraceNode): void {
    const { role, layer, neuron, input, sample } = node.meta;
    if (role === undefined || layer === undefined || (neuron === undefined && role !== 'loss')) return;
    const key: NetworkKey = { role, layer, neuron: neuron ?? 0 };
    if (input !== undefined) key.input = input;
    if (sample !== undefined) key.sample = sample;
    this.byKey.set(keyText(pass, key), node.id);
  }

  /** The node holding a network value in a pass, e.g. a^{[2]}_1 of pass 0. */
  find(pass: number, key: NetworkKey): number | undefined {
    return this.byKey.get(keyText(pass, key));
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
    const list = this.gradientSteps.get(id);
    return list === undefined ? undefined : lastAtOrBefore(list, step);
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
    const index = this.edgeSteps.get(`${node}>${input}`);
    if (index === undefined || index > step) return undefined;
    const edge = this.trace.step(index);
    return edge.kind === 'backward' ? edge.localDerivative : undefined;
  }

  /** The step that produced a node's value: its forward step, or for a leaf the last update before `step`. */
  producerOf(id: number, step: number): number | undefined {
    const computed = this.forwardStepOf(id);
    if (computed >= 0) return computed;
    const updates = this.updateSteps.get(id);
    return updates === undefined ? undefined : lastAtOrBefore(updates, step);
  }

  /** The nodes the step is about: the node and, for a backward step, the input it sends gradient to. */
  nodesOfStep(step: number): number[] {
    const current = this.trace.step(step);
    return current.kind === 'backward' ? [current.node, current.input] : [current.node];
  }
}
