/**
 * The one number formatter for everything a person reads or copies: formula cards, tables,
 * narration, exports, lesson widgets. Four significant figures, trailing zeros dropped (so an
 * input given as 0.05 reads 0.05), in plain form from 0.001 up to 100,000 and in scientific form
 * outside it, so 0.009954 and 4.386e-4 both read naturally. Four significant figures are a
 * relative error of at most 5e-4, inside the grader's rtol 1e-3 (src/nn/grading.ts): any number
 * copied from a screen or a handout is marked right.
 */
export const SIGNIFICANT_FIGURES = 4;

const PLAIN_MIN = 1e-3;
const PLAIN_MAX = 1e5;

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** x rounded to `digits` significant figures, as a number. */
export function roundToFigures(x: number, digits: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

function splitScientific(x: number, digits: number): { mantissa: string; exponent: number } {
  const [mantissa = '0', exponent = '0'] = x.toExponential(digits - 1).split('e');
  return { mantissa: trimZeros(mantissa), exponent: Number(exponent) };
}

/** Decided on the rounded number, so 0.00099996 (which rounds to 0.001) reads 0.001. */
function usesPlainForm(rounded: number): boolean {
  const magnitude = Math.abs(rounded);
  return magnitude === 0 || (magnitude >= PLAIN_MIN && magnitude < PLAIN_MAX);
}

/** The plain digits of an already rounded number, without exponent or float noise. */
function plainDigits(rounded: number, digits: number): string {
  if (rounded === 0) return '0';
  // toFixed with just enough decimals to hold `digits` significant figures of this magnitude.
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  return trimZeros(rounded.toFixed(Math.min(decimals, 100)));
}

/**
 * Plain text, e.g. "0.009954", "-1.5", "4.386e-4" (a form a JSON answer sheet accepts as it is).
 * Every function here takes the number alone, so `list.map(formatNumber)` cannot pass an index as
 * a precision; the `…Figures` forms are for a formula's operands that need more than four figures
 * to redo the line (see operandFigures in tex.ts).
 */
export function formatNumber(x: number): string {
  return formatFigures(x, SIGNIFICANT_FIGURES);
}

export function formatFigures(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const rounded = roundToFigures(x, digits);
  if (usesPlainForm(rounded)) return plainDigits(rounded, digits);
  const { mantissa, exponent } = splitScientific(rounded, digits);
  return `${mantissa}e${exponent}`;
}

/** TeX for a number standing alone, e.g. "0.0822" or "4.386 \times 10^{-4}". */
export function texNumber(x: number): string {
  return texFigures(x, SIGNIFICANT_FIGURES);
}

export function texFigures(x: number, digits: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const rounded = roundToFigures(x, digits);
  if (usesPlainForm(rounded)) return plainDigits(rounded, digits);
  const { mantissa, exponent } = splitScientific(rounded, digits);
  return `${mantissa} \\times 10^{${exponent}}`;
}

/**
 * TeX for a number used as an operand inside a larger expression: negative numbers and
 * scientific notation get parentheses so "0.5 \times (-0.3)" never reads as a subtraction.
 */
export function texOperand(x: number): string {
  return texOperandFigures(x, SIGNIFICANT_FIGURES);
}

export function texOperandFigures(x: number, digits: number): string {
  const tex = texFigures(x, digits);
  return x < 0 || tex.includes('\\times') ? `\\left(${tex}\\right)` : tex;
}

/**
 * Plain text for a number used as an operand in a sentence: negative numbers in brackets, so
 * "0.5 − 0.5 × (−0.0226)" never reads as a subtraction, with a true minus sign.
 */
export function textOperand(x: number): string {
  return textOperandFigures(x, SIGNIFICANT_FIGURES);
}

export function textOperandFigures(x: number, digits: number): string {
  const text = formatFigures(x, digits);
  return text.startsWith('-') ? `(−${text.slice(1)})` : text;
}

/** A fraction as a percentage, e.g. "97.25 %", to the same four significant figures. */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * 100)} %`;
}

/**
 * A count a person reads, whole and with its thousands separated, e.g. "60,000" digits or
 * "12,480" examples/s. A count is exact, so it is not cut to four figures (a trace of 300,123 steps
 * does not read "3.001e5"); a fractional one is rounded to the nearest whole number.
 */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return formatNumber(count);
  const whole = Math.round(count);
  const digits = String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return whole < 0 ? `-${digits}` : digits;
}
