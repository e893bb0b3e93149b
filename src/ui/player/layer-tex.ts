/**
 * The layer (matrix) view of the current step: the slides' vectorized formula for the layer and
 * phase the step belongs to, with the real numbers filled in as far as the scalar steps have
 * computed them and "?" where they have not. It shows that the matrix formula is the scalar steps
 * collected. All numbers are read from the trace index.
 */
import { texNumber } from '../../engine/format';
import type { Trace } from '../../engine/trace';
import type { NodeRole } from '../../engine/trace-data';
import type { Problem } from '../../data/problem';
import type { TraceIndex } from './trace-index';

export interface LayerTex {
  /** What the formula is about, e.g. "Layer 2, backward". */
  title: string;
  /** Display-math lines, each a complete formula. */
  lines: string[];
}

const UNKNOWN = '?';
/** Longer vectors keep their first 3 and last 2 entries: a 28×28 matrix is unreadable (and slow) in full. */
const FULL_SIZE = 8;
const HEAD = 3;
const TAIL = 2;
const entry = (value: number | undefined): string => (value === undefined ? UNKNOWN : texNumber(value));

/** The entries to show, with `gap` standing where the middle ones were left out. */
function elide<T>(values: readonly T[], gap: T): T[] {
  return values.length <= FULL_SIZE ? [...values] : [...values.slice(0, HEAD), gap, ...values.slice(-TAIL)];
}

