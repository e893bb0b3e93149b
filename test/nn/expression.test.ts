import { describe, expect, it } from 'vitest';
import { ExpressionError, evaluate, evaluateNumber, expressionToTex, parseExpression } from '../../src/nn/expression';
import { checkFormula, parseDomain, samplePoints } from '../../src/ui/lesson/formula-check';

const value = (text: string, bindings: Record<string, number> = {}): number => evaluate(parseExpression(text, Object.keys(bindings)), bindings);

describe('the expression evaluator', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2^3^2', 512],
    ['-2^2', -4],
    ['(-2)^2', 4],
    ['2^-1', 0.5],
    ['10 / 4 / 5', 0.5],
    ['1 - 2 - 3', -4],
    ['--3', 3],
    ['+3', 3],
    ['1e-3 * 1000', 1],
    ['.5 + 1.', 1.5],
    ['3 × 4 − 2 ÷ 2', 11],
    ['2²', 4],
    ['ln(e)', 1],
    ['log(e^2)', 2],
    ['exp(0) + sqrt(16) + abs(-2)', 7],
    ['sin(0) + cos(0)', 1],
    ['2pi / pi', 2],
    ['2**3', 8],
  ])('%s = %d', (text, expected) => {
    expect(value(text)).toBeCloseTo(expected, 12);
  });

  it('multiplies implicitly: 2x, x(y+1), 3ln(x), (a)(b), xy', () => {
    const at = { x: 2, y: 5 };
    expect(value('2x', at)).toBe(4);
    expect(value('x(y+1)', at)).toBe(12);
    expect(value('3ln(x)', at)).toBeCloseTo(3 * Math.log(2));
    expect(value('(x)(y)', at)).toBe(10);
    expect(value('xy', at)).toBe(10);
    expect(value('2 x y', at)).toBe(20);
    expect(value('yln(y)', at)).toBeCloseTo(5 * Math.log(5));
  });

  it('binds implicit multiplication like *, so 1/2x is x/2', () => {
    expect(value('1/2x', { x: 4 })).toBe(2);
    expect(value('1/(2x)', { x: 4 })).toBe(0.125);
  });

  it('reads function names before variable letters: exp(x) is not e·x·p', () => {
    expect(value('exp(x)', { x: 1 })).toBeCloseTo(Math.E);
    expect(value('ex', { x: 2 })).toBeCloseTo(2 * Math.E);
  });

  it('gives NaN or infinity outside the domain instead of throwing', () => {
    expect(value('ln(x)', { x: -1 })).toBeNaN();
    expect(value('1/x', { x: 0 })).toBe(Infinity);
  });

  it.each([
    ['', 'the answer is empty'],
    ['2 +', 'ends too early'],
    ['(1 + 2', 'never closed'],
    ['1 + 2)', 'without a matching'],
    ['ln 2', 'with parentheses'],
    ['z + 1', 'unknown name "z"'],
    ['2 $ 3', 'unexpected "$"'],
    ['* 3', 'before "*"'],
  ])('rejects %j with a message (%s) and a position', (text, message) => {
    let caught: unknown;
    try {
      parseExpression(text, ['x']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).message).toContain(message);
    expect((caught as ExpressionError).position).toBeGreaterThanOrEqual(0);
  });

  it('never evaluates code: a JavaScript expression is just an unknown name', () => {
    expect(() => parseExpression('alert(1)', ['x'])).toThrow(ExpressionError);
    expect(() => evaluateNumber('constructor')).toThrow(ExpressionError);
  });

  it('evaluates numeric answers typed as arithmetic', () => {
    expect(evaluateNumber('1/4')).toBe(0.25);
    expect(evaluateNumber('−0.2')).toBe(-0.2);
    expect(() => evaluateNumber('x')).toThrow(ExpressionError);
  });

  it('refuses, with its own message, formulas nested or long enough to exhaust the call stack', () => {
    const message = (input: string): string => {
      try {
        parseExpression(input, ['x']);
        return 'parsed';
      } catch (error) {
        return error instanceof ExpressionError ? error.message : `not an ExpressionError: ${String(error)}`;
      }
    };
    // The three shapes that overflowed the stack before the limits, each kept under the length limit first.
    expect(message('('.repeat(400) + 'x' + ')'.repeat(400))).toMatch(/nests .* more than 100 deep/);
    expect(message('x^'.repeat(400) + 'x')).toMatch(/more than 100 deep/);
    expect(message('-'.repeat(900) + 'x')).toMatch(/more than 100 deep/);
    // And at their original sizes they are refused by length before any parsing.
    expect(message('('.repeat(10_000) + 'x' + ')'.repeat(10_000))).toBe('the formula is 20001 characters long; at most 1000 are read');
    expect(message('x^'.repeat(20_000) + 'x')).toMatch(/^the formula is 40001 characters long/);
    expect(message('-'.repeat(100_000) + 'x')).toMatch(/^the formula is 100001 characters long/);
    // Just inside the limits a formula still reads and evaluates: 99 nested signs around x.
    expect(evaluate(parseExpression('-'.repeat(99) + 'x', ['x']), { x: 2 })).toBe(-2);
    expect(evaluate(parseExpression('x+'.repeat(499) + 'x', ['x']), { x: 1 })).toBe(500);
  });

  it('gives a verdict of its own for a formula it refuses, not the previous one', () => {
    const domain = parseDomain('x: 0.3..4');
    expect(checkFormula('2/x', '2/x', domain)).toEqual({ kind: 'right' });
    expect(checkFormula('('.repeat(10_000), '2/x', domain)).toMatchObject({ kind: 'unreadable', message: expect.stringMatching(/characters long/) });
  });

  it('shows how a formula was read, with fractions and the parentheses it needs', () => {
    expect(expressionToTex(parseExpression('3/(y ln(-2y^3))', ['y']))).toBe('\\frac{3}{y \\cdot \\ln\\left(-2 \\cdot {y}^{3}\\right)}');
    expect(expressionToTex(parseExpression('a - (b + c)', ['a', 'b', 'c']))).toBe('a - \\left(b + c\\right)');
    expect(expressionToTex(parseExpression('(x+1)^2', ['x']))).toBe('{\\left(x + 1\\right)}^{2}');
  });
});

