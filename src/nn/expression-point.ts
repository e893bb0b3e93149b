/**
 * The point an expression is evaluated at, written `x=1,y=-1.5`: how `tracegrad expr --at` and the
 * expression page's URL (`#/expression?f=…&at=…`) both spell the variables' values.
 */
import { ExpressionRecordError } from './expression-trace';

/** A plain decimal number, optionally signed and with an exponent; no hex, no Infinity, no blanks. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Values by name, in the order they were written. */
export function parsePoint(text: string): Record<string, number> {
  const point: Record<string, number> = {};
  if (text.trim() === '') return point;
  for (const entry of text.split(',')) {
    const equals = entry.indexOf('=');
    if (equals < 0) throw new ExpressionRecordError(`"${entry.trim()}" is not of the form name=value (write the point as x=1,y=-1.5)`);
    const name = entry.slice(0, equals).trim();
    // People paste the typographic minus; it means the same sign.
    const valueText = entry.slice(equals + 1).trim().replace(/^[−–]/, '-');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ExpressionRecordError(`"${name}" is not a variable name (a letter or _, then letters, digits or _)`);
    if (Object.hasOwn(point, name)) throw new ExpressionRecordError(`${name} is given two values`);
    const value = DECIMAL.test(valueText) ? Number(valueText) : Number.NaN;
    if (!Number.isFinite(value)) throw new ExpressionRecordError(`the value of ${name} is "${valueText}", not a finite number`);
    point[name] = value;
  }
  return point;
}

/** The point written back in the same form, each number in full float64 precision. */
export function pointText(point: Readonly<Record<string, number>>): string {
  return Object.entries(point)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(',');
}
