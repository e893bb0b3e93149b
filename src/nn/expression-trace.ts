/**
 * The expression lab's recording: a parsed formula and a value for each of its variables become a
 * trace on the scalar engine, recorded forward node by node and backward edge by edge, so the
 * player, the exports and `tracegrad expr` replay whatever a student typed.
 *
 * Each variable is one leaf (a variable used twice feeds two places, and its gradient is their
 * fork sum); e and pi and every part without a variable are folded into one constant number; the
 * op nodes are named u₁, u₂ … in the order they are computed (as the course names the inner
 * functions of a chain), and the result is f. A name written out as its part of the formula would
 * make ∂f/∂x·y ambiguous in plain text, and long parts do not fit in the graph.
 */
import { formatNumber, texNumber } from '../engine/format';
import { recordTrace } from '../engine/tape';
import type { TraceData } from '../engine/trace-data';
import { EngineError, Value } from '../engine/value';
import { evaluate, variablesOf, variableTex, type Bindings, type Expression } from './expression';

/** A value the formula cannot be recorded at: a missing or extra value, or a point outside the domain. */
export class ExpressionRecordError extends Error {
  override name = 'ExpressionRecordError';
}

export interface RecordedExpression {
  trace: TraceData;
  /** f at the given point. */
  value: number;
  /** ∂f/∂name for each variable, in the order the variables first appear in the formula. */
  gradient: { name: string; value: number }[];
}

/** The result's name on the card. */
export const RESULT_LABEL = 'f';

const OPERATOR_TEXT = { '+': ' + ', '-': ' − ', '*': '·', '/': '/', '^': '^' } as const;
const BINDING = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 } as const;

function bindingOf(expression: Expression): number {
  if (expression.kind === 'binary') return BINDING[expression.operator];
  return expression.kind === 'negate' ? 3 : 5;
}

/** The formula in plain text, for messages: `ln(x − 3)`, `2·y^3`. Numbers go through the one formatter. */
export function expressionToText(expression: Expression): string {
  const wrap = (inner: Expression, minimum: number): string => {
    const text = expressionToText(inner);
    return bindingOf(inner) < minimum ? `(${text})` : text;
  };
  switch (expression.kind) {
    case 'number':
      return formatNumber(expression.value);
    case 'variable':
      return expression.name === 'pi' ? 'π' : expression.name;
    case 'negate':
      return `−${wrap(expression.operand, 4)}`;
    case 'call':
      return `${expression.name}(${expressionToText(expression.argument)})`;
    case 'binary': {
      const { operator, left, right } = expression;
      const level = BINDING[operator];
      // Left-associative operators need brackets on the right at equal binding (a − (b − c)); the
      // power is right-associative, so it needs them on the left.
      const leftMinimum = operator === '^' ? level + 1 : level;
      const rightMinimum = operator === '^' ? level : level + 1;
      return `${wrap(left, leftMinimum)}${OPERATOR_TEXT[operator]}${wrap(right, operator === '+' || operator === '*' ? level : rightMinimum)}`;
    }
  }
}

function hasVariable(expression: Expression): boolean {
  return variablesOf(expression).length > 0;
}

/** The numbers that a domain message quotes: `x − 3 = −2`. */
function valueText(part: Expression, value: number): string {
  return `${expressionToText(part)} = ${formatNumber(value)}`;
}

/**
 * Checks the values against the formula's variables: each has exactly one finite value and no value
 * names something the formula lacks.
 */
function checkBindings(variables: readonly string[], bindings: Bindings): void {
  for (const name of Object.keys(bindings)) {
    if (!variables.includes(name)) {
      const known = variables.length === 0 ? 'it has no variables' : `its variables are ${variables.join(', ')}`;
      throw new ExpressionRecordError(`a value is given for ${name}, which the expression does not use (${known})`);
    }
    if (!Number.isFinite(bindings[name])) throw new ExpressionRecordError(`the value of ${name} is ${formatNumber(bindings[name]!)}, not a finite number`);
  }
  const missing = variables.filter((name) => bindings[name] === undefined);
  if (missing.length > 0) throw new ExpressionRecordError(`no value for ${missing.join(', ')} (give one for every variable: ${variables.join(', ')})`);
}

class ExpressionRecorder {
  private readonly leaves = new Map<string, Value>();
  private partCount = 0;

  constructor(private readonly bindings: Bindings) {}

  /** The node for `expression`: a Value, or a plain number when no variable is inside it. */
  build(expression: Expression): Value | number {
    if (!hasVariable(expression)) return this.fold(expression);
    if (expression.kind === 'variable') return this.leaf(expression.name);
    const node = this.operation(expression);
    // A bare variable (`(x)`) or a power of 1 can come back as a leaf: it keeps its own name.
    if (node.op === 'leaf') return node;
    return this.named(node);
  }

  /** Names an op node u_k, k counting the op nodes in the order they are computed. */
  private named(node: Value): Value {
    const label = `u_{${++this.partCount}}`;
    return node.with({ label, gradLabel: gradientLabel(label) });
  }

  /** The leaf of a variable; every variable of the formula has one once it is built. */
  leafOf(name: string): Value | undefined {
    return this.leaves.get(name);
  }

  private fold(expression: Expression): number {
    const value = evaluate(expression, {});
    if (!Number.isFinite(value)) throw new ExpressionRecordError(`${expressionToText(expression)} is ${formatNumber(value)}: outside the domain of a function in it`);
    return value;
  }

  private leaf(name: string): Value {
    let leaf = this.leaves.get(name);
    if (leaf === undefined) {
      const label = variableTex(name);
      leaf = Value.leaf(this.bindings[name]!, { label, gradLabel: gradientLabel(label) });
      this.leaves.set(name, leaf);
    }
    return leaf;
  }

