/**
 * The readable form of `tracegrad grad`: the loss and output, then for each layer its neurons
 * (a, z, δ) and its parameters (value, gradient, value after the step), named in the notation of
 * docs/NOTATION.md as plain text.
 */
import type { Problem } from '../data/problem';
import { formatNumber } from '../engine/format';
import { texToText } from '../engine/tex';
import { biasLabel, weightLabel } from '../nn/labels';
import type { GradResult, Matrix, Vector } from '../data/result';
import { renderTable, type Align } from './table';

/** A name, then numbers aligned on their last digit. */
const NUMBER_COLUMNS: Align[] = ['left', 'right', 'right', 'right', 'right'];

/** One sample's vectors, or a batch's: always as rows, one per sample. */
function rowsOf(values: Vector | Matrix, singleSample: boolean): Vector[] {
  return singleSample ? [values as Vector] : (values as Matrix);
}

function outputLines(problem: Problem, result: GradResult): string[] {
  return rowsOf(result.output, problem.singleSample).map((row, i) => {
    const sample = problem.singleSample ? '' : `^{(${i + 1})}`;
    return `Output   ${row.map((y, k) => `${texToText(`\\hat{y}${sample}_{${k + 1}}`)} = ${formatNumber(y)}`).join('   ')}`;
  });
}

function neuronTable(problem: Problem, result: GradResult, index: number): string[] {
  const l = index + 1;
  const layer = result.layers[index]!;
  const a = rowsOf(layer.a, problem.singleSample);
  const z = rowsOf(layer.z, problem.singleSample);
  const delta = rowsOf(layer.delta, problem.singleSample);
  // The labels' plain-text form with the neuron index left open, e.g. "a⁽¹⁾ⱼ".
  const header = ['neuron', ...[`a^{[${l}]}_{j}`, `z^{[${l}]}_{j}`, `\\delta^{[${l}]}_{j}`].map(texToText)];
  const rows = a.flatMap((sampleA, i) =>
    sampleA.map((_, j) => [
      problem.singleSample ? `j = ${j + 1}` : `sample ${i + 1}, j = ${j + 1}`,
      formatNumber(sampleA[j]!),
      formatNumber(z[i]![j]!),
      formatNumber(delta[i]![j]!),
    ]),
  );
  return renderTable([header, ...rows], NUMBER_COLUMNS);
}

function parameterTable(problem: Problem, result: GradResult, index: number): string[] {
  const l = index + 1;
  const spec = problem.layers[index]!;
  const layer = result.layers[index]!;
  const { newWeights, newBiases } = layer;
  const header = ['parameter', 'value', 'gradient ∂ℒ/∂', ...(newWeights ? ['after the step'] : [])];
  const weightRows = spec.weights.flatMap((row, j) =>
    row.map((w, k) => [
      texToText(weightLabel(l, j + 1, k + 1)),
      formatNumber(w),
      formatNumber(layer.gradWeights[j]![k]!),
      ...(newWeights ? [formatNumber(newWeights[j]![k]!)] : []),
    ]),
  );
  const biasRows = spec.biases.map((b, j) => [
    texToText(biasLabel(l, j + 1)),
    formatNumber(b),
    formatNumber(layer.gradBiases[j]!),
    ...(newBiases ? [formatNumber(newBiases[j]!)] : []),
  ]);
  return renderTable([header, ...weightRows, ...biasRows], NUMBER_COLUMNS);
}

export function gradTable(problem: Problem, result: GradResult): string {
  const lines = [`Loss     ℒ = ${formatNumber(result.loss)} (${problem.loss})`, ...outputLines(problem, result)];
  if (problem.learningRate !== undefined) lines.push(`Step     α = ${formatNumber(problem.learningRate)} (one gradient-descent step)`);
  // The tables are joined as arrays, not pushed as spread arguments: a layer of 490,000 weights
  // would be as many arguments, more than the call stack holds.
  const layerLines = problem.layers.map((spec, index) => [
    '', `Layer ${index + 1} (${spec.activation})`, ...neuronTable(problem, result, index), '', ...parameterTable(problem, result, index),
  ]);
  return `${lines.concat(...layerLines).join('\n')}\n`;
}
