/**
 * Every operation the engine knows, each in one place: how it computes its output, the local
 * derivative ∂out/∂input that backward multiplies by, and the TeX that shows both. Adding an op is
 * one entry in OPS (plus, if it should be a method, one line in value.ts).
 *
 * Templates receive operand "atoms": TeX labels when the rule is written in symbols, numbers when
 * it is written with the numbers put in. The same template serves both, so the two lines of a
 * formula card can never disagree about the shape of the rule.
 */

import { texOperand } from './format';

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

export interface TexContext {
  /** One atom per input: its label, or its number in operand form. */
  readonly ins: readonly string[];
  /** The output's atom. */
  readonly out: string;
  readonly attrs: readonly number[];
  /** The inputs' values at this point (numeric templates may show derived numbers). */
  readonly values: readonly Operand[];
  /** What goes between two factors: a thin space between symbols, × between numbers. */
  readonly times: string;
  readonly numeric: boolean;
  /** The target y_k of a loss op: its symbol, or its number. */
  target(k: number): string;
  /** The prediction ŷ_k of a loss op on logits: its symbol, or its number. */
  predicted(k: number): string;
}

export interface OpDefinition {
  /** Words for narration: "the sum", "the sigmoid". */
  readonly description: string;
  forward(inputs: readonly Operand[], attrs: readonly number[]): number;
  /** ∂out/∂inputs[i] at the current values. */
  local(inputs: readonly Operand[], out: number, i: number, attrs: readonly number[]): number;
  /** The right-hand side of out = …, e.g. "\sigma(a^{[1]}_1)". */
  texForward(ctx: TexContext): string;
  /** ∂out/∂inputs[i] written with the atoms of ctx. */
  texLocal(ctx: TexContext, i: number): string;
  /** Said beside every backward step through this op, when there is something to say. */
  readonly backwardNote?: string;
}

