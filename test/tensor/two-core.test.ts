import { describe, expect, it, vi } from 'vitest';
import { firstDigits, loadMnist } from '../../src/data/mnist';
import { startBrowserThreadsBackend } from '../../src/tensor/kernels/browser-threads';
import { wasmSimdThreadsBackend } from '../../src/tensor/kernels/threads';
import { CONTROL, twoCoreBackend, type TwoCoreWorkspace } from '../../src/tensor/kernels/two-core';
import type { KernelBackend, Workspace } from '../../src/tensor/kernels/types';
import { wasmSimdBackend } from '../../src/tensor/kernels/wasm';
import { createRandom } from '../../src/data/random';
import { classifierTrainer, type TrainOptions } from '../../src/tensor/train';

/** Long enough for a worker thread to start on a loaded 2-core machine. */
const HELPER_START_MS = 10_000;

/** A workspace holding a (m×k), b (k×n, or n×k for a·bᵀ) and c (m×n), with a and b filled from `seed`. */
function productWorkspace<W extends Workspace>(backend: { createWorkspace(lengths: readonly number[]): W }, m: number, k: number, n: number, seed: number): W {
  const workspace = backend.createWorkspace([m * k, k * n, m * n]);
  const random = createRandom(seed);
  for (const array of workspace.arrays.slice(0, 2)) for (let e = 0; e < array.length; e++) array[e] = random.normal();
  return workspace;
}

/** Which product: a·b (split by rows of c) or a·bᵀ (split by columns of c). */
type ProductKind = 'matmul' | 'matmulTransposedB';

function product(workspace: Workspace, m: number, k: number, n: number, kind: ProductKind = 'matmul'): Float32Array {
  const [a, b, c] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
  c.fill(Number.NaN); // every entry must be written, by one thread or the other
  workspace[kind](c, a, b, m, k, n);
  return c.slice();
}

/**
 * The product, recomputed until the helper has run its part at least once (it may be too slow to
 * claim a part, and then this thread takes it back); every result must be `expected`.
 */
function productWithHelp(workspace: TwoCoreWorkspace, m: number, k: number, n: number, expected: Float32Array, kind: ProductKind = 'matmul'): void {
  expect(workspace.awaitHelper(HELPER_START_MS)).toBe(true);
  for (let attempt = 0; attempt < 100 && workspace.jobs.ranByHelper === 0; attempt++) {
    expect(product(workspace, m, k, n, kind)).toEqual(expected);
  }
  expect(workspace.jobs.ranByHelper).toBeGreaterThan(0);
}

