/**
 * The layer (matrix) view of the current step: the slides' vectorized formula for the layer and
 * phase the step belongs to, with the real numbers filled in as far as the scalar steps have
 * computed them and "?" where they have not. It shows that the matrix formula is the scalar steps
 * collected. All numbers are read through ShownNumbers, so predict mode conceals here as elsewhere.
 */
import { texNumber } from '../../engine/format';
import type { Trace } from '../../engine/trace';
import type { NodeRole } from '../../engine/trace-data';
import type { Problem } from '../../data/problem';
import type { ShownNumbers } from './shown-numbers';
import { StepMemo } from './step-memo';

export interface LayerTex {
  /** What the formula is about, e.g. "Layer 2, backward". */
  title: string;
  /** Display-math lines, each a complete formula. */
  lines: string[];
  /**
   * The shapes of the formula's factors, when the owner asked for them: as here (one sample,
   * column vectors) and as in training, where B samples are the rows of one matrix.
   */
  shapes?: { here: string; training?: string };
}

const UNKNOWN = '?';
/** Longer vectors keep their first 3 and last 2 entries: a 28×28 matrix is unreadable (and slow) in full. */
const FULL_SIZE = 8;
const HEAD = 3;
const TAIL = 2;
const entry = (value: number | undefined): string => (value === undefined ? UNKNOWN : texNumber(value));

/**
 * The indices (0-based) of the entries shown of `length`, with -1 where the middle ones are left
 * out. Only the shown entries are ever looked up: W^{[1]} of an MNIST network has 100,352.
 */
function shownIndices(length: number): number[] {
  if (length <= FULL_SIZE) return Array.from({ length }, (_unused, i) => i);
  return [...Array.from({ length: HEAD }, (_unused, i) => i), -1, ...Array.from({ length: TAIL }, (_unused, i) => length - TAIL + i)];
}

/** Entry i of a vector, read on demand (undefined while not yet computed). */
type Read = (i: number) => number | undefined;

const column = (length: number, read: Read): string =>
  `\\begin{bmatrix} ${shownIndices(length).map((i) => (i < 0 ? '\\vdots' : entry(read(i)))).join(' \\\\ ')} \\end{bmatrix}`;
const row = (length: number, read: Read): string =>
  `\\begin{bmatrix} ${shownIndices(length).map((i) => (i < 0 ? '\\cdots' : entry(read(i)))).join(' & ')} \\end{bmatrix}`;
function matrix(rows: number, cols: number, read: (r: number, c: number) => number | undefined): string {
  const shownCols = shownIndices(cols);
  const lines = shownIndices(rows).map((r) =>
    shownCols.map((c) => {
      if (r < 0) return c < 0 ? '\\ddots' : '\\vdots';
      return c < 0 ? '\\cdots' : entry(read(r, c));
    }).join(' & '));
  return `\\begin{bmatrix} ${lines.join(' \\\\ ')} \\end{bmatrix}`;
}

/** A factor with its shape written under it. */
const shaped = (tex: string, rows: number | string, cols: number | string): string => `\\underbrace{${tex}}_{${rows}\\times ${cols}}`;

const DERIVATIVE_TEX: Record<string, string> = {
  sigmoid: "\\sigma'",
  tanh: "\\tanh'",
  relu: "\\operatorname{ReLU}'",
  identity: "\\operatorname{id}'",
};

const ACTIVATION_TEX: Record<string, string> = {
  softmax: '\\operatorname{softmax}',
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  relu: '\\operatorname{ReLU}',
};

/**
 * The layer formula of `step`. With `trainingBatch`, the formula's shapes come too, here and in
 * training on batches of that many samples.
 */
export function layerTex(problem: Problem, trace: Trace, numbers: ShownNumbers, sample: number | undefined, trainingBatch?: number): LayerTex | undefined {
  // Built when the player prepares the next stop and again when it is shown: kept, for the same
  // problem, step, sample and concealment.
  const key = `${numbers.step}:${numbers.concealed}:${sample}:${trainingBatch}`;
  const kept = built.get(numbers.index, key, () => ({ problem, tex: buildLayerTex(problem, trace, numbers, sample, trainingBatch) }));
  return kept.problem === problem ? kept.tex : buildLayerTex(problem, trace, numbers, sample, trainingBatch);
}

const built = new StepMemo<{ problem: Problem; tex: LayerTex | undefined }>();

