/**
 * Is a typed formula the expected one? Two formulas that agree at many random points of the
 * expected formula's domain are taken to be the same function: `2/x`, `2x^-1` and `(1/x^2)(2x)` all
 * pass, while a formula that differs anywhere but on a handful of points would need luck to pass.
 */
import { ExpressionError, evaluate, parseExpression, type Bindings, type Expression } from '../../nn/expression';

/** Where to draw each variable from: an interval [low, high]. */
export type Domain = Readonly<Record<string, readonly [number, number]>>;

export type FormulaVerdict =
  | { kind: 'right' }
  | { kind: 'wrong'; at: Bindings; given: number; expected: number }
  | { kind: 'unreadable'; message: string; position: number };

/** Agreement needed at each point: relative, because both sides are the same function up to rounding. */
const RELATIVE = 1e-6;
const ABSOLUTE = 1e-9;
const POINTS = 12;
/** Draws per point before giving up on finding one where the expected formula is defined. */
const ATTEMPTS = 200;

/** A small seeded generator (mulberry32), so a check gives the same verdict every time. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Points inside `domain` where the expected formula has a finite value. Throws when there are
 * none, since that means the exercise itself is written wrong.
 */
export function samplePoints(expected: Expression, domain: Domain, count = POINTS, seed = 1): Bindings[] {
  const random = seededRandom(seed);
  const names = Object.keys(domain);
  const points: Bindings[] = [];
  for (let attempt = 0; points.length < count && attempt < count * ATTEMPTS; attempt++) {
    const point: Record<string, number> = {};
    for (const name of names) {
      const [low, high] = domain[name]!;
      point[name] = low + (high - low) * random();
    }
    if (Number.isFinite(evaluate(expected, point))) points.push(point);
  }
  if (points.length < count) throw new Error(`the expected formula is undefined almost everywhere in the domain ${JSON.stringify(domain)}`);
  return points;
}

export function sameValue(given: number, expected: number): boolean {
  return Number.isFinite(given) && Math.abs(given - expected) <= ABSOLUTE + RELATIVE * Math.abs(expected);
}

/** Checks `answer` against `expected` (both in the evaluator's syntax) in the domain's variables. */
export function checkFormula(answer: string, expected: string, domain: Domain): FormulaVerdict {
  const variables = Object.keys(domain);
  let given: Expression;
  try {
    given = parseExpression(answer, variables);
  } catch (error) {
    if (error instanceof ExpressionError) return { kind: 'unreadable', message: error.message, position: error.position };
    throw error;
  }
  const target = parseExpression(expected, variables);
  for (const point of samplePoints(target, domain, POINTS, hash(expected))) {
    const want = evaluate(target, point);
    const got = evaluate(given, point);
    if (!sameValue(got, want)) return { kind: 'wrong', at: point, given: got, expected: want };
  }
  return { kind: 'right' };
}

/**
 * Reads a domain written in an attribute, e.g. `"y: -3..-0.8"` or `"x: 0.5..4; y: 1..2"`. Throws an
 * Error naming the bad part, so a lesson with a typo fails loudly while it is being written.
 */
export function parseDomain(text: string): Domain {
  const domain: Record<string, readonly [number, number]> = {};
  for (const part of text.split(/[;,]/).map((entry) => entry.trim()).filter((entry) => entry !== '')) {
    const match = /^([A-Za-z]+)\s*:\s*(-?[\d.]+(?:e-?\d+)?)\s*\.\.\s*(-?[\d.]+(?:e-?\d+)?)$/.exec(part.replaceAll('−', '-'));
    if (match === null) throw new Error(`domain part "${part}" is not of the form "x: low..high"`);
    const low = Number(match[2]);
    const high = Number(match[3]);
    if (!(low < high)) throw new Error(`domain part "${part}" needs low < high`);
    domain[match[1]!] = [low, high];
  }
  if (Object.keys(domain).length === 0) throw new Error('a formula exercise needs a domain, e.g. "x: 0.5..4"');
  return domain;
}
