/** The one display rule: four significant figures, as given when shorter, scientific outside 0.001 … 100,000. */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/data/random';
import { formatCount, formatFigures, formatNumber, formatPercent, roundToFigures, texNumber, texOperand, textOperand } from '../../src/engine/format';
import { DEFAULT_TOLERANCE, withinTolerance } from '../../src/nn/grading';

describe('formatNumber', () => {
  it('writes four significant figures, and inputs with fewer as given', () => {
    // The classic δ^{[1]}_2 read 0.01 at four decimals.
    expect(formatNumber(0.009954021)).toBe('0.009954');
    expect(formatNumber(0.0821670)).toBe('0.08217');
    expect(formatNumber(1.10590597)).toBe('1.106');
    expect(formatNumber(0.05)).toBe('0.05');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-0.0226)).toBe('-0.0226');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(12345.678)).toBe('12350');
  });

  it('goes scientific below 0.001 and from 100,000, deciding on the rounded number', () => {
    expect(formatNumber(0.00043857)).toBe('4.386e-4');
    expect(formatNumber(0.00099996)).toBe('0.001');
    expect(formatNumber(99999.9)).toBe('1e5');
    expect(formatNumber(-1.23456e-10)).toBe('-1.235e-10');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });

  it('what it writes, read back, is within the grader’s default tolerance of the number', () => {
    const random = createRandom(11);
    for (let i = 0; i < 2000; i++) {
      const x = (random.uniform() - 0.5) * 10 ** (Math.floor(random.uniform() * 16) - 10);
      expect(withinTolerance(Number(formatNumber(x)), x, DEFAULT_TOLERANCE), `${x} → ${formatNumber(x)}`).toBe(true);
    }
  });

  it('cannot be handed an index as a precision by list.map', () => {
    expect([0.123456, 0.5, 2.718281].map(formatNumber)).toEqual(['0.1235', '0.5', '2.718']);
    expect([0.123456, 0.5].map(texNumber)).toEqual(['0.1235', '0.5']);
  });

  it('takes more figures only when asked', () => {
    expect(formatFigures(0.138499, 6)).toBe('0.138499');
    expect(roundToFigures(0.138499, 4)).toBe(0.1385);
  });
});

describe('operands and TeX', () => {
  it('brackets negative and scientific operands, in TeX and in text', () => {
    expect(texNumber(4.3857e-4)).toBe('4.386 \\times 10^{-4}');
    expect(texOperand(4.3857e-4)).toBe('\\left(4.386 \\times 10^{-4}\\right)');
    expect(texOperand(-0.0226)).toBe('\\left(-0.0226\\right)');
    expect(texOperand(0.5)).toBe('0.5');
    expect(textOperand(-0.0226)).toBe('(−0.0226)');
    expect(textOperand(0.5)).toBe('0.5');
  });

  it('percentages to the same four figures', () => {
    expect(formatPercent(0.97254)).toBe('97.25 %');
    expect(formatPercent(1)).toBe('100 %');
  });
});

describe('counts', () => {
  it('are whole, exact and grouped by thousands', () => {
    expect(formatCount(60000)).toBe('60,000');
    expect(formatCount(300123)).toBe('300,123');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(12479.6)).toBe('12,480');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });
});
