/**
 * Predict mode asks for a step's result before showing it, so while the student thinks, every
 * picture (network, graph, layer view) must show the numbers as they stood before that step:
 * otherwise the answer is already on screen beside the question. This hands the views an index
 * that answers for the concealed step as for the step before it, and like the real one otherwise.
 */
import type { TraceIndex } from './trace-index';

export function concealingResultOf(index: TraceIndex, step: number): TraceIndex {
  const asSeen = (at: number): number => (at === step ? step - 1 : at);
  // Everything else (which nodes a step is about, where a node came from) stays the real index's.
  const concealed = Object.create(index) as TraceIndex;
  concealed.valueAfter = (id, at) => index.valueAfter(id, asSeen(at));
  concealed.gradAfter = (id, at) => index.gradAfter(id, asSeen(at));
  concealed.localDerivativeAfter = (node, input, at) => index.localDerivativeAfter(node, input, asSeen(at));
  return concealed;
}
