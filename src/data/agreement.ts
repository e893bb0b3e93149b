/**
 * "Both engines agree": two results of one problem, one from the recording scalar engine (float64,
 * one Value at a time) and one from the vectorized engine (float32 matrices), compared number by
 * number. The player and the lessons show it so that a student can trust that the fast engine
 * computes the same backprop as the one they step through. The comparison lives here, below both
 * engines, so each side can use it; `ui/player/engines-agree.ts` runs the two engines.
 */
import type { GradResult, Matrix, Vector } from './result';

export interface Agreement {
  agree: boolean;
  /** The largest |scalar − tensor| / max(1, |scalar|) over every number both results hold. */
  maxDifference: number;
}

/**
 * float32 keeps about 7 significant digits; sums over a layer and a batch lose a few more, so
 * differences up to 1e-4 (relative above 1, absolute below) are rounding, not a disagreement.
 */
export const AGREEMENT_TOLERANCE = 1e-4;

function flatten(values: number | Vector | Matrix | undefined): number[] {
  if (values === undefined) return [];
  if (typeof values === 'number') return [values];
  return (values as (number | Vector)[]).flat();
}

/** Every number of a result, in one fixed order, so two results compare position by position. */
function allNumbers(result: GradResult): number[] {
  return [
    ...flatten(result.loss),
    ...flatten(result.output),
    ...result.layers.flatMap((layer) => [
      ...flatten(layer.a), ...flatten(layer.z), ...flatten(layer.delta),
      ...flatten(layer.gradWeights), ...flatten(layer.gradBiases),
      ...flatten(layer.newWeights), ...flatten(layer.newBiases),
    ]),
  ];
}

/** The largest relative difference between two results of the same problem (Infinity if their shapes differ). */
export function maxResultDifference(scalar: GradResult, tensor: GradResult): number {
  const expected = allNumbers(scalar);
  const actual = allNumbers(tensor);
  if (expected.length !== actual.length) return Infinity;
  let largest = 0;
  expected.forEach((value, i) => {
    const difference = Math.abs(value - actual[i]!) / Math.max(1, Math.abs(value));
    // NaN on either side is a disagreement, not a difference of 0.
    largest = Math.max(largest, Number.isNaN(difference) ? Infinity : difference);
  });
  return largest;
}
