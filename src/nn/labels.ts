/**
 * TeX names of a network's values, in the notation of docs/NOTATION.md: layers l = 1 … L as
 * superscripts [l], 1-based neuron and input indices, and (i) for sample i of a batch.
 */

/** "11" for small indices, "12,3" once either index has two digits, so W_{jk} stays unambiguous. */
function pair(j: number, k: number): string {
  return j < 10 && k < 10 ? `${j}${k}` : `${j},${k}`;
}

/** "^{[l]}" or, for sample i of a batch, "^{[l](i)}". */
function layerMark(l: number, sample?: number): string {
  return sample === undefined ? `^{[${l}]}` : `^{[${l}](${sample})}`;
}

export const weightLabel = (l: number, j: number, k: number): string => `W^{[${l}]}_{${pair(j, k)}}`;
export const biasLabel = (l: number, j: number): string => `b^{[${l}]}_{${j}}`;
export const preActivationLabel = (l: number, j: number, sample?: number): string => `a${layerMark(l, sample)}_{${j}}`;
export const activationLabel = (l: number, j: number, sample?: number): string => `z${layerMark(l, sample)}_{${j}}`;
export const deltaLabel = (l: number, j: number, sample?: number): string => `\\delta${layerMark(l, sample)}_{${j}}`;
export const inputLabel = (k: number, sample?: number): string => (sample === undefined ? `x_{${k}}` : `x^{(${sample})}_{${k}}`);
/** The loss ℒ (L is the depth); over a batch ℒ is the mean of the per-sample losses ℓ^{(i)}. */
export const LOSS_LABEL = '\\mathcal{L}';
export const sampleLossLabel = (sample?: number): string => (sample === undefined ? LOSS_LABEL : `\\ell^{(${sample})}`);
