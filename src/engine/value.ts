/**
 * A scalar node of the computation graph. Each op method builds a new Value through `Value.apply`,
 * which computes the output with the op's definition in ops.ts. `backward()` walks the graph in
 * reverse topological order applying the chain rule edge by edge. When a recorder is listening
 * (recorder.ts), both tell it what they did; the numbers are the same either way.
 */
import { formatNumber } from './format';
import { OPS, type OpName } from './ops';
import { currentRecorder } from './recorder';
import type { NodeMeta } from './trace-data';

export class EngineError extends Error {
  override name = 'EngineError';
}

const NO_ATTRS: readonly number[] = [];
// Shared, frozen defaults: thousands of nodes per training step need no object of their own
// (`with()` replaces a node's meta rather than changing it).
const NO_META: NodeMeta = Object.freeze({});
const CONSTANT_META: NodeMeta = Object.freeze({ role: 'constant' });
let nextId = 0;

/** The id the next Value made will get (ids only grow), so a recorder can number new nodes densely. */
export function nextValueId(): number {
  return nextId;
}
/** Stamps for the topological sort, so visiting needs no Set and no clearing. */
let visitStamp = 0;

export class Value {
  /** Unique across the process; used to name unlabelled nodes in messages. */
  readonly id = nextId++;
  data: number;
  /** ∂L/∂(this node) after the latest backward(). */
  grad = 0;
  readonly op: OpName;
  readonly inputs: readonly Value[];
  readonly attrs: readonly number[];
  /** False for constants and data: backward sends no gradient into them. */
  readonly requiresGrad: boolean;
  meta: NodeMeta;

  // Bookkeeping for backward; not part of the node's meaning.
  /** @internal */ visit = 0;
  /** @internal how many edges send gradient into this node in the current backward pass */ fanIn = 0;
  /** @internal how many of them have arrived */ received = 0;

  private constructor(data: number, op: OpName, inputs: readonly Value[], attrs: readonly number[], requiresGrad: boolean, meta: NodeMeta) {
    this.data = data;
    this.op = op;
    this.inputs = inputs;
    this.attrs = attrs;
    this.requiresGrad = requiresGrad;
    this.meta = meta;
  }

  /** A parameter or any value gradients should reach. */
  static leaf(data: number, meta: NodeMeta = NO_META): Value {
    return Value.makeLeaf(data, true, meta);
  }

  /** A constant or a data value: it takes part in the forward pass but receives no gradient. */
  static constant(data: number, meta: NodeMeta = CONSTANT_META): Value {
    return Value.makeLeaf(data, false, meta);
  }

  private static makeLeaf(data: number, requiresGrad: boolean, meta: NodeMeta): Value {
    if (!Number.isFinite(data)) throw new EngineError(`a leaf value must be a finite number, not ${data}${meta.label ? ` (${meta.label})` : ''}`);
    return new Value(data, 'leaf', [], NO_ATTRS, requiresGrad, meta);
  }

  /** Builds the node `op(inputs)`; every op method goes through here. */
  static apply(op: OpName, inputs: readonly Value[], attrs: readonly number[] = NO_ATTRS, meta: NodeMeta = NO_META): Value {
    checkDomain(op, inputs);
    const data = OPS[op].forward(inputs, attrs);
    if (!Number.isFinite(data)) {
      const operands = inputs.map((input) => `${nameOf(input)} = ${formatNumber(input.data)}`).join(', ');
      throw new EngineError(`${op} produced ${formatNumber(data)} from ${operands}`);
    }
    let requiresGrad = false;
    for (const input of inputs) requiresGrad ||= input.requiresGrad;
    const node = new Value(data, op, inputs, attrs, requiresGrad, meta);
    currentRecorder()?.forward(node);
    return node;
  }

  /** Sets the node's labels and tags (before it is shown; recording copies them at the end). */
  with(meta: NodeMeta): this {
    this.meta = { ...this.meta, ...meta };
    return this;
  }

  add(other: Value | number): Value {
    return Value.apply('add', [this, lift(other)]);
  }
  sub(other: Value | number): Value {
    return Value.apply('sub', [this, lift(other)]);
  }
  mul(other: Value | number): Value {
    return Value.apply('mul', [this, lift(other)]);
  }
  div(other: Value | number): Value {
    return Value.apply('div', [this, lift(other)]);
  }
  neg(): Value {
    return Value.apply('neg', [this]);
  }
  /** this^exponent for a constant exponent. */
  pow(exponent: number): Value {
    if (!Number.isFinite(exponent)) throw new EngineError(`pow needs a finite constant exponent, not ${exponent}`);
    return Value.apply('pow', [this], [exponent]);
  }
  exp(): Value {
    return Value.apply('exp', [this]);
  }
  log(): Value {
    return Value.apply('log', [this]);
  }
  tanh(): Value {
    return Value.apply('tanh', [this]);
  }
  sigmoid(): Value {
    return Value.apply('sigmoid', [this]);
  }
  relu(): Value {
    return Value.apply('relu', [this]);
  }
  /** The perceptron's threshold: 1 when ≥ 0, else 0. Forward only: its derivative is 0. */
  step(): Value {
    return Value.apply('step', [this]);
  }

