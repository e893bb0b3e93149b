/** The number a step produces, what predict mode asks the student for, and when it asks. */
import { texNumber } from '../../engine/format';
import { stepTex } from '../../engine/tex';
import type { Trace } from '../../engine/trace';

export function resultOf(trace: Trace, step: number): number {
  const current = trace.step(step);
  switch (current.kind) {
    case 'forward':
      return current.value;
    case 'backward':
      return current.contribution;
    case 'gradient':
      return current.grad;
    case 'update':
      return current.newValue;
  }
}

/** Whether `text` holds `number` as a whole number (not as part of 0.75 when the number is 0.7). */
function holdsNumber(text: string, number: string): boolean {
  const escaped = number.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${escaped}(?![\\d])`).test(text);
}

/**
 * Whether predict mode asks for a step's result. Not when the card's numbers already show it,
 * sign aside: ∂ℒ/∂ℒ = 1, a bias gradient δ × 1, an identity or ReLU passing its input on, an
 * update too small to change four figures. There is nothing to work out, and asking would put
 * the answer beside the question.
 */
export function asksFor(trace: Trace, step: number): boolean {
  return !holdsNumber(stepTex(trace, step).substituted, texNumber(Math.abs(resultOf(trace, step))));
}
