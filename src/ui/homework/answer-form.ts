/**
 * The answer form of the check page: one box per quantity of a problem, labelled in the notation,
 * and the answer sheet (the `tracegrad check` format) built from what was typed. The sheet is
 * graded by the CLI's own `gradeAnswers`, so the form and the command line cannot disagree.
 */
import type { Problem } from '../../data/problem';
import { texToText } from '../../engine/tex';
import { LOSS_LABEL, activationLabel, biasLabel, deltaLabel, preActivationLabel, weightLabel } from '../../nn/labels';

/** Where a number sits in the sheet: object keys and array indices, outermost first. */
export type SheetPath = readonly (string | number)[];

export interface AnswerField {
  /** The path as gradeAnswers reports it, e.g. "layers[0].gradWeights[0][1]": the box's key. */
  path: string;
  keys: SheetPath;
  /** The quantity in TeX, e.g. \frac{\partial \mathcal{L}}{\partial W^{[1]}_{12}}. */
  tex: string;
}

export interface AnswerGroup {
  title: string;
  fields: AnswerField[];
}

/** "layers[0].gradWeights[0][1]" from ['layers', 0, 'gradWeights', 0, 1], as grading.ts writes paths. */
export function pathText(keys: SheetPath): string {
  return keys.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function field(keys: SheetPath, tex: string): AnswerField {
  return { path: pathText(keys), keys, tex };
}

const gradient = (tex: string): string => `\\frac{\\partial ${LOSS_LABEL}}{\\partial ${tex}}`;
const updated = (tex: string): string => `\\text{new } ${tex}`;

/**
 * The boxes in the order a student works: the forward pass layer by layer (the last layer's z as
 * ŷ), the loss, the δs from the output back, the gradients, and the step when there is one.
 */
export function answerGroups(problem: Problem): AnswerGroup[] {
  const batch = !problem.singleSample;
  const samples = problem.inputs.map((_input, i) => i);
  const last = problem.layers.length - 1;
  // One sample: vectors; a batch: one row per sample, so the keys gain a sample index.
  const perSample = (layer: number, key: 'a' | 'z' | 'delta', label: (l: number, j: number, sample?: number) => string): AnswerField[] =>
    samples.flatMap((i) =>
      problem.layers[layer]!.weights.map((_row, j) =>
        field(['layers', layer, key, ...(batch ? [i] : []), j], label(layer + 1, j + 1, batch ? i + 1 : undefined)),
      ),
    );
  const output = samples.flatMap((i) =>
    problem.layers[last]!.weights.map((_row, k) => field(['output', ...(batch ? [i] : []), k], batch ? `\\hat{y}^{(${i + 1})}_{${k + 1}}` : `\\hat{y}_{${k + 1}}`)),
  );
  const weights = (layer: number, key: 'gradWeights' | 'newWeights', name: (tex: string) => string): AnswerField[] =>
    problem.layers[layer]!.weights.flatMap((row, j) => row.map((_w, k) => field(['layers', layer, key, j, k], name(weightLabel(layer + 1, j + 1, k + 1)))));
  const biases = (layer: number, key: 'gradBiases' | 'newBiases', name: (tex: string) => string): AnswerField[] =>
    problem.layers[layer]!.biases.map((_b, j) => field(['layers', layer, key, j], name(biasLabel(layer + 1, j + 1))));

  const layers = problem.layers.map((_layer, index) => index);
  const groups: AnswerGroup[] = layers.map((l) => ({
    title: `Forward pass, layer ${l + 1}`,
    fields: [...perSample(l, 'a', preActivationLabel), ...(l === last ? [] : perSample(l, 'z', activationLabel))],
  }));
  groups.push({ title: 'Output and loss', fields: [...output, field(['loss'], LOSS_LABEL)] });
  for (const l of [...layers].reverse()) {
    groups.push({
      title: `Backward pass, layer ${l + 1}`,
      fields: [...perSample(l, 'delta', deltaLabel), ...weights(l, 'gradWeights', gradient), ...biases(l, 'gradBiases', gradient)],
    });
  }
  if (problem.learningRate !== undefined) {
    groups.push({
      title: `After one gradient-descent step (α = ${problem.learningRate})`,
      fields: layers.flatMap((l) => [...weights(l, 'newWeights', updated), ...biases(l, 'newBiases', updated)]),
    });
  }
  return groups;
}

/**
 * TeX for a graded number's name as the grader writes it in plain text (∂ℒ/∂W^{[1]}_{11},
 * δ^{[2]}_{1}, ŷ_{1}, b^{[1]}_{2} (new)): for the rows of a grading that have no box in the form,
 * such as the last layer's z, which the form asks for as ŷ.
 */
export function sheetNameTex(name: string): string {
  const updated = name.endsWith(' (new)');
  let tex = updated ? name.slice(0, -' (new)'.length) : name;
  tex = tex.replaceAll('δ', '\\delta').replaceAll('ŷ', '\\hat{y}');
  const gradient = /^∂[Lℒ]\/∂(.+)$/.exec(tex);
  if (gradient !== null) tex = `\\frac{\\partial ${LOSS_LABEL}}{\\partial ${gradient[1]}}`;
  else if (tex === 'ℒ') tex = LOSS_LABEL;
  return updated ? `\\text{new } ${tex}` : tex;
}

/** A typed number: the usual forms, a Unicode minus (pasted from a PDF) and surrounding spaces. */
export function parseTypedNumber(text: string): number | undefined {
  const cleaned = text.trim().replace(/^[\u2212\u2013]/, '-');
  if (cleaned === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
  return Number(cleaned);
}

export interface FormSheet {
  /** The answer sheet: only the boxes that hold a number, nulls filling the gaps in arrays. */
  sheet: Record<string, unknown>;
  /** Paths of boxes whose text is not a number. */
  unreadable: string[];
}

type Container = Record<string, unknown> | unknown[];

/** Puts `value` at `keys`, creating objects and arrays on the way and filling holes with null. */
function place(sheet: Record<string, unknown>, keys: SheetPath, value: number): void {
  let container: Container = sheet;
  keys.forEach((key, depth) => {
    const isLast = depth === keys.length - 1;
    const nextKey = keys[depth + 1];
    const fresh = (): Container => (typeof nextKey === 'number' ? [] : {});
    if (Array.isArray(container) && typeof key === 'number') {
      while (container.length < key) container.push(null);
      if (isLast) container[key] = value;
      else container = (container[key] ??= fresh()) as Container;
    } else if (!Array.isArray(container) && typeof key === 'string') {
      if (isLast) container[key] = value;
      else container = (container[key] ??= fresh()) as Container;
    }
  });
}

/** The answer sheet for what was typed; empty boxes are left out, so they are not graded. */
export function sheetFromForm(groups: readonly AnswerGroup[], typed: Readonly<Record<string, string>>): FormSheet {
  const sheet: Record<string, unknown> = {};
  const unreadable: string[] = [];
  for (const { fields } of groups) {
    for (const { path, keys } of fields) {
      const text = typed[path] ?? '';
      if (text.trim() === '') continue;
      const value = parseTypedNumber(text);
      if (value === undefined) unreadable.push(path);
      else place(sheet, keys, value);
    }
  }
  return { sheet, unreadable };
}

/** A box's name as plain text for screen readers and messages, written as the card writes it, e.g. "∂ℒ/∂W⁽¹⁾₁₂". */
export function plainName(tex: string): string {
  return texToText(tex.replace(/^\\text\{new \} /, 'new '));
}
