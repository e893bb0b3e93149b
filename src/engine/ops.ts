/**
 * Every operation the engine knows, each in one place: how it computes its output and the local
 * derivative ∂out/∂input that backward multiplies by (lesson 10 builds the same table by hand).
 * How each op is written in TeX is op-tex.ts, keyed by the same names. Adding an op is one entry
 * here, one there, and, if it should be a method, one line in value.ts.
 */

export type OpName =
  | 'leaf'
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'neg'
  | 'pow'
  | 'exp'
  | 'log'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'step'
  | 'sum'
  | 'mean'
  | 'linear'
  | 'softmax'
  | 'logsumexp'
  | 'half_sse'
  | 'mse'
  | 'bce'
  | 'cross_entropy';

/** Anything with a numeric value: a Value, or a value as it was at some step of a trace. */
export interface Operand {
  readonly data: number;
}

export interface OpDefinition {
  /** Words for narration: "the sum", "the sigmoid". */
  readonly description: string;
  /** The op's usual symbol in plain text, as the graph view draws it: "Σ", "σ", "×" (see symbolOfOp). */
  readonly symbol: string;
  forward(inputs: readonly Operand[], attrs: readonly number[]): number;
  /** ∂out/∂inputs[i] at the current values. */
  local(inputs: readonly Operand[], out: number, i: number, attrs: readonly number[]): number;
  /** Said beside every backward step through this op, when there is something to say. */
  readonly backwardNote?: string;
}

function stableSigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const ex = Math.exp(x);
  return ex / (1 + ex);
}

/** log(Σ e^{x_k}) without overflow: shift by the largest input first. */
export function logSumExp(inputs: readonly Operand[]): number {
  let max = -Infinity;
  for (const input of inputs) if (input.data > max) max = input.data;
  let total = 0;
  for (const input of inputs) total += Math.exp(input.data - max);
  return max + Math.log(total);
}

/** Output k of the softmax of `inputs`. */
export function softmaxAt(inputs: readonly Operand[], k: number): number {
  return Math.exp(inputs[k]!.data - logSumExp(inputs));
}

/** softplus(x) = log(1 + e^x), stable for large |x| (the batched losses use it too). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** A function of one number, y = value(x), with its slope dy/dx written from x and y. */
export interface UnaryFunction {
  value(x: number): number;
  slope(x: number, y: number): number;
}

/**
 * The one-input ops as functions of plain numbers. The ops below are made from these, and so are
 * the activations that work on numbers rather than Values (nn/activations.ts, the tensor engine,
 * the lessons' pictures), so each function and its derivative is written once.
 */
export const UNARY_FUNCTIONS: Readonly<Record<'neg' | 'exp' | 'log' | 'tanh' | 'sigmoid' | 'relu' | 'step', UnaryFunction>> = {
  neg: { value: (x) => -x, slope: () => -1 },
  exp: { value: Math.exp, slope: (_x, y) => y },
  log: { value: Math.log, slope: (x) => 1 / x },
  tanh: { value: Math.tanh, slope: (_x, y) => 1 - y * y },
  sigmoid: { value: stableSigmoid, slope: (_x, y) => y * (1 - y) },
  relu: { value: (x) => (x > 0 ? x : 0), slope: (x) => (x > 0 ? 1 : 0) },
  step: { value: (x) => (x >= 0 ? 1 : 0), slope: () => 0 },
};

/** The slope of `fn` at x, for pictures that draw a derivative as a curve of x alone. */
export function slopeAt(fn: UnaryFunction, x: number): number {
  return fn.slope(x, fn.value(x));
}

/** The op of one input made from `fn`: out = fn(x), ∂out/∂x = fn's slope. */
function unary(description: string, symbol: string, fn: UnaryFunction): OpDefinition {
  return {
    description,
    symbol,
    forward: (inputs) => fn.value(inputs[0]!.data),
    local: (inputs, out) => fn.slope(inputs[0]!.data, out),
  };
}

