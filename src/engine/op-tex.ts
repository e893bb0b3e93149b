/**
 * How each op of ops.ts is written in TeX, keyed by the same names: the right-hand side of
 * out = …, and the local derivative ∂out/∂input. tex.ts puts these together into a step's lines.
 *
 * Templates receive operand "atoms": TeX labels when the rule is written in symbols, numbers when
 * it is written with the numbers put in. The same template serves both, so the two lines of a
 * formula card can never disagree about the shape of the rule.
 */
import { texOperand } from './format';
import { softmaxAt, type OpName, type Operand } from './ops';

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

export interface OpTex {
  /** The right-hand side of out = …, e.g. "\sigma(a^{[1]}_1)". */
  forward(ctx: TexContext): string;
  /** ∂out/∂inputs[i] written with the atoms of ctx. */
  local(ctx: TexContext, i: number): string;
}

/** Long sums keep their first and last terms so a 784-input neuron still fits on a slide. */
export function joinTerms(terms: readonly string[], separator = ' + '): string {
  if (terms.length <= 8) return terms.join(separator);
  return [...terms.slice(0, 3), '\\cdots', ...terms.slice(-2)].join(separator);
}

const at = (list: readonly string[], i: number): string => list[i] ?? '?';
const power = (base: string, exponent: string): string => `{${base}}^{${exponent}}`;
const oneOver = (n: number): string => (n === 1 ? '' : `\\tfrac{1}{${n}}`);

/** An op of one input, written with its input's atom x. */
function unary(forward: (x: string, ctx: TexContext) => string, local: (x: string, ctx: TexContext) => string): OpTex {
  return {
    forward: (ctx) => forward(at(ctx.ins, 0), ctx),
    local: (ctx) => local(at(ctx.ins, 0), ctx),
  };
}

function squaredErrorTerms(ctx: TexContext): string[] {
  return ctx.ins.map((x, k) => `\\left(${x} - ${ctx.target(k)}\\right)^2`);
}