describe('checking a typed formula', () => {
  const x = parseDomain('x: 0.3..4');
  const y = parseDomain('y: -3..-0.8');

  it('d/dx ln(x²) = 2/x accepts every equivalent form', () => {
    for (const answer of ['2/x', '2x^-1', '(1/x^2)(2x)', '2 / x', '1/x + 1/x', '2*x/x^2']) {
      expect(checkFormula(answer, '2/x', x)).toEqual({ kind: 'right' });
    }
  });

  it('d/dx ln(x²): a wrong answer says where it differs', () => {
    const verdict = checkFormula('1/x', '2/x', x);
    expect(verdict.kind).toBe('wrong');
    if (verdict.kind === 'wrong') expect(verdict.given * 2).toBeCloseTo(verdict.expected);
    expect(checkFormula('2/x + 0.001', '2/x', x).kind).toBe('wrong');
  });

  it('d/dy ln(ln(−2y³)) = 3/(y ln(−2y³)), tested only where it is defined (y < −(1/2)^(1/3))', () => {
    for (const answer of ['3/(y ln(-2y^3))', '3/(y*log(-2*y^3))', '(1/ln(-2y^3)) (-6y^2)/(-2y^3)', '3 y^-1 / ln(−2y³)']) {
      expect(checkFormula(answer, '3/(y ln(-2y^3))', y)).toEqual({ kind: 'right' });
    }
    expect(checkFormula('3/ln(-2y^3)', '3/(y ln(-2y^3))', y).kind).toBe('wrong');
    expect(checkFormula('1/(y ln(-2y^3))', '3/(y ln(-2y^3))', y).kind).toBe('wrong');
    for (const point of samplePoints(parseExpression('3/(y ln(-2y^3))', ['y']), y)) {
      expect(point['y']!).toBeLessThan(-Math.cbrt(0.5));
      expect(Math.log(-2 * point['y']! ** 3)).toBeGreaterThan(0);
    }
  });

  it('an answer that is undefined where the expected one is defined is wrong, not right', () => {
    expect(checkFormula('ln(y)', '3/(y ln(-2y^3))', y).kind).toBe('wrong');
  });

  it('reports an unreadable answer with its position, not as wrong', () => {
    expect(checkFormula('2/(x', '2/x', x)).toMatchObject({ kind: 'unreadable' });
    expect(checkFormula('2/t', '2/x', x)).toMatchObject({ kind: 'unreadable', position: 2 });
  });

  it('refuses a domain where the expected formula is never defined', () => {
    expect(() => samplePoints(parseExpression('ln(x)', ['x']), parseDomain('x: -2..-1'))).toThrow(/undefined/);
  });

  it('reads domains and rejects malformed ones', () => {
    expect(parseDomain('x: 0.5..4; y: −3..−0.8')).toEqual({ x: [0.5, 4], y: [-3, -0.8] });
    expect(() => parseDomain('x = 1..2')).toThrow(/not of the form/);
    expect(() => parseDomain('x: 2..1')).toThrow(/low < high/);
    expect(() => parseDomain('')).toThrow(/needs a domain/);
  });
});
