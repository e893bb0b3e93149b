/**
 * Runs one problem through both engines, the recording scalar one and the vectorized one, and says
 * whether their numbers agree to float32 rounding. It sits above `nn/` and `tensor/` because it
 * needs both; the comparison itself is `data/agreement.ts`.
 */
import { AGREEMENT_TOLERANCE, maxResultDifference, type Agreement } from '../../data/agreement';
import type { Problem } from '../../data/problem';
import { runProblem } from '../../nn/run';
import { runProblemTensor } from '../../tensor/problem';

export function enginesAgree(problem: Problem): Agreement {
  const maxDifference = maxResultDifference(runProblem(problem).result, runProblemTensor(problem));
  return { agree: maxDifference <= AGREEMENT_TOLERANCE, maxDifference };
}
