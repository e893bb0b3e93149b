import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/nn/expression';
import { checkDerivative } from '../../src/ui/expression/derivative-check';

const f = (input: string) => parseExpression(input, [], 'identifiers');

describe('checking a derivative against the engine', () => {
  it('accepts the right formula, written any way, for a chain through two logarithms', () => {
    expect(checkDerivative('3/(y*ln(-2*y^3))', f('ln(ln(-2*y^3))'), { y: -1.5 }, 'y')).toEqual({ kind: 'right' });
    expect(checkDerivative('(1/ln(-2y^3)) * (-6y^2)/(-2y^3)', f('ln(ln(-2*y^3))'), { y: -1.5 }, 'y')).toEqual({ kind: 'right' });
  });

  it('shows the point on screen first when a wrong formula disagrees there', () => {
    // ∂/∂x of x·y + x is y + 1; forgetting the second path gives y.
    expect(checkDerivative('y', f('x*y + x'), { x: 2, y: -3 }, 'x')).toEqual({ kind: 'wrong', at: { x: 2, y: -3 }, given: -3, expected: -2 });
  });

  it('finds a disagreement away from the point on screen', () => {
    // 2x and x² agree at x = 2 but nowhere near it.
    const verdict = checkDerivative('x^2', f('x^2'), { x: 2 }, 'x');
    expect(verdict.kind).toBe('wrong');
    if (verdict.kind === 'wrong') {
      expect(verdict.at.x).not.toBe(2);
      expect(verdict.expected).toBeCloseTo(2 * verdict.at.x!, 12);
      expect(verdict.given).toBeCloseTo(verdict.at.x! ** 2, 12);
    }
  });

  it('says where a formula cannot be read, and names a variable f does not have', () => {
    expect(checkDerivative('y +', f('x*y'), { x: 1, y: 2 }, 'x')).toMatchObject({ kind: 'unreadable', position: 3 });
    expect(checkDerivative('2*z', f('x*y'), { x: 1, y: 2 }, 'x')).toEqual({ kind: 'unreadable', message: '"z" is not a variable of f (its variables: x, y)', position: 2 });
  });
});
