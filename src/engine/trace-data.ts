/**
 * The recorded trace as plain data: what a player replays, what `tracegrad trace --format json`
 * prints, and what survives JSON.stringify / JSON.parse unchanged. Node ids are indices into
 * `nodes`; step order is the order things happened.
 */
import type { OpName } from './ops';

/** What a node is in the network, so a player can group and colour steps. */
export const NODE_ROLES = ['input', 'weight', 'bias', 'pre-activation', 'activation', 'loss', 'constant', 'internal'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

export interface NodeMeta {
  /** TeX name of the value, e.g. "W^{[2]}_{11}". */
  label?: string;
  /** TeX name of ∂L/∂(this node) when it has a conventional one, e.g. "\delta^{[2]}_{1}". */
  gradLabel?: string;
  role?: NodeRole;
  /** Layer l (1-based; 0 for the input). */
  layer?: number;
  /** Neuron j within the layer (1-based). */
  neuron?: number;
  /** Input k of a weight W_{jk} (1-based). */
  input?: number;
  /** Sample i of a batch (1-based). */
  sample?: number;
}

export interface TraceNode {
  id: number;
  op: OpName;
  /** Ids of the input nodes, in the op's order. */
  inputs: number[];
  /** Constant parameters of the op: an exponent, a softmax index, a loss's targets. */
  attrs: number[];
  /** The value when the node entered the trace (parameters may change later by update steps). */
  value: number;
  requiresGrad: boolean;
  meta: NodeMeta;
}

export interface ForwardStep {
  kind: 'forward';
  node: number;
  value: number;
}

/** One application of the chain rule along one edge: ∂L/∂input += ∂L/∂node · ∂node/∂input. */
export interface BackwardStep {
  kind: 'backward';
  /** The node whose gradient flows back. */
  node: number;
  /** The input receiving it, and its position among the node's inputs. */
  input: number;
  inputIndex: number;
  /** ∂L/∂node. */
  upstreamGrad: number;
  /** ∂node/∂input. */
  localDerivative: number;
  /** Their product. */
  contribution: number;
  /** ∂L/∂input after adding the contribution. */
  accumulatedGrad: number;
  /** This is contribution number `contributionIndex` of `contributionCount` into the input. */
  contributionIndex: number;
  contributionCount: number;
}

/** The node's gradient is complete: every contribution has arrived. */
export interface GradientStep {
  kind: 'gradient';
  node: number;
  grad: number;
  /** How many edges contributed (0 for the node backward started from, where ∂L/∂L = 1). */
  contributions: number;
}

export interface UpdateStep {
  kind: 'update';
  node: number;
  oldValue: number;
  grad: number;
  learningRate: number;
  newValue: number;
}

export type TraceStep = ForwardStep | BackwardStep | GradientStep | UpdateStep;

export interface TraceData {
  format: 'tracegrad-trace';
  version: 1;
  nodes: TraceNode[];
  steps: TraceStep[];
}