/** Long sums keep their first and last terms so a 784-input neuron still fits on a slide. */
export function joinTerms(terms: readonly string[], separator = ' + '): string {
  if (terms.length <= 8) return terms.join(separator);
  return [...terms.slice(0, 3), '\\cdots', ...terms.slice(-2)].join(separator);
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

function softmaxAt(inputs: readonly Operand[], k: number): number {
  return Math.exp(inputs[k]!.data - logSumExp(inputs));
}

/** softplus(x) = log(1 + e^x), stable for large |x|. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

const at = (list: readonly string[], i: number): string => list[i] ?? '?';
const power = (base: string, exponent: string): string => `{${base}}^{${exponent}}`;
const oneOver = (n: number): string => (n === 1 ? '' : `\\tfrac{1}{${n}}`);

function unary(
  description: string,
  forward: (x: number) => number,
  local: (x: number, out: number) => number,
  texForward: (x: string, ctx: TexContext) => string,
  texLocal: (x: string, ctx: TexContext) => string,
): OpDefinition {
  return {
    description,
    forward: (inputs) => forward(inputs[0]!.data),
    local: (inputs, out) => local(inputs[0]!.data, out),
    texForward: (ctx) => texForward(at(ctx.ins, 0), ctx),
    texLocal: (ctx) => texLocal(at(ctx.ins, 0), ctx),
  };
}

function squaredErrorTerms(ctx: TexContext): string[] {
  return ctx.ins.map((x, k) => `\\left(${x} - ${ctx.target(k)}\\right)^2`);
}

export const OPS: Record<OpName, OpDefinition> = {
  leaf: {
    description: 'a given value',
    forward: () => Number.NaN,
    local: () => 0,
    texForward: (ctx) => ctx.out,
    texLocal: () => '0',
  },
  add: {
    description: 'the sum',
    forward: (x) => x[0]!.data + x[1]!.data,
    local: () => 1,
    texForward: (ctx) => `${at(ctx.ins, 0)} + ${at(ctx.ins, 1)}`,
    texLocal: () => '1',
  },
  sub: {
    description: 'the difference',
    forward: (x) => x[0]!.data - x[1]!.data,
    local: (_x, _out, i) => (i === 0 ? 1 : -1),
    texForward: (ctx) => `${at(ctx.ins, 0)} - ${at(ctx.ins, 1)}`,
    texLocal: (_ctx, i) => (i === 0 ? '1' : '-1'),
  },
  mul: {
    description: 'the product',
    forward: (x) => x[0]!.data * x[1]!.data,
    local: (x, _out, i) => x[1 - i]!.data,
    texForward: (ctx) => `${at(ctx.ins, 0)}${ctx.times}${at(ctx.ins, 1)}`,
    texLocal: (ctx, i) => at(ctx.ins, 1 - i),
  },
  div: {
    description: 'the quotient',
    forward: (x) => x[0]!.data / x[1]!.data,
    local: (x, _out, i) => (i === 0 ? 1 / x[1]!.data : -x[0]!.data / (x[1]!.data * x[1]!.data)),
    texForward: (ctx) => `\\frac{${at(ctx.ins, 0)}}{${at(ctx.ins, 1)}}`,
    texLocal: (ctx, i) => (i === 0 ? `\\frac{1}{${at(ctx.ins, 1)}}` : `-\\frac{${at(ctx.ins, 0)}}{${power(at(ctx.ins, 1), '2')}}`),
  },
  neg: unary(
    'the negation',
    (x) => -x,
    () => -1,
    (x) => `-${x}`,
    () => '-1',
  ),
  pow: {
    description: 'the power',
    forward: (x, attrs) => Math.pow(x[0]!.data, attrs[0]!),
    local: (x, _out, _i, attrs) => attrs[0]! * Math.pow(x[0]!.data, attrs[0]! - 1),
    texForward: (ctx) => power(at(ctx.ins, 0), String(ctx.attrs[0])),
    texLocal: (ctx) => {
      const p = ctx.attrs[0]!;
      if (p === 1) return '1';
      if (p === 2) return `2${ctx.times}${at(ctx.ins, 0)}`;
      return `${p}${ctx.times}${power(at(ctx.ins, 0), String(p - 1))}`;
    },
  },
  exp: unary(
    'the exponential',
    Math.exp,
    (_x, out) => out,
    (x) => `e^{${x}}`,
    (x) => `e^{${x}}`,
  ),
  log: unary(
    'the natural logarithm',
    Math.log,
    (x) => 1 / x,
    (x) => `\\log\\left(${x}\\right)`,
    (x) => `\\frac{1}{${x}}`,
  ),
  tanh: unary(
    'the hyperbolic tangent',
    Math.tanh,
    (_x, out) => 1 - out * out,
    (x) => `\\tanh\\left(${x}\\right)`,
    (_x, ctx) => `1 - ${power(ctx.out, '2')}`,
  ),
  sigmoid: unary(
    'the sigmoid',
    stableSigmoid,
    (_x, out) => out * (1 - out),
    (x) => `\\sigma\\left(${x}\\right)`,
    (_x, ctx) => `${ctx.out}\\,(1 - ${ctx.out})`,
  ),
  relu: unary(
    'the ReLU',
    (x) => (x > 0 ? x : 0),
    (x) => (x > 0 ? 1 : 0),
    (x, ctx) => (ctx.numeric ? `\\max\\left(0, ${x}\\right)` : `\\operatorname{ReLU}\\left(${x}\\right)`),
    (x) => `\\mathbb{1}\\left[${x} > 0\\right]`,
  ),
  step: {
    ...unary(
      'the step function',
      (x) => (x >= 0 ? 1 : 0),
      () => 0,
      (x) => `\\operatorname{step}\\left(${x}\\right)`,
      () => '0',
    ),
    backwardNote: 'The step function is flat on both sides of 0, so its derivative is 0: no gradient flows back through it.',
  },
  sum: {
    description: 'the sum',
    forward: (x) => {
      let total = 0;
      for (const input of x) total += input.data;
      return total;
    },
    local: () => 1,
    texForward: (ctx) => joinTerms(ctx.ins),
    texLocal: () => '1',
  },
  mean: {
    description: 'the mean',
    forward: (x) => {
      let total = 0;
      for (const input of x) total += input.data;
      return total / x.length;
    },
    local: (x) => 1 / x.length,
    texForward: (ctx) => `\\tfrac{1}{${ctx.ins.length}}\\left(${joinTerms(ctx.ins)}\\right)`,
    texLocal: (ctx) => `\\tfrac{1}{${ctx.ins.length}}`,
  },
  // Inputs are [w_1 … w_n, x_1 … x_n, b]: one neuron's weighted sum Σ_k w_k x_k + b. One op per
  // neuron keeps the trace in the slides' terms (δ times an input gives a weight's gradient).
  linear: {
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
    texForward: (ctx) => {
      const n = ctx.attrs[0]!;
      const terms: string[] = [];
      for (let k = 0; k < n; k++) terms.push(`${at(ctx.ins, k)}${ctx.times}${at(ctx.ins, n + k)}`);
      terms.push(at(ctx.ins, 2 * n));
      return joinTerms(terms);
    },
    texLocal: (ctx, i) => {
      const n = ctx.attrs[0]!;
      if (i < n) return at(ctx.ins, n + i);
      if (i < 2 * n) return at(ctx.ins, i - n);
      return '1';
    },
  },
  // attrs[0] = s: this node is output s of the softmax of all its inputs.
  softmax: {
    description: 'the softmax',
    forward: (x, attrs) => softmaxAt(x, attrs[0]!),
    local: (x, out, i, attrs) => (i === attrs[0] ? out * (1 - out) : -out * softmaxAt(x, i)),
    texForward: (ctx) => {
      const s = ctx.attrs[0]!;
      return `\\frac{e^{${at(ctx.ins, s)}}}{${joinTerms(ctx.ins.map((a) => `e^{${a}}`))}}`;
    },
    texLocal: (ctx, i) => {
      if (i === ctx.attrs[0]) return `${ctx.out}\\,(1 - ${ctx.out})`;
      const other = ctx.numeric ? texOperand(softmaxAt(ctx.values, i)) : `\\operatorname{softmax}_{${i + 1}}`;
      return `-${ctx.out}${ctx.times}${other}`;
    },
  },
  logsumexp: {
    description: 'the log-sum-exp',
    forward: (x) => logSumExp(x),
    local: (x, _out, i) => softmaxAt(x, i),
    texForward: (ctx) => `\\log\\left(${joinTerms(ctx.ins.map((a) => `e^{${a}}`))}\\right)`,
    texLocal: (ctx, i) => (ctx.numeric ? texOperand(softmaxAt(ctx.values, i)) : `\\operatorname{softmax}_{${i + 1}}`),
  },
  // Losses take the targets as attrs (they are data, not nodes that need gradients).
  half_sse: {
    description: 'the half sum of squared errors',
    forward: (x, targets) => {
      let total = 0;
      x.forEach((input, k) => (total += (input.data - targets[k]!) ** 2));
      return total / 2;
    },
    local: (x, _out, i, targets) => x[i]!.data - targets[i]!,
    texForward: (ctx) => `\\tfrac{1}{2}\\left[${joinTerms(squaredErrorTerms(ctx))}\\right]`,
    texLocal: (ctx, i) => `${at(ctx.ins, i)} - ${ctx.target(i)}`,
  },
  mse: {
    description: 'the mean squared error',
    forward: (x, targets) => {
      let total = 0;
      x.forEach((input, k) => (total += (input.data - targets[k]!) ** 2));
      return total / x.length;
    },
    local: (x, _out, i, targets) => (2 * (x[i]!.data - targets[i]!)) / x.length,
    texForward: (ctx) => `${oneOver(ctx.ins.length)}\\left[${joinTerms(squaredErrorTerms(ctx))}\\right]`,
    texLocal: (ctx, i) => `\\tfrac{2}{${ctx.ins.length}}\\left(${at(ctx.ins, i)} - ${ctx.target(i)}\\right)`,
  },
  // Binary cross-entropy computed from the logits a_k (ŷ_k = σ(a_k)), so a saturated sigmoid
  // never takes the log of 0: −[y log σ(a) + (1−y) log(1−σ(a))] = softplus(a) − y·a.
  bce: {
    description: 'the binary cross-entropy',
    forward: (x, targets) => {
      let total = 0;
      x.forEach((input, k) => (total += softplus(input.data) - targets[k]! * input.data));
      return total / x.length;
    },
    local: (x, _out, i, targets) => (stableSigmoid(x[i]!.data) - targets[i]!) / x.length,
    texForward: (ctx) => {
      const terms = ctx.ins.map((_a, k) => {
        const y = ctx.target(k);
        const yHat = ctx.predicted(k);
        return `${y}${ctx.times}\\log ${yHat} + (1 - ${y})\\log(1 - ${yHat})`;
      });
      return `-${oneOver(ctx.ins.length)}\\left[${joinTerms(terms)}\\right]`;
    },
    texLocal: (ctx, i) => {
      const difference = `${ctx.predicted(i)} - ${ctx.target(i)}`;
      return ctx.ins.length === 1 ? difference : `\\tfrac{1}{${ctx.ins.length}}\\left(${difference}\\right)`;
    },
  },
  // −log softmax(a)_c for the class index c = attrs[0], as log Σ e^{a_k} − a_c (stable).
  cross_entropy: {
    description: 'the cross-entropy',
    forward: (x, attrs) => logSumExp(x) - x[attrs[0]!]!.data,
    local: (x, _out, i, attrs) => softmaxAt(x, i) - (i === attrs[0] ? 1 : 0),
    texForward: (ctx) => {
      const c = ctx.attrs[0]!;
      return `-\\log \\frac{e^{${at(ctx.ins, c)}}}{${joinTerms(ctx.ins.map((a) => `e^{${a}}`))}}`;
    },
    texLocal: (ctx, i) => `${ctx.predicted(i)} - ${ctx.target(i)}`,
  },
};

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

export const LOSS_OPS: ReadonlySet<OpName> = new Set<OpName>(['half_sse', 'mse', 'bce', 'cross_entropy']);
