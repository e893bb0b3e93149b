/**
 * The problem file: the JSON contract between instructors, autograders and tracegrad.
 *
 * `weights[j][k]` is W_{jk}: row j is neuron j of the layer, column k is its input k.
 * A problem holds either one sample (`input`, `target`) or a batch (`inputs`, `targets`).
 * `parseProblem` accepts untrusted JSON and either returns a checked `Problem` or throws a
 * `ProblemError` whose message says what is wrong and where, in one line.
 */
import { parseJsonText } from './json-text';

export const ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const LOSSES = ['half_sse', 'mse', 'bce', 'cross_entropy'] as const;
export type LossName = (typeof LOSSES)[number];

export interface LayerSpec {
  /** weights[j][k] = W_{jk}: one row per neuron, one column per input. */
  weights: number[][];
  biases: number[];
  activation: ActivationName;
}

/**
 * A target is a vector for `half_sse`, `mse` and `bce`, and a class index (0-based) for
 * `cross_entropy`.
 */
export type Target = number[] | number;

export interface Problem {
  layers: LayerSpec[];
  /** One entry per sample; a one-sample problem has exactly one. */
  inputs: number[][];
  targets: Target[];
  loss: LossName;
  learningRate?: number;
  /** Whether the file used the one-sample keys (`input`/`target`); outputs mirror that shape. */
  singleSample: boolean;
}

export class ProblemError extends Error {
  override name = 'ProblemError';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value)}`;
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}

function finiteNumber(value: unknown, where: string): number {
  if (typeof value !== 'number') throw new ProblemError(`${where} must be a number, not ${describe(value)}`);
  if (!Number.isFinite(value)) throw new ProblemError(`${where} must be a finite number, not ${value}`);
  return value;
}

function numberVector(value: unknown, where: string): number[] {
  if (!Array.isArray(value)) throw new ProblemError(`${where} must be an array of numbers, not ${describe(value)}`);
  if (value.length === 0) throw new ProblemError(`${where} must not be empty`);
  return value.map((entry: unknown, i) => finiteNumber(entry, `${where}[${i}]`));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseLayer(value: unknown, index: number, inputSize: number, isLast: boolean): LayerSpec {
  const where = `layers[${index}]`;
  if (!isRecord(value)) throw new ProblemError(`${where} must be an object with weights, biases and activation, not ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (key !== 'weights' && key !== 'biases' && key !== 'activation') {
      throw new ProblemError(`${where} has an unknown key "${key}" (expected weights, biases, activation)`);
    }
  }
  const rawWeights = value['weights'];
  if (!Array.isArray(rawWeights)) throw new ProblemError(`${where}.weights must be an array of rows, not ${describe(rawWeights)}`);
  if (rawWeights.length === 0) throw new ProblemError(`${where}.weights must have at least one row (one per neuron)`);
  const weights = rawWeights.map((row: unknown, j) => numberVector(row, `${where}.weights[${j}]`));
  weights.forEach((row, j) => {
    if (row.length !== inputSize) {
      const source = index === 0 ? `the input has ${inputSize} values` : `layer ${index - 1} has ${inputSize} outputs`;
      const rowText = j === 0 ? `${where}.weights has ${row.length} columns` : `${where}.weights[${j}] has ${row.length} columns`;
      throw new ProblemError(`${rowText} but ${source}`);
    }
  });
  const biases = numberVector(value['biases'], `${where}.biases`);
  if (biases.length !== weights.length) {
    throw new ProblemError(`${where}.biases has ${biases.length} entries but ${where}.weights has ${weights.length} rows (one bias per neuron)`);
  }
  const activation = value['activation'];
  if (typeof activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(activation)) {
    throw new ProblemError(`${where}.activation must be one of ${ACTIVATIONS.join(', ')}, not ${describe(activation)}`);
  }
  if (activation === 'softmax' && !isLast) {
    throw new ProblemError(`${where}.activation is softmax, which is allowed on the last layer only`);
  }
  return { weights, biases, activation: activation as ActivationName };
}

function parseTarget(value: unknown, where: string, loss: LossName, outputSize: number): Target {
  if (loss === 'cross_entropy') {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new ProblemError(`${where} must be a class index (a whole number from 0 to ${outputSize - 1}) for cross_entropy, not ${describe(value)}`);
    }
    if (value < 0 || value >= outputSize) {
      throw new ProblemError(`${where} is class ${value} but the output layer has ${outputSize} classes (0 to ${outputSize - 1})`);
    }
    return value;
  }
  const target = numberVector(value, where);
  if (target.length !== outputSize) {
    throw new ProblemError(`${where} has ${target.length} values but the output layer has ${outputSize} neurons`);
  }
  if (loss === 'bce') {
    target.forEach((t, k) => {
      if (t < 0 || t > 1) throw new ProblemError(`${where}[${k}] is ${t} but bce needs targets in [0, 1]`);
    });
  }
  return target;
}

const TOP_LEVEL_KEYS = ['layers', 'input', 'target', 'inputs', 'targets', 'loss', 'learningRate'];

