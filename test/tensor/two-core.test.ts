import { describe, expect, it } from 'vitest';
import { firstDigits, loadMnist } from '../../src/data/mnist';
import { startBrowserThreadsBackend } from '../../src/tensor/kernels/browser-threads';
import { wasmSimdThreadsBackend } from '../../src/tensor/kernels/threads';
import type { KernelBackend, Workspace } from '../../src/tensor/kernels/types';
import { wasmSimdBackend } from '../../src/tensor/kernels/wasm';
import { createRandom } from '../../src/tensor/random';
import { Trainer, type TrainOptions } from '../../src/tensor/train';

/** A workspace holding a (m×k), b (k×n) and c (m×n), with a and b filled from `seed`. */
function productWorkspace(backend: KernelBackend, m: number, k: number, n: number, seed: number): Workspace {
  const workspace = backend.createWorkspace([m * k, k * n, m * n]);
  const random = createRandom(seed);
  for (const array of workspace.arrays.slice(0, 2)) for (let e = 0; e < array.length; e++) array[e] = random.normal();
  return workspace;
}

function product(workspace: Workspace, m: number, k: number, n: number): Float32Array {
  const [a, b, c] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
  c.fill(Number.NaN); // every entry must be written, by one thread or the other
  workspace.matmul(c, a, b, m, k, n);
  return c.slice();
}

describe('the WebAssembly SIMD kernels on two cores', () => {
  it('a workspace replaced by a newer one computes alone; both give the one-core products bit for bit', () => {
    // Large enough to be split (64 · 784 · 128 multiply-adds), as the MNIST forward pass is.
    const [m, k, n] = [64, 784, 128];
    const expected = product(productWorkspace(wasmSimdBackend, m, k, n, 1), m, k, n);
    const older = productWorkspace(wasmSimdThreadsBackend, m, k, n, 1);
    expect(product(older, m, k, n)).toEqual(expected);
    // The helper now serves `newer`: `older` must not post it a job it would wait for in vain.
    const newer = productWorkspace(wasmSimdThreadsBackend, m, k, n, 1);
    expect(product(older, m, k, n)).toEqual(expected);
    expect(product(newer, m, k, n)).toEqual(expected);
    expect(product(older, m, k, n)).toEqual(expected);
  });

  it('an Adam update split between two threads is bit for bit the one-core update, up to the last odd parameters', () => {
    // More parameters than the hand-off threshold, and not a multiple of 4 or 8.
    const length = 100_355;
    const updated = (backend: KernelBackend): Float32Array[] => {
      const workspace = backend.createWorkspace([length, length, length, length]);
      const random = createRandom(9);
      const [values, grads, m, v] = workspace.arrays as [Float32Array, Float32Array, Float32Array, Float32Array];
      for (let e = 0; e < length; e++) {
        values[e] = random.normal();
        grads[e] = random.normal();
        m[e] = 0.1 * random.normal();
        v[e] = random.uniform();
      }
      workspace.adam(values, grads, m, v, length, 0.9, 0.999, 0.0123, 1e-8);
      return [values, m, v].map((array) => array.slice());
    };
    const [oneCore, twoCores] = [updated(wasmSimdBackend), updated(wasmSimdThreadsBackend)];
    // Counted rather than compared with toEqual, which takes seconds over 300,000 numbers.
    const differing = oneCore.map((array, index) => array.filter((value, e) => !Object.is(value, twoCores[index]![e])).length);
    expect(differing).toEqual([0, 0, 0]);
  });

  it('training on two cores gives the same network as on one core, bit for bit', async () => {
    const mnist = await loadMnist();
    const subset = { train: firstDigits(mnist.train, 640), test: firstDigits(mnist.test, 100) };
    const options: TrainOptions = { hidden: [128], activation: 'relu', optimizer: 'adam', lr: 0.001, batch: 64, epochs: 1, seed: 3 };
    const trainedWith = (kernels: KernelBackend): Float32Array[] => {
      const trainer = new Trainer(subset, { ...options, kernels });
      while (!trainer.finished) trainer.trainBatch();
      return trainer.network.layers.flatMap((layer) => [layer.weights.slice(), layer.biases.slice()]);
    };
    expect(trainedWith(wasmSimdThreadsBackend)).toEqual(trainedWith(wasmSimdBackend));
  });

  it('the browser variant refuses, with the reason, where the page is not cross-origin isolated', async () => {
    await expect(startBrowserThreadsBackend()).rejects.toThrow('this page is not cross-origin isolated');
  });
});
