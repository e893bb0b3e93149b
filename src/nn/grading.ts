/**
 * Grading a student's answers against the problem's own result. An answer sheet has the shape of
 * `tracegrad grad --json` and may give any part of it; null or missing entries are not graded.
 * Its shape is checked against the problem first, so a misplaced number is reported where it is
 * rather than silently ignored.
 */
import type { Problem } from '../data/problem';
import { activationLabel, biasLabel, deltaLabel, preActivationLabel, weightLabel } from './labels';
import type { GradResult, LayerResult, Matrix, Vector } from '../data/result';
import { diagnose, type Diagnosis } from './diagnosis';

/** A given number passes when |given − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** rtol 1e-3 lets answers rounded to 4 significant figures (relative error ≤ 5e-4) pass; atol 1e-6 covers expected zeros. */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-6 };

export interface GradedItem {
  /** Where the number sits in the answer sheet, e.g. "layers[0].gradWeights[0][1]". */
  path: string;
  /** The quantity in the notation, e.g. "∂ℒ/∂W^{[1]}_{12}". */
  name: string;
  given: number;
  expected: number;
  ok: boolean;
  /** For a wrong number: a rounding slip, or the known mistake that gives exactly it. */
  diagnosis?: Diagnosis;
}

export interface Grading {
  correct: number;
  wrong: number;
  items: GradedItem[];
}

/** The answer sheet does not fit the problem; the message says where (without the file name). */
export class AnswersError extends Error {
  override name = 'AnswersError';
}

export function withinTolerance(given: number, expected: number, tolerance: Tolerance): boolean {
  return Math.abs(given - expected) <= tolerance.atol + tolerance.rtol * Math.abs(expected);
}

/** One array level of the sheet: how long it may be and why, for the message when it is longer. */
interface Axis {
  size: number;
  /** What each entry is, e.g. "neuron". */
  entry: string;
  /** Why there are no more entries, e.g. "layer 1 has 2 neurons". */
  limit: string;
}