/** Checks untrusted JSON (already parsed) against the problem-file contract. */
export function parseProblem(raw: unknown): Problem {
  if (!isRecord(raw)) throw new ProblemError(`a problem must be a JSON object, not ${describe(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key)) throw new ProblemError(`unknown key "${key}" (expected ${TOP_LEVEL_KEYS.join(', ')})`);
  }

  const loss = raw['loss'];
  if (typeof loss !== 'string' || !(LOSSES as readonly string[]).includes(loss)) {
    throw new ProblemError(`loss must be one of ${LOSSES.join(', ')}, not ${loss === undefined ? 'missing' : describe(loss)}`);
  }
  const lossName = loss as LossName;

  const hasSingle = 'input' in raw || 'target' in raw;
  const hasBatch = 'inputs' in raw || 'targets' in raw;
  if (hasSingle && hasBatch) throw new ProblemError('give either input/target (one sample) or inputs/targets (a batch), not both');
  if (!hasSingle && !hasBatch) throw new ProblemError('missing input: give input and target (one sample) or inputs and targets (a batch)');

  let inputs: number[][];
  let rawTargets: unknown[];
  if (hasSingle) {
    if (!('input' in raw)) throw new ProblemError('missing input (the problem has a target but no input)');
    if (!('target' in raw)) throw new ProblemError('missing target (the problem has an input but no target)');
    inputs = [numberVector(raw['input'], 'input')];
    rawTargets = [raw['target']];
  } else {
    if (!('inputs' in raw)) throw new ProblemError('missing inputs (the problem has targets but no inputs)');
    if (!('targets' in raw)) throw new ProblemError('missing targets (the problem has inputs but no targets)');
    const rawInputs = raw['inputs'];
    if (!Array.isArray(rawInputs) || rawInputs.length === 0) throw new ProblemError(`inputs must be a non-empty array of samples, not ${describe(rawInputs)}`);
    inputs = rawInputs.map((row: unknown, i) => numberVector(row, `inputs[${i}]`));
    const width = inputs[0]!.length;
    inputs.forEach((row, i) => {
      if (row.length !== width) throw new ProblemError(`inputs[${i}] has ${row.length} values but inputs[0] has ${width}`);
    });
    const targetList = raw['targets'];
    if (!Array.isArray(targetList)) throw new ProblemError(`targets must be an array with one target per sample, not ${describe(targetList)}`);
    if (targetList.length !== inputs.length) throw new ProblemError(`targets has ${targetList.length} entries but inputs has ${inputs.length} samples`);
    rawTargets = targetList;
  }

  const rawLayers = raw['layers'];
  if (!Array.isArray(rawLayers) || rawLayers.length === 0) throw new ProblemError(`layers must be a non-empty array, not ${rawLayers === undefined ? 'missing' : describe(rawLayers)}`);
  const layers: LayerSpec[] = [];
  let width = inputs[0]!.length;
  rawLayers.forEach((layer: unknown, index) => {
    const spec = parseLayer(layer, index, width, index === rawLayers.length - 1);
    layers.push(spec);
    width = spec.weights.length;
  });

  const last = layers[layers.length - 1]!;
  const outputSize = last.weights.length;
  if (lossName === 'cross_entropy' && last.activation !== 'softmax') {
    throw new ProblemError(`loss cross_entropy needs a softmax output but layers[${layers.length - 1}].activation is ${last.activation}`);
  }
  if (lossName !== 'cross_entropy' && last.activation === 'softmax') {
    throw new ProblemError(`layers[${layers.length - 1}].activation is softmax, which goes with loss cross_entropy, not ${lossName}`);
  }
  if (lossName === 'bce' && last.activation !== 'sigmoid') {
    throw new ProblemError(`loss bce needs a sigmoid output but layers[${layers.length - 1}].activation is ${last.activation}`);
  }

  const targets = rawTargets.map((t, i) => parseTarget(t, hasSingle ? 'target' : `targets[${i}]`, lossName, outputSize));

  const problem: Problem = { layers, inputs, targets, loss: lossName, singleSample: hasSingle };
  if ('learningRate' in raw) {
    const rate = finiteNumber(raw['learningRate'], 'learningRate');
    if (rate < 0) throw new ProblemError(`learningRate must not be negative, not ${rate}`);
    problem.learningRate = rate;
  }
  return problem;
}

/** Parses the text of a problem file; JSON syntax errors become ProblemErrors too. */
export function parseProblemText(text: string): Problem {
  let raw: Json;
  try {
    raw = parseJsonText(text) as Json;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProblemError(`not valid JSON: ${reason}`);
  }
  return parseProblem(raw);
}

/** The problem as it would be written to a file (the inverse of parseProblem). */
export function problemToJson(problem: Problem): Record<string, unknown> {
  const out: Record<string, unknown> = {
    layers: problem.layers.map((layer) => ({ weights: layer.weights, biases: layer.biases, activation: layer.activation })),
  };
  if (problem.singleSample) {
    out['input'] = problem.inputs[0];
    out['target'] = problem.targets[0];
  } else {
    out['inputs'] = problem.inputs;
    out['targets'] = problem.targets;
  }
  out['loss'] = problem.loss;
  if (problem.learningRate !== undefined) out['learningRate'] = problem.learningRate;
  return out;
}
