/**
 * `tracegrad grad PROBLEM --engine tensor`: a problem file run once through the vectorized engine
 * (forward, loss, backward and, with a learning rate, one plain gradient-descent step), reported in
 * the same GradResult shape as the scalar engine. It uses the float32 kernels training uses, so the
 * two engines agree to float32 tolerance.
 */
import type { Problem } from '../data/problem';
import type { GradResult, LayerResult, Matrix, Vector } from '../data/result';
import { formatNumber } from '../engine/format';
import { EngineError } from '../engine/value';
import { selectKernels } from './kernels/select';
import type { KernelBackend } from './kernels/types';
import { BatchedMlp } from './mlp';
import { createOptimizer } from './optimizers';

function toRows(values: Float32Array, rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * cols, (r + 1) * cols)));
}

/** The largest float32; the problem's numbers are stored in float32 arrays, where anything larger is ∞. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Refuses a problem with a number float32 cannot hold, naming the entry, before anything runs. */
function checkFitsFloat32(problem: Problem): void {
  const check = (value: number, where: string): void => {
    if (Math.abs(value) > FLOAT32_MAX) {
      throw new EngineError(`${where} is ${formatNumber(value)}, larger than the tensor engine's float32 holds (${formatNumber(FLOAT32_MAX)}); the scalar engine (float64) takes it`);
    }
  };
  problem.layers.forEach((layer, l) => {
    layer.weights.forEach((row, j) => row.forEach((w, k) => check(w, `layers[${l}].weights[${j}][${k}]`)));
    layer.biases.forEach((b, j) => check(b, `layers[${l}].biases[${j}]`));
  });
  problem.inputs.forEach((row, i) => row.forEach((x, k) => check(x, problem.singleSample ? `input[${k}]` : `inputs[${i}][${k}]`)));
  if (problem.learningRate !== undefined) check(problem.learningRate, 'learningRate');
}

/**
 * Throws, naming the first entry, when `values` (rows × cols, row-major) holds ∞ or NaN: float32
 * overflows far sooner than the scalar engine's float64, and a result must never print as ∞ or null.
 */
function checkFinite(values: ArrayLike<number>, cols: number, name: (row: number, col: number) => string): void {
  for (let e = 0; e < values.length; e++) {
    const value = values[e]!;
    if (!Number.isFinite(value)) {
      throw new EngineError(`${name(Math.floor(e / cols), e % cols)} became ${formatNumber(value)} in the tensor engine's float32; the scalar engine (float64) may compute it (--engine scalar)`);
    }
  }
}

export function runProblemTensor(problem: Problem, backend: KernelBackend = selectKernels()): GradResult {
  checkFitsFloat32(problem);
  const batch = problem.inputs.length;
  const shapes = problem.layers.map((layer) => ({
    inputs: layer.weights[0]!.length,
    outputs: layer.weights.length,
    activation: layer.activation,
  }));
  const network = new BatchedMlp(shapes, batch, backend);
  network.layers.forEach((layer, l) => {
    const spec = problem.layers[l]!;
    layer.weights.set(spec.weights.flat());
    layer.biases.set(spec.biases);
  });
  network.input.set(problem.inputs.flat());
  const outputs = shapes[shapes.length - 1]!.outputs;
  problem.targets.forEach((target, i) => {
    // cross_entropy targets are class indices: the engine reads them as one-hot rows.
    if (typeof target === 'number') network.targets[i * outputs + target] = 1;
    else network.targets.set(target, i * outputs);
  });

  // Names as docs/NOTATION.md writes them: layers from 1, units and samples from 1.
  const sampleMark = (i: number): string => (problem.singleSample ? '' : `(${i + 1})`);
  network.forward(batch);
  network.layers.forEach(({ shape, a, z }, l) => {
    checkFinite(a.subarray(0, batch * shape.outputs), shape.outputs, (i, j) => `a^{[${l + 1}]${sampleMark(i)}}_{${j + 1}}`);
    checkFinite(z.subarray(0, batch * shape.outputs), shape.outputs, (i, j) => `z^{[${l + 1}]${sampleMark(i)}}_{${j + 1}}`);
  });
  const lossValue = network.loss(problem.loss);
  checkFinite([lossValue], 1, () => 'the loss \\mathcal{L}');
  network.backward(problem.loss);
  for (let l = network.layers.length - 1; l >= 0; l--) {
    const { shape, delta, gradWeights, gradBiases } = network.layers[l]!;
    checkFinite(delta.subarray(0, batch * shape.outputs), shape.outputs, (i, j) => `\\delta^{[${l + 1}]${sampleMark(i)}}_{${j + 1}}`);
    checkFinite(gradWeights, shape.inputs, (j, k) => `the gradient of W^{[${l + 1}]}_{${j + 1},${k + 1}}`);
    checkFinite(gradBiases, 1, (j) => `the gradient of b^{[${l + 1}]}_{${j + 1}}`);
  }

  // One sample reports vectors, a batch reports one row per sample, mirroring the problem file.
  const perSample = (values: Float32Array, cols: number): Vector | Matrix => {
    const rows = toRows(values, batch, cols);
    return problem.singleSample ? rows[0]! : rows;
  };
  const layers: LayerResult[] = network.layers.map(({ shape, a, z, delta, gradWeights, gradBiases }) => ({
    a: perSample(a, shape.outputs),
    z: perSample(z, shape.outputs),
    delta: perSample(delta, shape.outputs),
    gradWeights: toRows(gradWeights, shape.outputs, shape.inputs),
    gradBiases: Array.from(gradBiases),
  }));

  if (problem.learningRate !== undefined) {
    createOptimizer('sgd', network.parameters(), { learningRate: problem.learningRate }, network.kernels).step();
    network.layers.forEach(({ shape, weights, biases }, l) => {
      checkFinite(weights, shape.inputs, (j, k) => `W^{[${l + 1}]}_{${j + 1},${k + 1}} after the step`);
      checkFinite(biases, 1, (j) => `b^{[${l + 1}]}_{${j + 1}} after the step`);
      const result = layers[l]!;
      result.newWeights = toRows(weights, shape.outputs, shape.inputs);
      result.newBiases = Array.from(biases);
    });
  }

  return { loss: lossValue, output: perSample(network.output, outputs), layers };
}