/** One graded quantity: its expected numbers, their array levels, and each number's name. */
interface Quantity {
  expected: number | Vector | Matrix;
  axes: Axis[];
  name: (indices: readonly number[]) => string;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'an object';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks the given answers alongside the expected numbers, grading every number it finds. */
function gradeQuantity(given: unknown, quantity: Quantity, path: string, tolerance: Tolerance, items: GradedItem[]): void {
  const visit = (value: unknown, expected: number | Vector | Matrix, depth: number, indices: number[], where: string): void => {
    if (value === null || value === undefined) return;
    const axis = quantity.axes[depth];
    if (axis === undefined) {
      if (typeof value !== 'number') throw new AnswersError(`${where} must be a number, not ${describe(value)}`);
      const target = expected as number;
      items.push({ path: where, name: quantity.name(indices), given: value, expected: target, ok: withinTolerance(value, target, tolerance) });
      return;
    }
    if (!Array.isArray(value)) throw new AnswersError(`${where} must be an array (one entry per ${axis.entry}), not ${describe(value)}`);
    if (value.length > axis.size) throw new AnswersError(`${where}[${axis.size}] does not exist: ${axis.limit}`);
    value.forEach((entry: unknown, i) => visit(entry, (expected as Vector | Matrix)[i]!, depth + 1, [...indices, i], `${where}[${i}]`));
  };
  visit(given, quantity.expected, 0, [], path);
}

/** ∂ℒ/∂ in the sheet's names: Unicode before a TeX name. */
const gradientOf = (tex: string): string => `∂ℒ/∂${tex}`;
/** δ in the sheet's names, from the label's TeX. */
const unicodeDelta = (tex: string): string => tex.replace('\\delta', 'δ');

const LAYER_KEYS = ['a', 'z', 'delta', 'gradWeights', 'gradBiases', 'newWeights', 'newBiases'] as const;
type LayerKey = (typeof LAYER_KEYS)[number];

function layerQuantities(problem: Problem, result: LayerResult, index: number): Record<LayerKey, Quantity | undefined> {
  const l = index + 1;
  const neurons = problem.layers[index]!.weights.length;
  const inputs = problem.layers[index]!.weights[0]!.length;
  const samples = problem.inputs.length;
  const neuronAxis: Axis = { size: neurons, entry: 'neuron', limit: `layer ${l} has ${plural(neurons, 'neuron')}` };
  const inputAxis: Axis = { size: inputs, entry: 'input', limit: index === 0 ? `the input has ${plural(inputs, 'value')}` : `layer ${l} has ${plural(inputs, 'input')}` };
  const sampleAxis: Axis = { size: samples, entry: 'sample', limit: `the problem has ${plural(samples, 'sample')}` };
  // a, z and δ are per sample: a vector for one sample, one row per sample for a batch.
  const perSample = (expected: Vector | Matrix, label: (j: number, sample?: number) => string): Quantity =>
    problem.singleSample
      ? { expected, axes: [neuronAxis], name: ([j = 0]) => label(j + 1) }
      : { expected, axes: [sampleAxis, neuronAxis], name: ([i = 0, j = 0]) => label(j + 1, i + 1) };
  const weights = (expected: Matrix, name: (tex: string) => string): Quantity => ({
    expected,
    axes: [neuronAxis, inputAxis],
    name: ([j = 0, k = 0]) => name(weightLabel(l, j + 1, k + 1)),
  });
  const biases = (expected: Vector, name: (tex: string) => string): Quantity => ({
    expected,
    axes: [neuronAxis],
    name: ([j = 0]) => name(biasLabel(l, j + 1)),
  });
  const updated = (tex: string): string => `${tex} (new)`;
  return {
    a: perSample(result.a, (j, sample) => preActivationLabel(l, j, sample)),
    z: perSample(result.z, (j, sample) => activationLabel(l, j, sample)),
    delta: perSample(result.delta, (j, sample) => unicodeDelta(deltaLabel(l, j, sample))),
    gradWeights: weights(result.gradWeights, gradientOf),
    gradBiases: biases(result.gradBiases, gradientOf),
    newWeights: result.newWeights && weights(result.newWeights, updated),
    newBiases: result.newBiases && biases(result.newBiases, updated),
  };
}

function outputQuantity(problem: Problem, result: GradResult): Quantity {
  const outputs = problem.layers[problem.layers.length - 1]!.weights.length;
  const samples = problem.inputs.length;
  const outputAxis: Axis = { size: outputs, entry: 'output', limit: `the output layer has ${plural(outputs, 'neuron')}` };
  if (problem.singleSample) return { expected: result.output, axes: [outputAxis], name: ([k = 0]) => `ŷ_{${k + 1}}` };
  const sampleAxis: Axis = { size: samples, entry: 'sample', limit: `the problem has ${plural(samples, 'sample')}` };
  return { expected: result.output, axes: [sampleAxis, outputAxis], name: ([i = 0, k = 0]) => `ŷ^{(${i + 1})}_{${k + 1}}` };
}

function gradeLayer(given: unknown, problem: Problem, result: LayerResult, index: number, tolerance: Tolerance, items: GradedItem[]): void {
  const where = `layers[${index}]`;
  if (given === null || given === undefined) return;
  if (!isRecord(given)) throw new AnswersError(`${where} must be an object with some of ${LAYER_KEYS.join(', ')}, not ${describe(given)}`);
  for (const key of Object.keys(given)) {
    if (!(LAYER_KEYS as readonly string[]).includes(key)) throw new AnswersError(`${where} has an unknown key "${key}" (expected ${LAYER_KEYS.join(', ')})`);
  }
  const quantities = layerQuantities(problem, result, index);
  // The sheet's own key order does not matter: items come in the order grad --json prints them.
  for (const key of LAYER_KEYS) {
    const value = given[key];
    if (value === null || value === undefined) continue;
    const quantity = quantities[key];
    if (quantity === undefined) throw new AnswersError(`${where}.${key} cannot be graded: the problem has no learningRate, so there is no gradient-descent step`);
    gradeQuantity(value, quantity, `${where}.${key}`, tolerance, items);
  }
}

const TOP_KEYS = ['loss', 'output', 'layers'];

/** Grades an answer sheet (untrusted JSON) against the problem's result; throws AnswersError when it does not fit. */
export function gradeAnswers(answers: unknown, problem: Problem, expected: GradResult, tolerance: Tolerance = DEFAULT_TOLERANCE): Grading {
  if (!isRecord(answers)) throw new AnswersError(`the answers must be a JSON object shaped like grad --json output, not ${describe(answers)}`);
  for (const key of Object.keys(answers)) {
    if (!TOP_KEYS.includes(key)) throw new AnswersError(`unknown key "${key}" (expected ${TOP_KEYS.join(', ')})`);
  }
  const items: GradedItem[] = [];
  gradeQuantity(answers['loss'], { expected: expected.loss, axes: [], name: () => 'ℒ' }, 'loss', tolerance, items);
  gradeQuantity(answers['output'], outputQuantity(problem, expected), 'output', tolerance, items);

  const layers = answers['layers'];
  if (layers !== null && layers !== undefined) {
    if (!Array.isArray(layers)) throw new AnswersError(`layers must be an array (one entry per layer), not ${describe(layers)}`);
    if (layers.length > problem.layers.length) throw new AnswersError(`layers[${problem.layers.length}] does not exist: the problem has ${plural(problem.layers.length, 'layer')}`);
    layers.forEach((layer: unknown, index) => gradeLayer(layer, problem, expected.layers[index]!, index, tolerance, items));
  }
  diagnose(items, problem, expected, tolerance);
  const correct = items.filter((item) => item.ok).length;
  return { correct, wrong: items.length - correct, items };
}