function buildLayerTex(problem: Problem, trace: Trace, numbers: ShownNumbers, sample: number | undefined, trainingBatch?: number): LayerTex | undefined {
  const { index, step } = numbers;
  const tags = trace.tags(step);
  const pass = tags.pass;
  const L = problem.layers.length;
  const sizes = [problem.inputs[0]!.length, ...problem.layers.map((layer) => layer.weights.length)];
  const perSample = (role: NodeRole, layer: number, neuron: number) => index.find(pass, { role, layer, neuron, ...(sample !== undefined && { sample }) });
  const param = (role: NodeRole, layer: number, neuron: number, input?: number) => index.find(pass, { role, layer, neuron, ...(input !== undefined && { input }) });
  const value = (id: number | undefined): number | undefined => (id === undefined ? undefined : numbers.value(id));
  const grad = (id: number | undefined): number | undefined => (id === undefined ? undefined : numbers.grad(id));
  // Node ids by 0-based position; the notation (and the trace's labels) count from 1.
  const aId = (l: number, j: number) => perSample('pre-activation', l, j + 1);
  // An identity layer has no separate z nodes: z is a.
  const zId = (l: number, j: number) => (l === 0 ? perSample('input', 0, j + 1) : perSample('activation', l, j + 1) ?? perSample('pre-activation', l, j + 1));
  const weightId = (l: number, j: number, k: number) => param('weight', l, j + 1, k + 1);
  const biasId = (l: number, j: number) => param('bias', l, j + 1);
  const a = (l: number, read: (id: number | undefined) => number | undefined): string => column(sizes[l]!, (j) => read(aId(l, j)));
  const z = (l: number, read: (id: number | undefined) => number | undefined): string => column(sizes[l]!, (j) => read(zId(l, j)));
  const weights = (l: number, read: (id: number | undefined) => number | undefined): string => matrix(sizes[l]!, sizes[l - 1]!, (j, k) => read(weightId(l, j, k)));
  const biases = (l: number, read: (id: number | undefined) => number | undefined): string => column(sizes[l]!, (j) => read(biasId(l, j)));
  const suffix = sample === undefined ? '' : ` (sample ${sample})`;
  const previous = (l: number) => (l === 1 ? 'x' : `z^{[${l - 1}]}`);
  // In training the samples are the rows of one matrix: X, Z^{[l]}, Δ^{[l]}.
  const Previous = (l: number) => (l === 1 ? 'X' : `Z^{[${l - 1}]}`);
  const B = 'B';
  const withShapes = (lines: LayerTex, here: string, training?: string): LayerTex =>
    trainingBatch === undefined ? lines : { ...lines, shapes: { here, ...(training !== undefined && { training }) } };

  if (tags.phase === 'loss') {
    const lossId = index.lossNode(pass);
    return withShapes(
      {
        title: `Loss${suffix}`,
        lines: [`\\hat{y} = z^{[${L}]} = ${z(L, value)}`, `\\mathcal{L} = ${entry(value(lossId))}`],
      },
      `${shaped('\\hat{y}', sizes[L]!, 1)},\\quad \\mathcal{L} \\text{ is one number}`,
      `${shaped('\\hat{Y}', B, sizes[L]!)},\\quad \\mathcal{L} = \\tfrac{1}{B} \\textstyle\\sum_{i=1}^{B} \\ell^{(i)}`,
    );
  }

  const l = tags.layer;
  if (l === undefined || l < 1) return undefined;
  const activation = problem.layers[l - 1]!.activation;
  const [n, m] = [sizes[l]!, sizes[l - 1]!];

  if (tags.phase === 'forward') {
    return withShapes(
      {
        title: `Layer ${l}, forward${suffix}`,
        lines: [
          `a^{[${l}]} = W^{[${l}]} ${previous(l)} + b^{[${l}]} = ${weights(l, value)} ${z(l - 1, value)} + ${biases(l, value)} = ${a(l, value)}`,
          activation === 'identity'
            ? `z^{[${l}]} = a^{[${l}]}`
            : `z^{[${l}]} = ${ACTIVATION_TEX[activation] ?? '\\sigma'}\\left(a^{[${l}]}\\right) = ${z(l, value)}`,
        ],
      },
      `${shaped(`a^{[${l}]}`, n, 1)} = ${shaped(`W^{[${l}]}`, n, m)}\\, ${shaped(previous(l), m, 1)} + ${shaped(`b^{[${l}]}`, n, 1)}`,
      `${shaped(`A^{[${l}]}`, B, n)} = ${shaped(Previous(l), B, m)}\\, ${shaped(`(W^{[${l}]})^{\\mathsf T}`, m, n)} + ${shaped(`(b^{[${l}]})^{\\mathsf T}`, 1, n)}`,
    );
  }

  if (tags.phase === 'update') {
    return withShapes(
      {
        title: `Layer ${l}, gradient-descent step`,
        lines: [
          `W^{[${l}]} \\leftarrow W^{[${l}]} - \\alpha \\frac{\\partial \\mathcal{L}}{\\partial W^{[${l}]}} = ${weights(l, value)}`,
          `b^{[${l}]} \\leftarrow b^{[${l}]} - \\alpha \\frac{\\partial \\mathcal{L}}{\\partial b^{[${l}]}} = ${biases(l, value)}`,
        ],
      },
      `${shaped(`W^{[${l}]}`, n, m)} \\leftarrow W^{[${l}]} - \\alpha\\, ${shaped(`\\frac{\\partial \\mathcal{L}}{\\partial W^{[${l}]}}`, n, m)}`,
    );
  }

  // Backward: δ^{[l]}, then the weight and bias gradients it gives. σ'(a) is read from the
  // local derivative the trace recorded along the edge z → a (1 for an identity layer).
  const delta: Read = (j) => grad(aId(l, j));
  const sigmaPrime: Read = (j) => {
    const aNode = aId(l, j);
    const zNode = zId(l, j);
    if (aNode === undefined || zNode === undefined) return undefined;
    return aNode === zNode ? 1 : numbers.localDerivative(zNode, aNode);
  };
  const derivative = `${DERIVATIVE_TEX[activation] ?? "\\sigma'"}\\left(a^{[${l}]}\\right)`;
  const lines: string[] = [];
  if (l === L && (problem.loss === 'cross_entropy' || problem.loss === 'bce')) {
    const scale = problem.loss === 'bce' && sizes[L]! > 1 ? `\\tfrac{1}{${sizes[L]}}` : '';
    lines.push(`\\delta^{[${L}]} = ${scale}(\\hat{y} - y)${sample === undefined ? '' : '/B'} = ${column(n, delta)}`);
  } else if (l === L) {
    lines.push(`\\delta^{[${L}]} = \\frac{\\partial \\mathcal{L}}{\\partial z^{[${L}]}} \\odot ${derivative} = ${column(n, (j) => grad(zId(L, j)))} \\odot ${column(n, sigmaPrime)} = ${column(n, delta)}`);
  } else {
    // (W^{[l+1]})^T: row k of the transpose is column k of W^{[l+1]}.
    const transposed = matrix(n, sizes[l + 1]!, (k, j) => value(weightId(l + 1, j, k)));
    lines.push(
      `\\delta^{[${l}]} = \\left((W^{[${l + 1}]})^{\\mathsf T} \\delta^{[${l + 1}]}\\right) \\odot ${derivative} = \\left(${transposed} ${a(l + 1, grad)}\\right) \\odot ${column(n, sigmaPrime)} = ${column(n, delta)}`,
    );
  }
  const batchNote = sample === undefined ? '' : `\\textstyle\\sum_{i}`;
  lines.push(
    `\\frac{\\partial \\mathcal{L}}{\\partial W^{[${l}]}} = ${batchNote}\\delta^{[${l}]} (${previous(l)})^{\\mathsf T} ${sample === undefined ? `= ${column(n, delta)} ${row(m, (k) => value(zId(l - 1, k)))}` : ''} = ${weights(l, grad)}`,
    `\\frac{\\partial \\mathcal{L}}{\\partial b^{[${l}]}} = ${batchNote}\\delta^{[${l}]} = ${biases(l, grad)}`,
  );
  return withShapes(
    { title: `Layer ${l}, backward${suffix}`, lines },
    `${shaped(`\\delta^{[${l}]}`, n, 1)},\\quad ${shaped(`\\frac{\\partial \\mathcal{L}}{\\partial W^{[${l}]}}`, n, m)} = ${shaped(`\\delta^{[${l}]}`, n, 1)}\\, ${shaped(`(${previous(l)})^{\\mathsf T}`, 1, m)}`,
    `${shaped(`\\Delta^{[${l}]}`, B, n)},\\quad ${shaped(`\\frac{\\partial \\mathcal{L}}{\\partial W^{[${l}]}}`, n, m)} = ${shaped(`(\\Delta^{[${l}]})^{\\mathsf T}`, n, B)}\\, ${shaped(Previous(l), B, m)}`,
  );
}
