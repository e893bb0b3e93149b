/**
 * Records one digit's problem on the scalar engine, away from the page: a 784-128-10 network's
 * trace has some 300,000 steps and takes a second or two to record, which would freeze the page.
 * It posts the trace packed (typed arrays, transferred rather than copied) and, while it has the
 * run at hand, how far the tensor engine's numbers are from it.
 */
import { packedBuffers } from '../../engine/packed-trace';
import { AGREEMENT_TOLERANCE, maxResultDifference } from '../../data/agreement';
import { traceProblemPacked } from '../../nn/run';
import { runProblemTensor } from '../../tensor/problem';
import type { TraceRequest, TraceResponse } from './trace-client';

/** The part of a dedicated worker's global scope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: TraceResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<TraceRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = ({ data: { id, problem } }) => {
  try {
    const started = performance.now();
    const { result, packed } = traceProblemPacked(problem);
    const seconds = (performance.now() - started) / 1000;
    const maxDifference = maxResultDifference(result, runProblemTensor(problem));
    // One sample: the result holds vectors, not one row per sample.
    const first = result.layers[0]!;
    const gradWeights = Float32Array.from((first.gradWeights as number[][]).flat());
    scope.postMessage(
      {
        type: 'trace',
        id,
        packed,
        seconds,
        output: result.output as number[],
        firstLayer: { gradWeights, delta: first.delta as number[] },
        agreement: { agree: maxDifference <= AGREEMENT_TOLERANCE, maxDifference },
      },
      [...packedBuffers(packed), gradWeights.buffer],
    );
  } catch (error) {
    scope.postMessage({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  }
};