describe('the WebAssembly SIMD kernels on two cores', () => {
  it('workspaces replaced before the helper even reached them do not hold it up: the newest gets its help', () => {
    // A page that builds several networks in quick succession. First in this file, so that the
    // helper thread is still starting: it receives each workspace after it has been released, and
    // must move on rather than wait on it for ever.
    const [m, k, n] = [64, 784, 128];
    const expected = product(productWorkspace(wasmSimdBackend, m, k, n, 6), m, k, n);
    for (let replaced = 0; replaced < 5; replaced++) productWorkspace(wasmSimdThreadsBackend, m, k, n, 6);
    productWithHelp(productWorkspace(wasmSimdThreadsBackend, m, k, n, 6), m, k, n, expected);
  });

  it('a product split between the threads is bit for bit the one-core product', () => {
    // Each big enough to be split; rows not a multiple of 8 in the last.
    for (const [m, k, n] of [[64, 784, 128], [128, 64, 784], [13, 300, 300]] as const) {
      const expected = product(productWorkspace(wasmSimdBackend, m, k, n, 1), m, k, n);
      productWithHelp(productWorkspace(wasmSimdThreadsBackend, m, k, n, 1), m, k, n, expected);
    }
  });

  it('a forward product a·bᵀ split by columns (neurons) between the threads is bit for bit the one-core product', () => {
    // MNIST's first layer; columns not a multiple of 4 (the last unit is ragged); few rows, many columns.
    for (const [m, k, n] of [[64, 784, 128], [64, 784, 130], [9, 500, 301]] as const) {
      const expected = product(productWorkspace(wasmSimdBackend, m, k, n, 5), m, k, n, 'matmulTransposedB');
      expect(expected.some(Number.isNaN)).toBe(false);
      productWithHelp(productWorkspace(wasmSimdThreadsBackend, m, k, n, 5), m, k, n, expected, 'matmulTransposedB');
    }
  });

  it('a workspace replaced by a newer one computes alone; both still give the one-core products', () => {
    const [m, k, n] = [64, 784, 128];
    const expected = product(productWorkspace(wasmSimdBackend, m, k, n, 2), m, k, n);
    const older = productWorkspace(wasmSimdThreadsBackend, m, k, n, 2);
    productWithHelp(older, m, k, n, expected);
    // The helper now serves `newer`: `older` must not offer it a job it would wait for in vain.
    const newer = productWorkspace(wasmSimdThreadsBackend, m, k, n, 2);
    const offeredBefore = older.jobs.offered;
    expect(product(older, m, k, n)).toEqual(expected);
    expect(older.jobs.offered).toBe(offeredBefore);
    productWithHelp(newer, m, k, n, expected);
    expect(product(older, m, k, n)).toEqual(expected);
  });

  it('a workspace whose helper has not said it serves computes alone instead of waiting for it', () => {
    // A browser may not deliver the workspace to the helper while this thread is blocked; here it
    // is never delivered at all.
    const undelivered = twoCoreBackend(() => {});
    const [m, k, n] = [64, 784, 128];
    const expected = product(productWorkspace(wasmSimdBackend, m, k, n, 3), m, k, n);
    const workspace = productWorkspace(undelivered, m, k, n, 3);
    expect(product(workspace, m, k, n)).toEqual(expected);
    expect(workspace.jobs).toEqual({ offered: 0, ranByHelper: 0 });
  });

  it('a part the helper has not started by the time this thread is done with its own is taken back', () => {
    // A helper that says it serves and then never runs anything: the slowest helper there is.
    const asleep = twoCoreBackend(({ control }) => Atomics.store(control, CONTROL.serving, 1));
    const [m, k, n] = [64, 784, 128];
    const expected = product(productWorkspace(wasmSimdBackend, m, k, n, 4), m, k, n);
    const workspace = productWorkspace(asleep, m, k, n, 4);
    expect(product(workspace, m, k, n)).toEqual(expected);
    expect(product(workspace, m, k, n)).toEqual(expected);
    expect(workspace.jobs).toEqual({ offered: 2, ranByHelper: 0 });
  });

  it('Adam updates split between the threads are bit for bit the one-core updates, up to the last odd parameters', () => {
    // More parameters than the hand-off threshold, and not a multiple of 4 or 8.
    const length = 100_355;
    const updates = 20;
    const updated = (workspace: Workspace): Float32Array[] => {
      const random = createRandom(9);
      const [values, grads, m, v] = workspace.arrays as [Float32Array, Float32Array, Float32Array, Float32Array];
      for (let e = 0; e < length; e++) {
        values[e] = random.normal();
        grads[e] = random.normal();
        m[e] = 0.1 * random.normal();
        v[e] = random.uniform();
      }
      for (let t = 1; t <= updates; t++) workspace.adam(values, grads, m, v, length, 0.9, 0.999, 0.01 / t, 1e-8);
      return [values, m, v].map((array) => array.slice());
    };
    const twoCoreWorkspace = wasmSimdThreadsBackend.createWorkspace([length, length, length, length]);
    expect(twoCoreWorkspace.awaitHelper(HELPER_START_MS)).toBe(true);
    const twoCores = updated(twoCoreWorkspace);
    const oneCore = updated(wasmSimdBackend.createWorkspace([length, length, length, length]));
    expect(twoCoreWorkspace.jobs.ranByHelper).toBeGreaterThan(0);
    // Counted rather than compared with toEqual, which takes seconds over 300,000 numbers.
    const differing = oneCore.map((array, index) => array.filter((value, e) => !Object.is(value, twoCores[index]![e])).length);
    expect(differing).toEqual([0, 0, 0]);
  });

  it('training on two cores gives the same network as on one core, bit for bit', async () => {
    const mnist = await loadMnist();
    const subset = { train: firstDigits(mnist.train, 640), test: firstDigits(mnist.test, 100) };
    const options: TrainOptions = { hidden: [128], activation: 'relu', optimizer: 'adam', lr: 0.001, batch: 64, epochs: 1, seed: 3 };
    const trainedWith = (kernels: KernelBackend): Float32Array[] => {
      const trainer = classifierTrainer(subset, { ...options, kernels });
      while (!trainer.finished) trainer.step();
      return trainer.network.layers.flatMap((layer) => [layer.weights.slice(), layer.biases.slice()]);
    };
    let trainingWorkspace: TwoCoreWorkspace | undefined;
    const helpedFromTheStart: KernelBackend = {
      name: wasmSimdThreadsBackend.name,
      createWorkspace(lengths) {
        trainingWorkspace = wasmSimdThreadsBackend.createWorkspace(lengths);
        expect(trainingWorkspace.awaitHelper(HELPER_START_MS)).toBe(true);
        return trainingWorkspace;
      },
    };
    expect(trainedWith(helpedFromTheStart)).toEqual(trainedWith(wasmSimdBackend));
    expect(trainingWorkspace!.jobs.ranByHelper).toBeGreaterThan(0);
  });

  it('the browser variant refuses, with the reason, where the page is not cross-origin isolated', async () => {
    await expect(startBrowserThreadsBackend()).rejects.toThrow('this page is not cross-origin isolated, so the browser gives it no SharedArrayBuffer');
  });

  it('the browser variant refuses on a device with one logical core, even a cross-origin isolated one, and says so', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 1 });
    vi.stubGlobal('crossOriginIsolated', true);
    try {
      await expect(startBrowserThreadsBackend()).rejects.toThrow('this device has one logical core');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
