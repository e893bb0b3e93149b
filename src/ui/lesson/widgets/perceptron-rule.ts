/**
 * The perceptron learning rule on its own, so the widget that shows it and the test that checks the
 * lesson's numbers run the same arithmetic: predict with the step function, and only when the
 * prediction is wrong move the weights by α (y − ŷ) x and the bias by α (y − ŷ).
 */
import type { Point } from './plane';

export interface PerceptronWeights {
  w1: number;
  w2: number;
  b: number;
}

/** The step function's answer: 1 when the weighted sum is ≥ 0 (a sum of exactly 0 counts as 1). */
export const predictStep = (w: PerceptronWeights, [x1, x2]: Point): 0 | 1 => (w.w1 * x1 + w.w2 * x2 + w.b >= 0 ? 1 : 0);

/** One application of the rule to one example: the prediction it made and the weights after it. */
export function applyRule(w: PerceptronWeights, x: Point, y: 0 | 1, rate: number): { prediction: 0 | 1; after: PerceptronWeights } {
  const prediction = predictStep(w, x);
  const error = y - prediction;
  return { prediction, after: { w1: w.w1 + rate * error * x[0], w2: w.w2 + rate * error * x[1], b: w.b + rate * error } };
}