  private value(expression: Expression): Value {
    const built = this.build(expression);
    return typeof built === 'number' ? constantNode(built) : built;
  }

  private operation(expression: Expression): Value {
    switch (expression.kind) {
      case 'number':
      case 'variable':
        throw new Error('numbers and variables are built without an operation');
      case 'negate':
        return this.value(expression.operand).neg();
      case 'call':
        return this.call(expression.name, expression.argument);
      case 'binary':
        return this.binary(expression);
    }
  }

  private call(name: string, argumentExpression: Expression): Value {
    const argument = this.value(argumentExpression);
    const at = valueText(argumentExpression, argument.data);
    switch (name) {
      case 'exp':
        return argument.exp();
      case 'ln':
      case 'log':
        if (argument.data <= 0) throw new ExpressionRecordError(`outside the domain: ${name}(${expressionToText(argumentExpression)}) needs a positive input, but ${at}`);
        return argument.log();
      case 'sqrt':
        if (argument.data <= 0) throw new ExpressionRecordError(`outside the domain: sqrt(${expressionToText(argumentExpression)}) needs a positive input to have a derivative, but ${at}`);
        return argument.pow(0.5);
      case 'tanh':
        return argument.tanh();
      case 'sigmoid':
        return argument.sigmoid();
      case 'relu':
        return argument.relu();
      default:
        throw new ExpressionRecordError(`the engine has no op for ${name}, so it cannot be recorded`);
    }
  }

  private binary(expression: Expression & { kind: 'binary' }): Value {
    const { operator, left, right } = expression;
    if (operator === '^') return this.power(expression);
    const a = this.value(left);
    const b = this.value(right);
    switch (operator) {
      case '+':
        return a.add(b);
      case '-':
        return a.sub(b);
      case '*':
        return a.mul(b);
      case '/':
        if (b.data === 0) throw new ExpressionRecordError(`outside the domain: ${expressionToText(expression)} divides by ${valueText(right, 0)}`);
        return a.div(b);
    }
  }

  /**
   * base^exponent. A constant exponent is the engine's power; a varying exponent is recorded as
   * exp(exponent · ln base), which needs a positive base (e^x is simply exp(x)).
   */
  private power(expression: Expression & { kind: 'binary' }): Value {
    const { left, right } = expression;
    const exponent = this.build(right);
    if (typeof exponent === 'number') {
      const base = this.value(left);
      if (base.data < 0 && !Number.isInteger(exponent)) {
        throw new ExpressionRecordError(`outside the domain: ${expressionToText(expression)} is a non-integer power, which needs ${expressionToText(left)} ≥ 0, but ${valueText(left, base.data)}`);
      }
      if (base.data === 0 && exponent < 1 && exponent !== 0) {
        throw new ExpressionRecordError(`outside the domain: ${expressionToText(expression)} has no derivative at ${valueText(left, 0)}`);
      }
      return exponent === 1 ? base : base.pow(exponent);
    }
    if (left.kind === 'variable' && left.name === 'e') return exponent.exp();
    const base = this.build(left);
    const baseValue = typeof base === 'number' ? base : base.data;
    if (baseValue <= 0) {
      throw new ExpressionRecordError(
        `outside the domain: ${expressionToText(expression)} has a varying exponent, so it is recorded as exp(${expressionToText(right)}·ln(${expressionToText(left)})), which needs a positive base, but ${valueText(left, baseValue)}`,
      );
    }
    const logBase = typeof base === 'number' ? constantNode(Math.log(base)) : this.named(base.log());
    return this.named(exponent.mul(logBase)).exp();
  }
}

/**
 * A constant, named by its number so the graph view shows it as the card does (its own symbol for
 * a negative constant is \left(…\right) TeX, which the graph would show as it is); a negative one
 * in plain brackets, so the card's −2 as a factor does not read as a subtraction.
 */
function constantNode(value: number): Value {
  return Value.constant(value, { role: 'constant', label: value < 0 ? `(${texNumber(value)})` : texNumber(value) });
}

function gradientLabel(label: string): string {
  return `\\frac{\\partial ${RESULT_LABEL}}{\\partial ${label}}`;
}

/**
 * Records f = `expression` at `bindings` (one finite value per variable, no others). Throws
 * ExpressionRecordError for a missing or extra value and for a point outside the domain, naming
 * the part of the formula and its numbers.
 */
export function recordExpression(expression: Expression, bindings: Bindings): RecordedExpression {
  const variables = variablesOf(expression);
  checkBindings(variables, bindings);
  const recorder = new ExpressionRecorder(bindings);
  try {
    const { result, trace } = recordTrace(() => {
      const built = recorder.build(expression);
      const root = typeof built === 'number' ? Value.constant(built, { label: RESULT_LABEL, role: 'constant' }) : built;
      // The result is f, even when it is a variable itself (f = x): that node keeps its name.
      if (root.op !== 'leaf') root.with({ label: RESULT_LABEL, gradLabel: gradientLabel(RESULT_LABEL) });
      root.backward();
      return { root, leaves: variables.map((name) => recorder.leafOf(name)) };
    });
    return {
      trace,
      value: result.root.data,
      gradient: variables.map((name, k) => ({ name, value: result.leaves[k]?.grad ?? 0 })),
    };
  } catch (error) {
    // Overflow (exp(1000)) and a derivative that is infinite: the engine names the node and numbers.
    if (error instanceof EngineError) throw new ExpressionRecordError(`cannot be computed at this point: ${error.message}`);
    throw error;
  }
}
