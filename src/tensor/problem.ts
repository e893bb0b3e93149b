/**
 * `tracegrad grad PROBLEM --engine tensor`: a problem file run once through the vectorized engine
 * (forward, loss, backward and, with a learning rate, one plain gradient-descent step), reported in
 * the same GradResult shape as the scalar engine. It uses the float32 kernels training uses, so the
 * two engines agree to float32 tolerance.
 */
import type { Problem } from '../data/problem';
import type { GradResult, LayerResult, Matrix, Vector } from '../data/result';
import { selectKernels } from './kernels/select';
import type { KernelBackend } from './kernels/types';
import { Mlp } from './mlp';
import { createOptimizer } from './optimizers';

function toRows(values: Float32Array, rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * cols, (r + 1) * cols)));
}

export function runProblemTensor(problem: Problem, backend: KernelBackend = selectKernels()): GradResult {
  const batch = problem.inputs.length;
  const shapes = problem.layers.map((layer) => ({
    inputs: layer.weights[0]!.length,
    outputs: layer.weights.length,
    activation: layer.activation,
  }));
  const network = new Mlp(shapes, batch, backend);
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

  network.forward(batch);
  const lossValue = network.loss(problem.loss);
  network.backward(problem.loss);

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
    createOptimizer('sgd', network.parameters(), problem.learningRate, network.kernels).step();
    network.layers.forEach(({ shape, weights, biases }, l) => {
      const result = layers[l]!;
      result.newWeights = toRows(weights, shape.outputs, shape.inputs);
      result.newBiases = Array.from(biases);
    });
  }

  return { loss: lossValue, output: perSample(network.output, outputs), layers };
}
