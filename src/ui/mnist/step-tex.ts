/**
 * TeX for "step into one digit": the forward and backward pass of one MNIST digit with the real
 * numbers, too many to print in full (a 128×784 gradient), so vectors and matrices are abbreviated
 * to their first entries, dots and their last entry, as the slides do. Shapes are written under
 * each factor so the B×784 → B×128 → B×10 flow is visible.
 */
import { texNumber } from '../../engine/format';
import type { DigitStep } from './model';

/** Entries shown at the start of an abbreviated vector (the last one is always shown too). */
const HEAD = 3;

const DERIVATIVE_TEX: Record<string, string> = {
  sigmoid: "\\sigma'",
  tanh: "\\tanh'",
  relu: "\\operatorname{ReLU}'",
  identity: "\\operatorname{id}'",
};

/** The indices shown of a vector of `length`: all when short, else the head, a gap (-1) and the last. */
export function shownIndices(length: number, head = HEAD): number[] {
  if (length <= head + 2) return Array.from({ length }, (_, i) => i);
  return [...Array.from({ length: head }, (_, i) => i), -1, length - 1];
}

function entries(values: ArrayLike<number>, gap: string, head = HEAD): string[] {
  return shownIndices(values.length, head).map((i) => (i < 0 ? gap : texNumber(values[i]!)));
}

/** A 1×n row vector, abbreviated. */
export function texRow(values: ArrayLike<number>, head = HEAD): string {
  return `\\begin{bmatrix} ${entries(values, '\\cdots', head).join(' & ')} \\end{bmatrix}`;
}

/** An n×1 column vector, abbreviated. */
export function texColumn(values: ArrayLike<number>, head = HEAD): string {
  return `\\begin{bmatrix} ${entries(values, '\\vdots', head).join(' \\\\ ')} \\end{bmatrix}`;
}

/** A rows×cols row-major matrix, abbreviated in both directions. */
export function texMatrix(values: ArrayLike<number>, rows: number, cols: number, head = 2): string {
  const rowIndices = shownIndices(rows, head);
  const colIndices = shownIndices(cols, head);
  const lines = rowIndices.map((r) =>
    colIndices.map((c) => {
      if (r < 0 && c < 0) return '\\ddots';
      if (r < 0) return '\\vdots';
      if (c < 0) return '\\cdots';
      return texNumber(values[r * cols + c]!);
    }).join(' & '));
  return `\\begin{bmatrix} ${lines.join(' \\\\ ')} \\end{bmatrix}`;
}

const shape = (tex: string, rows: number | string, cols: number | string): string => `\\underbrace{${tex}}_{${rows}\\times ${cols}}`;

export interface StepLines {
  forward: string[];
  loss: string;
  backward: string[];
}

/** The formulas of one digit's pass, layer by layer, with its numbers (B = 1). */
export function stepTex(step: DigitStep): StepLines {
  const L = step.layers.length;
  const input = (l: number): Float32Array => (l === 1 ? step.x : step.layers[l - 2]!.z);
  const inputName = (l: number): string => (l === 1 ? 'x' : `z^{[${l - 1}]}`);

  const forward = step.layers.flatMap((layer, index) => {
    const l = index + 1;
    const sigma = layer.activation === 'softmax' ? '\\operatorname{softmax}' : layer.activation === 'relu' ? '\\operatorname{ReLU}' : `\\operatorname{${layer.activation}}`;
    return [
      `a^{[${l}]} = ${shape(inputName(l), 1, layer.inputs)}\\, ${shape(`(W^{[${l}]})^{\\mathsf T}`, layer.inputs, layer.outputs)} + b^{[${l}]} = ${shape(texRow(layer.a), 1, layer.outputs)}`,
      `${l === L ? '\\hat y = ' : ''}z^{[${l}]} = ${sigma}(a^{[${l}]}) = ${texRow(layer.z)}`,
    ];
  });

  const output = step.layers[L - 1]!;
  const loss = `L = -\\log \\hat y_{${step.label}} = -\\log ${texNumber(output.z[step.label]!)} = ${texNumber(step.loss)}`;

  const backward: string[] = [
    // y is the one-hot row e_label: only entry `label` of ŷ changes, by −1.
    `\\delta^{[${L}]} = \\hat y - e_{${step.label}} = ${shape(texRow(output.delta), 1, output.outputs)}`,
  ];
  for (let l = L; l >= 1; l--) {
    const layer = step.layers[l - 1]!;
    const previous = input(l);
    backward.push(
      `\\frac{\\partial L}{\\partial W^{[${l}]}} = \\delta^{[${l}]} (${inputName(l)})^{\\mathsf T} = ` +
        `${shape(texColumn(layer.delta), layer.outputs, 1)} ${shape(texRow(previous), 1, layer.inputs)} = ` +
        `${shape(texMatrix(layer.gradWeights, layer.outputs, layer.inputs), layer.outputs, layer.inputs)}`,
    );
    if (l > 1) {
      const below = step.layers[l - 2]!;
      const derivative = DERIVATIVE_TEX[below.activation] ?? "\\sigma'";
      backward.push(
        `\\delta^{[${l - 1}]} = \\big(\\delta^{[${l}]} W^{[${l}]}\\big) \\odot ${derivative}(a^{[${l - 1}]}) = ${shape(texRow(below.delta), 1, below.outputs)}`,
      );
    }
  }
  return { forward, loss, backward };
}