export const OP_TEX: Record<OpName, OpTex> = {
  leaf: {
    forward: (ctx) => ctx.out,
    local: () => '0',
  },
  add: {
    forward: (ctx) => `${at(ctx.ins, 0)} + ${at(ctx.ins, 1)}`,
    local: () => '1',
  },
  sub: {
    forward: (ctx) => `${at(ctx.ins, 0)} - ${at(ctx.ins, 1)}`,
    local: (_ctx, i) => (i === 0 ? '1' : '-1'),
  },
  mul: {
    forward: (ctx) => `${at(ctx.ins, 0)}${ctx.times}${at(ctx.ins, 1)}`,
    local: (ctx, i) => at(ctx.ins, 1 - i),
  },
  div: {
    forward: (ctx) => `\\frac{${at(ctx.ins, 0)}}{${at(ctx.ins, 1)}}`,
    local: (ctx, i) => (i === 0 ? `\\frac{1}{${at(ctx.ins, 1)}}` : `-\\frac{${at(ctx.ins, 0)}}{${power(at(ctx.ins, 1), '2')}}`),
  },
  neg: unary(
    (x) => `-${x}`,
    () => '-1',
  ),
  pow: {
    forward: (ctx) => power(at(ctx.ins, 0), String(ctx.attrs[0])),
    local: (ctx) => {
      const p = ctx.attrs[0]!;
      if (p === 1) return '1';
      if (p === 2) return `2${ctx.times}${at(ctx.ins, 0)}`;
      return `${p}${ctx.times}${power(at(ctx.ins, 0), String(p - 1))}`;
    },
  },
  exp: unary(
    (x) => `e^{${x}}`,
    (x) => `e^{${x}}`,
  ),
  log: unary(
    (x) => `\\log\\left(${x}\\right)`,
    (x) => `\\frac{1}{${x}}`,
  ),
  tanh: unary(
    (x) => `\\tanh\\left(${x}\\right)`,
    (_x, ctx) => `1 - ${power(ctx.out, '2')}`,
  ),
  sigmoid: unary(
    (x) => `\\sigma\\left(${x}\\right)`,
    (_x, ctx) => `${ctx.out}\\,(1 - ${ctx.out})`,
  ),
  relu: unary(
    (x, ctx) => (ctx.numeric ? `\\max\\left(0, ${x}\\right)` : `\\operatorname{ReLU}\\left(${x}\\right)`),
    (x) => `\\mathbb{1}\\left[${x} > 0\\right]`,
  ),
  step: unary(
    (x) => `\\operatorname{step}\\left(${x}\\right)`,
    () => '0',
  ),
  sum: {
    forward: (ctx) => joinTerms(ctx.ins),
    local: () => '1',
  },
  mean: {
    forward: (ctx) => `\\tfrac{1}{${ctx.ins.length}}\\left(${joinTerms(ctx.ins)}\\right)`,
    local: (ctx) => `\\tfrac{1}{${ctx.ins.length}}`,
  },
  linear: {
    forward: (ctx) => {
      const n = ctx.attrs[0]!;
      const terms: string[] = [];
      for (let k = 0; k < n; k++) terms.push(`${at(ctx.ins, k)}${ctx.times}${at(ctx.ins, n + k)}`);
      terms.push(at(ctx.ins, 2 * n));
      return joinTerms(terms);
    },
    local: (ctx, i) => {
      const n = ctx.attrs[0]!;
      if (i < n) return at(ctx.ins, n + i);
      if (i < 2 * n) return at(ctx.ins, i - n);
      return '1';
    },
  },
  softmax: {
    forward: (ctx) => {
      const s = ctx.attrs[0]!;
      return `\\frac{e^{${at(ctx.ins, s)}}}{${joinTerms(ctx.ins.map((a) => `e^{${a}}`))}}`;
    },
    local: (ctx, i) => {
      if (i === ctx.attrs[0]) return `${ctx.out}\\,(1 - ${ctx.out})`;
      const other = ctx.numeric ? texOperand(softmaxAt(ctx.values, i)) : `\\operatorname{softmax}_{${i + 1}}`;
      return `-${ctx.out}${ctx.times}${other}`;
    },
  },
  logsumexp: {
    forward: (ctx) => `\\log\\left(${joinTerms(ctx.ins.map((a) => `e^{${a}}`))}\\right)`,
    local: (ctx, i) => (ctx.numeric ? texOperand(softmaxAt(ctx.values, i)) : `\\operatorname{softmax}_{${i + 1}}`),
  },
  half_sse: {
    forward: (ctx) => `\\tfrac{1}{2}\\left[${joinTerms(squaredErrorTerms(ctx))}\\right]`,
    local: (ctx, i) => `${at(ctx.ins, i)} - ${ctx.target(i)}`,
  },
  mse: {
    forward: (ctx) => `${oneOver(ctx.ins.length)}\\left[${joinTerms(squaredErrorTerms(ctx))}\\right]`,
    local: (ctx, i) => `\\tfrac{2}{${ctx.ins.length}}\\left(${at(ctx.ins, i)} - ${ctx.target(i)}\\right)`,
  },
  bce: {
    forward: (ctx) => {
      const terms = ctx.ins.map((_a, k) => {
        const y = ctx.target(k);
        const yHat = ctx.predicted(k);
        return `${y}${ctx.times}\\log ${yHat} + (1 - ${y})\\log(1 - ${yHat})`;
      });
      return `-${oneOver(ctx.ins.length)}\\left[${joinTerms(terms)}\\right]`;
    },
    local: (ctx, i) => {
      const difference = `${ctx.predicted(i)} - ${ctx.target(i)}`;
      return ctx.ins.length === 1 ? difference : `\\tfrac{1}{${ctx.ins.length}}\\left(${difference}\\right)`;
    },
  },
  cross_entropy: {
    forward: (ctx) => {
      const c = ctx.attrs[0]!;
      return `-\\log \\frac{e^{${at(ctx.ins, c)}}}{${joinTerms(ctx.ins.map((a) => `e^{${a}}`))}}`;
    },
    local: (ctx, i) => `${ctx.predicted(i)} - ${ctx.target(i)}`,
  },
};