const column = (values: readonly (number | undefined)[]): string => `\\begin{bmatrix} ${elide(values.map(entry), '\\vdots').join(' \\\\ ')} \\end{bmatrix}`;
const row = (values: readonly (number | undefined)[]): string => `\\begin{bmatrix} ${elide(values.map(entry), '\\cdots').join(' & ')} \\end{bmatrix}`;
function matrix(rows: readonly (readonly (number | undefined)[])[]): string {
  const width = rows[0]?.length ?? 0;
  const gapRow = elide(Array.from({ length: width }, () => '\\vdots'), '\\ddots');
  const shown = elide(rows.map((cells) => elide(cells.map(entry), '\\cdots')), gapRow);
  return `\\begin{bmatrix} ${shown.map((cells) => cells.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

const DERIVATIVE_TEX: Record<string, string> = {
  sigmoid: "\\sigma'",
  tanh: "\\tanh'",
  relu: "\\operatorname{ReLU}'",
  identity: "\\operatorname{id}'",
};

export function layerTex(problem: Problem, trace: Trace, index: TraceIndex, step: number, sample: number | undefined): LayerTex | undefined {
  const tags = trace.tags(step);
  const pass = tags.pass;
  const L = problem.layers.length;
  const sizes = [problem.inputs[0]!.length, ...problem.layers.map((layer) => layer.weights.length)];
  const perSample = (role: NodeRole, layer: number, neuron: number) => index.find(pass, { role, layer, neuron, ...(sample !== undefined && { sample }) });
  const param = (role: NodeRole, layer: number, neuron: number, input?: number) => index.find(pass, { role, layer, neuron, ...(input !== undefined && { input }) });
  const value = (id: number | undefined): number | undefined => (id === undefined ? undefined : index.valueAfter(id, step));
  const grad = (id: number | undefined): number | undefined => (id === undefined ? undefined : index.gradAfter(id, step));
  const neurons = (l: number): number[] => Array.from({ length: sizes[l]! }, (_unused, j) => j + 1);
  const aIds = (l: number) => neurons(l).map((j) => perSample('pre-activation', l, j));
  // An identity layer has no separate z nodes: z is a.
  const zIds = (l: number) => (l === 0 ? neurons(0).map((k) => perSample('input', 0, k)) : neurons(l).map((j) => perSample('activation', l, j) ?? perSample('pre-activation', l, j)));
  const weights = (l: number, read: (id: number | undefined) => number | undefined) => neurons(l).map((j) => neurons(l - 1).map((k) => read(param('weight', l, j, k))));
  const biases = (l: number, read: (id: number | undefined) => number | undefined) => neurons(l).map((j) => read(param('bias', l, j)));
  const suffix = sample === undefined ? '' : ` (sample ${sample})`;
  const previous = (l: number) => (l === 1 ? 'x' : `z^{[${l - 1}]}`);

  if (tags.phase === 'loss') {
    const lossId = index.lossNode(pass);
    return {
      title: `Loss${suffix}`,
      lines: [`\\hat{y} = z^{[${L}]} = ${column(zIds(L).map(value))}`, `L = ${entry(value(lossId))}`],
    };
  }

  const l = tags.layer;
  if (l === undefined || l < 1) return undefined;
  const activation = problem.layers[l - 1]!.activation;

  if (tags.phase === 'forward') {
    return {
      title: `Layer ${l}, forward${suffix}`,
      lines: [
        `a^{[${l}]} = W^{[${l}]} ${previous(l)} + b^{[${l}]} = ${matrix(weights(l, value))} ${column(zIds(l - 1).map(value))} + ${column(biases(l, value))} = ${column(aIds(l).map(value))}`,
        activation === 'identity'
          ? `z^{[${l}]} = a^{[${l}]}`
          : `z^{[${l}]} = ${activation === 'softmax' ? '\\operatorname{softmax}' : activation === 'sigmoid' ? '\\sigma' : activation === 'tanh' ? '\\tanh' : '\\operatorname{ReLU}'}\\left(a^{[${l}]}\\right) = ${column(zIds(l).map(value))}`,
      ],
    };
  }

  if (tags.phase === 'update') {
    return {
      title: `Layer ${l}, gradient-descent step`,
      lines: [
        `W^{[${l}]} \\leftarrow W^{[${l}]} - \\alpha \\frac{\\partial L}{\\partial W^{[${l}]}} = ${matrix(weights(l, (id) => (id === undefined ? undefined : trace.valueAt(id, step + 1))))}`,
        `b^{[${l}]} \\leftarrow b^{[${l}]} - \\alpha \\frac{\\partial L}{\\partial b^{[${l}]}} = ${column(biases(l, (id) => (id === undefined ? undefined : trace.valueAt(id, step + 1))))}`,
      ],
    };
  }

  // Backward: δ^{[l]}, then the weight and bias gradients it gives. σ'(a) is read from the
  // local derivative the trace recorded along the edge z → a (1 for an identity layer).
  const deltas = aIds(l).map(grad);
  const sigmaPrime = neurons(l).map((j) => {
    const aId = aIds(l)[j - 1];
    const zId = zIds(l)[j - 1];
    if (aId === undefined || zId === undefined) return undefined;
    return aId === zId ? 1 : index.localDerivativeAfter(zId, aId, step);
  });
  const derivative = `${DERIVATIVE_TEX[activation] ?? "\\sigma'"}\\left(a^{[${l}]}\\right)`;
  const lines: string[] = [];
  if (l === L && (problem.loss === 'cross_entropy' || problem.loss === 'bce')) {
    const scale = problem.loss === 'bce' && sizes[L]! > 1 ? `\\tfrac{1}{${sizes[L]}}` : '';
    lines.push(`\\delta^{[${L}]} = ${scale}(\\hat{y} - y)${sample === undefined ? '' : '/B'} = ${column(deltas)}`);
  } else if (l === L) {
    lines.push(`\\delta^{[${L}]} = \\frac{\\partial L}{\\partial z^{[${L}]}} \\odot ${derivative} = ${column(zIds(L).map(grad))} \\odot ${column(sigmaPrime)} = ${column(deltas)}`);
  } else {
    const above = weights(l + 1, value);
    const transposed = neurons(l).map((k) => above.map((rowValues) => rowValues[k - 1]));
    lines.push(
      `\\delta^{[${l}]} = \\left((W^{[${l + 1}]})^{\\mathsf T} \\delta^{[${l + 1}]}\\right) \\odot ${derivative} = \\left(${matrix(transposed)} ${column(aIds(l + 1).map(grad))}\\right) \\odot ${column(sigmaPrime)} = ${column(deltas)}`,
    );
  }
  const batchNote = sample === undefined ? '' : `\\textstyle\\sum_{i}`;
  lines.push(
    `\\frac{\\partial L}{\\partial W^{[${l}]}} = ${batchNote}\\delta^{[${l}]} (${previous(l)})^{\\mathsf T} ${sample === undefined ? `= ${column(deltas)} ${row(zIds(l - 1).map(value))}` : ''} = ${matrix(weights(l, grad))}`,
    `\\frac{\\partial L}{\\partial b^{[${l}]}} = ${batchNote}\\delta^{[${l}]} = ${column(biases(l, grad))}`,
  );
  return { title: `Layer ${l}, backward${suffix}`, lines };
}
