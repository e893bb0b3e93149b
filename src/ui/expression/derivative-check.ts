/**
 * "Check your derivative": a student's formula for ∂f/∂name against the engine's ∂f/∂name at the
 * point on screen and at points around it. A formula that agrees at all of them is taken to be
 * right; otherwise the first point where they disagree is shown, with both numbers.
 */
import { evaluate, ExpressionError, parseExpression, variablesOf, type Bindings, type Expression } from '../../nn/expression';
import { ExpressionRecordError, recordExpression } from '../../nn/expression-trace';
import { sameValue, type FormulaVerdict } from '../lesson/formula-check';

/** How many points are compared, the point on screen first. */
const POINTS = 8;
/** Draws allowed to find points inside the function's domain. */
const ATTEMPTS = 80;

/** A small seeded generator, so a check gives the same verdict every time it is asked. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** ∂f/∂name recorded by the engine, or undefined where f cannot be recorded (outside its domain). */
function engineDerivative(expression: Expression, point: Bindings, name: string): number | undefined {
  try {
    return recordExpression(expression, point).gradient.find((entry) => entry.name === name)?.value;
  } catch (error) {
    if (error instanceof ExpressionRecordError) return undefined;
    throw error;
  }
}

/**
 * The point on screen, then points within ±1 (and ±50 %) of it in every variable where the engine
 * can record f, so a check never asks about a place the function is not defined.
 */
function checkPoints(expression: Expression, point: Bindings, name: string): { at: Bindings; expected: number }[] {
  const random = seededRandom(7);
  const points: { at: Bindings; expected: number }[] = [];
  const first = engineDerivative(expression, point, name);
  if (first !== undefined) points.push({ at: point, expected: first });
  for (let attempt = 0; points.length < POINTS && attempt < ATTEMPTS; attempt++) {
    const at: Record<string, number> = {};
    for (const [variable, value] of Object.entries(point)) at[variable] = value + (random() * 2 - 1) * Math.max(1, 0.5 * Math.abs(value));
    const expected = engineDerivative(expression, at, name);
    if (expected !== undefined) points.push({ at, expected });
  }
  return points;
}

/** The student's `answer` for ∂f/∂`name` of `expression`, checked around `point`. */
export function checkDerivative(answer: string, expression: Expression, point: Bindings, name: string): FormulaVerdict {
  let given: Expression;
  try {
    given = parseExpression(answer, [], 'identifiers');
  } catch (error) {
    if (error instanceof ExpressionError) return { kind: 'unreadable', message: error.message, position: error.position };
    throw error;
  }
  const unknown = variablesOf(given).find((variable) => !Object.hasOwn(point, variable));
  if (unknown !== undefined) {
    return { kind: 'unreadable', message: `"${unknown}" is not a variable of f (its variables: ${Object.keys(point).join(', ')})`, position: Math.max(0, answer.indexOf(unknown)) };
  }
  for (const { at, expected } of checkPoints(expression, point, name)) {
    const got = evaluate(given, at);
    if (!sameValue(got, expected)) return { kind: 'wrong', at, given: got, expected };
  }
  return { kind: 'right' };
}
