/**
 * JSON as people read it: objects indented, and each innermost array of numbers on one line, so a
 * weight matrix reads row by row. Numbers keep JSON.stringify's shortest round-trip form, which
 * is full float64 precision.
 */

import { problemToJson, type Problem } from './problem';

/**
 * JSON.stringify of a scalar or key, with DEL, the C1 controls and the bidirectional overrides also
 * written as \u escapes (JSON.stringify escapes only the C0 controls), so a string from a file,
 * such as a student's answers key, cannot drive a terminal that shows the JSON. Parsing gives the
 * same string back.
 */
function scalarText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Scalars and arrays of scalars print on one line. */
function isFlat(values: readonly unknown[]): boolean {
  return values.every((value) => value === null || typeof value !== 'object');
}

function render(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return scalarText(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (isFlat(value)) return `[${value.map(scalarText).join(', ')}]`;
    return `[\n${value.map((item) => inner + render(item, inner)).join(',\n')}\n${indent}]`;
  }
  // Like JSON.stringify, keys whose value is undefined are left out.
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${scalarText(key)}: ${render(item, inner)}`).join(',\n')}\n${indent}}`;
}

/** The text of a JSON file for plain data (what JSON.stringify accepts), ending with a newline. */
export function jsonText(value: unknown): string {
  return `${render(value, '')}\n`;
}

/**
 * The text of a problem file. Every writer of one (tracegrad new, the player's download, the check
 * page, problem sets, the playground) uses it, so a problem reads the same wherever it came from.
 */
export function problemFileText(problem: Problem): string {
  return jsonText(problemToJson(problem));
}

/**
 * A flat record as one line in the spaced style people write by hand, `{"epoch": 1, "seconds": 1.9}`:
 * a space after each colon and comma, so the lines of `tracegrad mnist --json` read as in its help.
 */
export function jsonLine(record: Readonly<Record<string, number | string | boolean | null>>): string {
  return `{${Object.entries(record).map(([key, value]) => `${scalarText(key)}: ${scalarText(value)}`).join(', ')}}\n`;
}

/**
 * JSON.parse for the text of a file: a byte-order mark at the start, which some editors on Windows
 * write, is dropped rather than rejected as an unexpected character. Syntax errors throw as JSON.parse's do.
 */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
}
