import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError, parseExpression, RECORDABLE_FUNCTIONS, variablesOf, type Bindings } from '../../src/nn/expression';
import { ExpressionRecordError, recordExpression } from '../../src/nn/expression-trace';

const parse = (input: string) => parseExpression(input, [], 'identifiers');

/** ∂f/∂name by central differences on the parsed formula, evaluated without the engine's derivatives. */
function centralDifference(input: string, bindings: Bindings, name: string): number {
  const expression = parse(input);
  const h = 1e-6 * Math.max(1, Math.abs(bindings[name]!));
  const at = (shift: number): number => evaluate(expression, { ...bindings, [name]: bindings[name]! + shift });
  return (at(h) - at(-h)) / (2 * h);
}

function expectMatchesDifferences(input: string, bindings: Bindings): void {
  const recorded = recordExpression(parse(input), bindings);
  expect(recorded.value).toBeCloseTo(evaluate(parse(input), bindings), 12);
  expect(recorded.gradient.map((entry) => entry.name)).toEqual(variablesOf(parse(input)));
  for (const { name, value } of recorded.gradient) {
    const difference = centralDifference(input, bindings, name);
    expect(Math.abs(value - difference), `∂f/∂${name} of ${input}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(difference)));
  }
}

describe('parsing in identifier mode', () => {
  it('reads each identifier as one name, with digits and underscores', () => {
    const expression = parse('sigmoid(w1*x1 + w_2*x_2 + b)');
    expect(variablesOf(expression)).toEqual(['w1', 'x1', 'w_2', 'x_2', 'b']);
  });

  it('keeps the lessons reading letters greedily: xy is x·y', () => {
    expect(evaluate(parseExpression('xy', ['x', 'y']), { x: 2, y: 3 })).toBe(6);
    expect(variablesOf(parse('xy'))).toEqual(['xy']);
  });

  it('treats e and pi as constants, not variables', () => {
    expect(variablesOf(parse('e^x + pi*y'))).toEqual(['x', 'y']);
  });

  it('refuses functions the engine has no op for, and unknown functions, at their column', () => {
    for (const name of ['sin', 'cos', 'tan', 'abs']) {
      expect(() => parse(`x + ${name}(x)`)).toThrow(new ExpressionError(`the engine has no op for ${name}, so it cannot be recorded (functions: ${RECORDABLE_FUNCTIONS.join(', ')})`, 4));
    }
    try {
      parse('2*foo(x)');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).position).toBe(2);
      expect((error as ExpressionError).message).toContain('unknown function "foo"');
    }
  });
});

describe('recording an expression', () => {
  it('matches central differences for every function the lab accepts', () => {
    expectMatchesDifferences('exp(x*y)', { x: 0.7, y: -0.4 });
    expectMatchesDifferences('ln(x^2 + 1) + log(y)', { x: 1.3, y: 2.5 });
    expectMatchesDifferences('sqrt(x*x + y)', { x: 0.8, y: 1.1 });
    expectMatchesDifferences('tanh(2*x - y)', { x: 0.3, y: 0.2 });
    expectMatchesDifferences('sigmoid(w1*x1 + w2*x2 + b)', { w1: 0.5, x1: 1, w2: -0.3, x2: 2, b: 0.1 });
    expectMatchesDifferences('relu(x - y) * x', { x: 1.5, y: 0.25 });
    expectMatchesDifferences('relu(x - y) + x', { x: -1.5, y: 0.25 });
  });

  it('matches central differences for the operators, signs, powers and constants', () => {
    expectMatchesDifferences('ln(ln(-2*y^3))', { y: -1.5 });
    expectMatchesDifferences('-(x - y)/(x*y) ^ 2', { x: 1.2, y: -0.7 });
    expectMatchesDifferences('x^-1 + x^(1/3) - 2*pi*x', { x: 2.2 });
    expectMatchesDifferences('2^x + e^(x*y) + x^y', { x: 1.5, y: 0.8 });
    expectMatchesDifferences('3 x*(x + 1) + 2x', { x: 0.9 });
  });

  it('gives a variable used twice one leaf whose gradient is the sum of its two contributions', () => {
    const recorded = recordExpression(parse('x*y + x'), { x: 2, y: -3 });
    expect(recorded.value).toBe(-4);
    expect(recorded.gradient).toEqual([
      { name: 'x', value: -2 },
      { name: 'y', value: 2 },
    ]);
    const leaves = recorded.trace.nodes.filter((node) => node.op === 'leaf' && node.requiresGrad);
    expect(leaves.map((node) => node.meta.label)).toEqual(['x', 'y']);
    const x = leaves[0]!;
    const edgesIntoX = recorded.trace.steps.filter((step) => step.kind === 'backward' && step.input === x.id);
    expect(edgesIntoX.map((step) => (step.kind === 'backward' ? step.contribution : Number.NaN)).sort()).toEqual([-3, 1]);
    const gradientOfX = recorded.trace.steps.find((step) => step.kind === 'gradient' && step.node === x.id);
    expect(gradientOfX).toMatchObject({ contributions: 2, grad: -2 });
  });

  it('names the nodes: variables by name, the inner parts u₁, u₂ … in the order computed, the result f', () => {
    const recorded = recordExpression(parse('sigmoid(w1*x1 + b)'), { w1: 2, x1: 3, b: -1 });
    const named = recorded.trace.nodes.map((node) => [node.meta.label, node.op, node.value]);
    expect(named).toEqual([
      ['w_{1}', 'leaf', 2],
      ['x_{1}', 'leaf', 3],
      ['u_{1}', 'mul', 6],
      ['b', 'leaf', -1],
      ['u_{2}', 'add', 5],
      ['f', 'sigmoid', 1 / (1 + Math.exp(-5))],
    ]);
    expect(recorded.trace.nodes[2]!.meta.gradLabel).toBe('\\frac{\\partial f}{\\partial u_{1}}');
  });

  it('folds constants into numbers: 2·π·x has one constant node, 2π', () => {
    const recorded = recordExpression(parse('2*pi*x'), { x: 1 });
    const constants = recorded.trace.nodes.filter((node) => node.op === 'leaf' && !node.requiresGrad);
    expect(constants.map((node) => node.value)).toEqual([2 * Math.PI]);
  });

  it('names the part of the formula and its numbers when a point is outside the domain', () => {
    const fails = (input: string, bindings: Bindings, message: string): void => {
      expect(() => recordExpression(parse(input), bindings)).toThrow(new ExpressionRecordError(message));
    };
    fails('ln(x - 3)', { x: 1 }, 'outside the domain: ln(x − 3) needs a positive input, but x − 3 = -2');
    fails('sqrt(-x)', { x: 4 }, 'outside the domain: sqrt(−x) needs a positive input to have a derivative, but −x = -4');
    fails('x^0.5', { x: -1 }, 'outside the domain: x^0.5 is a non-integer power, which needs x ≥ 0, but x = -1');
    fails('1/(x - 1)', { x: 1 }, 'outside the domain: 1/(x − 1) divides by x − 1 = 0');
    fails('x^y', { x: -2, y: 2 }, 'outside the domain: x^y has a varying exponent, so it is recorded as exp(y·ln(x)), which needs a positive base, but x = -2');
    fails('(-2)^x', { x: 2 }, 'outside the domain: (−2)^x has a varying exponent, so it is recorded as exp(x·ln(−2)), which needs a positive base, but −2 = -2');
    expect(() => recordExpression(parse('exp(x)'), { x: 1000 })).toThrow(/cannot be computed at this point: exp produced ∞/);
  });

  it('refuses missing values, values for names the formula lacks, and values that are not finite', () => {
    expect(() => recordExpression(parse('x + y'), { x: 1 })).toThrow(new ExpressionRecordError('no value for y (give one for every variable: x, y)'));
    expect(() => recordExpression(parse('x'), { x: 1, z: 2 })).toThrow(new ExpressionRecordError('a value is given for z, which the expression does not use (its variables are x)'));
    expect(() => recordExpression(parse('x'), { x: Number.NaN })).toThrow(new ExpressionRecordError('the value of x is NaN, not a finite number'));
  });
});