export const OPS: Record<OpName, OpDefinition> = {
  leaf: {
    symbol: 'leaf',
    description: 'a given value',
    forward: () => Number.NaN,
    local: () => 0,
  },
  add: {
    symbol: '+',
    description: 'the sum',
    forward: (x) => x[0]!.data + x[1]!.data,
    local: () => 1,
  },
  sub: {
    symbol: '−',
    description: 'the difference',
    forward: (x) => x[0]!.data - x[1]!.data,
    local: (_x, _out, i) => (i === 0 ? 1 : -1),
  },
  mul: {
    symbol: '×',
    description: 'the product',
    forward: (x) => x[0]!.data * x[1]!.data,
    local: (x, _out, i) => x[1 - i]!.data,
  },
  div: {
    symbol: '÷',
    description: 'the quotient',
    forward: (x) => x[0]!.data / x[1]!.data,
    local: (x, _out, i) => (i === 0 ? 1 / x[1]!.data : -x[0]!.data / (x[1]!.data * x[1]!.data)),
  },
  neg: unary('the negation', '−', UNARY_FUNCTIONS.neg),
  pow: {
    symbol: '^',
    description: 'the power',
    forward: (x, attrs) => Math.pow(x[0]!.data, attrs[0]!),
    local: (x, _out, _i, attrs) => attrs[0]! * Math.pow(x[0]!.data, attrs[0]! - 1),
  },
  exp: unary('the exponential', 'exp', UNARY_FUNCTIONS.exp),
  log: unary('the natural logarithm', 'log', UNARY_FUNCTIONS.log),
  tanh: unary('the hyperbolic tangent', 'tanh', UNARY_FUNCTIONS.tanh),
  sigmoid: unary('the sigmoid', 'σ', UNARY_FUNCTIONS.sigmoid),
  relu: unary('the ReLU', 'ReLU', UNARY_FUNCTIONS.relu),
  step: {
    ...unary('the step function', 'step', UNARY_FUNCTIONS.step),
    backwardNote: 'The step function is flat on both sides of 0, so its derivative is 0: no gradient flows back through it.',
  },
  sum: {
    symbol: 'Σ',
    description: 'the sum',
    forward: (x) => {
      let total = 0;
      for (const input of x) total += input.data;
      return total;
    },
    local: () => 1,
  },
  mean: {
    symbol: 'mean',
    description: 'the mean',
    forward: (x) => {
      let total = 0;
      for (const input of x) total += input.data;
      if (Number.isFinite(total)) return total / x.length;
      // The sum overflowed though the mean may not: mean([1e308, 1e308]) is 1e308. Dividing each
      // term first keeps it finite (at a rounding cost paid only here).
      let mean = 0;
      for (const input of x) mean += input.data / x.length;
      return mean;
    },
    local: (x) => 1 / x.length,
  },
  // Inputs are [w_1 … w_n, x_1 … x_n, b]: one neuron's weighted sum Σ_k w_k x_k + b. One op per
  // neuron keeps the trace in the slides' terms (δ times an input gives a weight's gradient).
  linear: {
    symbol: 'Σ',
    description: 'the weighted sum',
    forward: (x, attrs) => {
      const n = attrs[0]!;
      let total = x[2 * n]!.data;
      for (let k = 0; k < n; k++) total += x[k]!.data * x[n + k]!.data;
      return total;
    },
    local: (x, _out, i, attrs) => {
      const n = attrs[0]!;
      if (i < n) return x[n + i]!.data;
      if (i < 2 * n) return x[i - n]!.data;
      return 1;
    },
  },
  // attrs[0] = s: this node is output s of the softmax of all its inputs.
  softmax: {
    symbol: 'softmax',
    description: 'the softmax',
    forward: (x, attrs) => softmaxAt(x, attrs[0]!),
    local: (x, out, i, attrs) => (i === attrs[0] ? out * (1 - out) : -out * softmaxAt(x, i)),
  },
  logsumexp: {
    symbol: 'LSE',
    description: 'the log-sum-exp',
    forward: (x) => logSumExp(x),
    local: (x, _out, i) => softmaxAt(x, i),
  },
  // Losses take the targets as attrs (they are data, not nodes that need gradients).
  half_sse: {
    symbol: 'half_sse',
    description: 'the half sum of squared errors',
    forward: (x, targets) => {
      let total = 0;
      x.forEach((input, k) => (total += (input.data - targets[k]!) ** 2));
      return total / 2;
    },
    local: (x, _out, i, targets) => x[i]!.data - targets[i]!,
  },
  mse: {
    symbol: 'mse',
    description: 'the mean squared error',
    forward: (x, targets) => {
      let total = 0;
      x.forEach((input, k) => (total += (input.data - targets[k]!) ** 2));
      return total / x.length;
    },
    local: (x, _out, i, targets) => (2 * (x[i]!.data - targets[i]!)) / x.length,
  },
  // Binary cross-entropy computed from the logits a_k (ŷ_k = σ(a_k)), so a saturated sigmoid
  // never takes the log of 0: −[y log σ(a) + (1−y) log(1−σ(a))] = softplus(a) − y·a.
  bce: {
    symbol: 'bce',
    description: 'the binary cross-entropy',
    forward: (x, targets) => {
      let total = 0;
      x.forEach((input, k) => (total += softplus(input.data) - targets[k]! * input.data));
      return total / x.length;
    },
    local: (x, _out, i, targets) => (stableSigmoid(x[i]!.data) - targets[i]!) / x.length,
  },
  // −log softmax(a)_c for the class index c = attrs[0], as log Σ e^{a_k} − a_c (stable).
  cross_entropy: {
    symbol: 'cross_entropy',
    description: 'the cross-entropy',
    forward: (x, attrs) => logSumExp(x) - x[attrs[0]!]!.data,
    local: (x, _out, i, attrs) => softmaxAt(x, i) - (i === attrs[0] ? 1 : 0),
  },
};

/** The symbol of an op node: the op's own, with the exponent for a power (`^2`). */
export function symbolOfOp(op: OpName, attrs: readonly number[]): string {
  return op === 'pow' ? `^${attrs[0] ?? ''}` : OPS[op].symbol;
}

/** ŷ_k for the loss ops that work on logits: what the network predicts for output k. */
export function predictionOf(op: OpName, inputs: readonly Operand[], k: number): number {
  if (op === 'bce') return stableSigmoid(inputs[k]!.data);
  if (op === 'cross_entropy') return softmaxAt(inputs, k);
  return inputs[k]!.data;
}

/** y_k for a loss op: its targets, or the one-hot encoding of its class index. */
export function targetOf(op: OpName, attrs: readonly number[], k: number): number {
  if (op === 'cross_entropy') return k === attrs[0] ? 1 : 0;
  return attrs[k] ?? Number.NaN;
}