  static sum(values: readonly Value[]): Value {
    if (values.length === 0) throw new EngineError('sum needs at least one value');
    return Value.apply('sum', values);
  }
  static mean(values: readonly Value[]): Value {
    if (values.length === 0) throw new EngineError('mean needs at least one value');
    return Value.apply('mean', values);
  }
  /** One neuron's weighted sum Σ_k weights_k · inputs_k + bias. */
  static linear(weights: readonly Value[], inputs: readonly Value[], bias: Value): Value {
    if (weights.length !== inputs.length) throw new EngineError(`linear: ${weights.length} weights but ${inputs.length} inputs`);
    return Value.apply('linear', [...weights, ...inputs, bias], [weights.length]);
  }
  /** The numerically stable softmax of `logits`, one node per output. */
  static softmax(logits: readonly Value[]): Value[] {
    return logits.map((_logit, s) => Value.apply('softmax', logits, [s]));
  }
  /** log Σ_k e^{logits_k}, computed without overflow. */
  static logSumExp(logits: readonly Value[]): Value {
    return Value.apply('logsumexp', logits);
  }

  /**
   * Sets every gradient reachable from this node (its ancestors that require gradients) by the
   * chain rule, starting from ∂this/∂this = 1. Gradients are reset first, so calling it twice
   * gives the same gradients, not twice them.
   */
  backward(): void {
    const order = prepareBackward(this);
    const recorder = currentRecorder();
    this.grad = 1;
    recorder?.gradient(this, 0);
    const completed: Value[] = [];
    for (let position = order.length - 1; position >= 0; position--) {
      const node = order[position]!;
      const inputs = node.inputs;
      if (inputs.length === 0) continue;
      const definition = OPS[node.op];
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i]!;
        if (!input.requiresGrad) continue;
        const localDerivative = definition.local(inputs, node.data, i, node.attrs);
        const contribution = node.grad * localDerivative;
        input.grad += contribution;
        if (!Number.isFinite(input.grad)) throw nonFiniteGradient(node, i, localDerivative);
        if (recorder !== null) {
          recorder.edge(node, i, localDerivative, contribution, ++input.received, input.fanIn);
          if (input.received === input.fanIn) completed.push(input);
        }
      }
      if (recorder !== null && completed.length > 0) {
        // Say which gradients this node completed once its edges are done, so the node's edges
        // stay together: parameters first (they are finished for good), then the values
        // backward moves on to.
        for (const input of completed) if (input.inputs.length === 0) recorder.gradient(input, input.fanIn);
        for (const input of completed) if (input.inputs.length > 0) recorder.gradient(input, input.fanIn);
        completed.length = 0;
      }
    }
  }

  /** One gradient-descent update of this parameter, θ ← θ − α ∂ℒ/∂θ with α = `learningRate`. */
  descend(learningRate: number): void {
    const oldValue = this.data;
    const newValue = oldValue - learningRate * this.grad;
    if (!Number.isFinite(newValue)) throw new EngineError(`the update of ${this.meta.label ?? 'a parameter'} gave ${formatNumber(newValue)}: the step diverged`);
    this.data = newValue;
    currentRecorder()?.update(this, oldValue, learningRate);
  }
}

function lift(other: Value | number): Value {
  return typeof other === 'number' ? Value.constant(other) : other;
}

/** The node's label, or a name that still identifies it. */
export function nameOf(value: Value): string {
  return value.meta.label ?? `node #${value.id}`;
}

/**
 * The backward pass's counterpart of the forward check in `apply`: a gradient that overflows or
 * becomes NaN (log at 1e-310 has slope 1e310) is reported at the edge where it happened.
 */
function nonFiniteGradient(node: Value, i: number, localDerivative: number): EngineError {
  const input = node.inputs[i]!;
  return new EngineError(
    `the gradient of ${nameOf(input)} became ${formatNumber(input.grad)} in the backward pass, through ${OPS[node.op].description} ${nameOf(node)} ` +
      `(gradient ${formatNumber(node.grad)}, local derivative ${formatNumber(localDerivative)} at ${nameOf(input)} = ${formatNumber(input.data)})`,
  );
}

/** Domain errors get a message that says which node is at fault, before any NaN appears. */
function checkDomain(op: OpName, inputs: readonly Value[]): void {
  if (op === 'log' && inputs[0]!.data <= 0) {
    throw new EngineError(`log of a non-positive number: ${nameOf(inputs[0]!)} = ${formatNumber(inputs[0]!.data)}`);
  }
  if (op === 'div' && inputs[1]!.data === 0) {
    throw new EngineError(`division by zero: ${nameOf(inputs[1]!)} = 0`);
  }
}

/**
 * Every node that `root` depends on and that requires a gradient, inputs before the nodes that use
 * them (depth-first postorder), each with its gradient reset and its incoming edges counted.
 * Iterative, so a 100,000-node chain needs no deep call stack. Inputs are explored last to first,
 * so that walking the order backwards visits a layer's neurons as 1, 2, 3 …, the order a person
 * reads them in.
 */
function prepareBackward(root: Value): Value[] {
  const stamp = ++visitStamp;
  const order: Value[] = [];
  const stack: Value[] = [root];
  const inputsLeft: number[] = [root.inputs.length];
  reset(root, stamp);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top]!;
    const remaining = inputsLeft[top]!;
    if (remaining > 0) {
      inputsLeft[top] = remaining - 1;
      const input = node.inputs[remaining - 1]!;
      if (!input.requiresGrad) continue;
      if (input.visit !== stamp) {
        reset(input, stamp);
        stack.push(input);
        inputsLeft.push(input.inputs.length);
      }
      // Each edge is met exactly once here, so this counts the contributions backward will send.
      input.fanIn++;
    } else {
      stack.pop();
      inputsLeft.pop();
      order.push(node);
    }
  }
  return order;
}

function reset(node: Value, stamp: number): void {
  node.visit = stamp;
  node.grad = 0;
  node.fanIn = 0;
  node.received = 0;
}
