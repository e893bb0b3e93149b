/**
 * The one number formatter for everything a person reads: formula cards, tables, narration.
 * Four decimals (trailing zeros dropped) in the range hand-worked examples live in, scientific
 * notation with four significant digits outside it, so 0.0822 and 3.2e-7 both read naturally.
 */
const PLAIN_MIN = 1e-3;
const PLAIN_MAX = 1e5;

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function splitScientific(x: number): { mantissa: string; exponent: number } {
  const [mantissa = '0', exponent = '0'] = x.toExponential(3).split('e');
  return { mantissa: trimZeros(mantissa), exponent: Number(exponent) };
}

function usesPlainForm(x: number): boolean {
  const magnitude = Math.abs(x);
  return magnitude === 0 || (magnitude >= PLAIN_MIN && magnitude < PLAIN_MAX);
}

/** Plain text, e.g. "0.0822", "-1.5", "3.2e-7". */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (usesPlainForm(x)) {
    const text = trimZeros(x.toFixed(4));
    return text === '-0' ? '0' : text;
  }
  const { mantissa, exponent } = splitScientific(x);
  return `${mantissa}e${exponent}`;
}

/** TeX for a number standing alone, e.g. "0.0822" or "3.2 \times 10^{-7}". */
export function texNumber(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (usesPlainForm(x)) return formatNumber(x);
  const { mantissa, exponent } = splitScientific(x);
  return `${mantissa} \\times 10^{${exponent}}`;
}

/**
 * TeX for a number used as an operand inside a larger expression: negative numbers and
 * scientific notation get parentheses so "0.5 \times (-0.3)" never reads as a subtraction.
 */
export function texOperand(x: number): string {
  const tex = texNumber(x);
  return x < 0 || tex.includes('\\times') ? `\\left(${tex}\\right)` : tex;
}
