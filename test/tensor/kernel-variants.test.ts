import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/data/random';
import { enableRelaxedSimd } from '../../src/tensor/kernels/node-relaxed-simd';
import { wasmSimdThreadsKernels } from '../../src/tensor/kernels/threads';
import type { KernelBackend, Workspace } from '../../src/tensor/kernels/types';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { bestArithmetic, fusedMultiplyAddSupported, wasmSimdKernels, type Arithmetic } from '../../src/tensor/kernels/wasm';

/** Odd shapes (m, k, n): single rows and columns, sizes just off multiples of 4 and 8, and MNIST's. */
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 9, 7], [2, 3, 8], [3, 5, 9], [4, 8, 8], [5, 1, 17], [7, 13, 10], [9, 6, 15], [12, 4, 24], [13, 31, 3],
  [64, 128, 10], [10, 64, 128], [128, 64, 784],
];

function randomMatrix(length: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length }, () => random.normal());
}

/** c = op(a)·b in float64, op(a) = a (m×k) or, `transposedA`, aᵀ with a stored k×m. */
function referenceProduct(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposedA: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (transposedA ? a[p * m + i]! : a[i * k + p]!) * b[p * n + j]!;
      c[i * n + j] = sum;
    }
  }
  return c;
}

/** The product computed by a fresh workspace of `backend` (every entry of c starts as NaN). */
function productWith(backend: KernelBackend, a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposedA: boolean): Float32Array {
  const workspace = backend.createWorkspace([m * k, k * n, m * n]);
  return productIn(workspace, a, b, m, k, n, transposedA);
}

function productIn(workspace: Workspace, a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposedA: boolean): Float32Array {
  const [wa, wb, wc] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
  wa.set(a);
  wb.set(b);
  wc.fill(Number.NaN);
  if (transposedA) workspace.matmulTransposedA(wc, wa, wb, m, k, n);
  else workspace.matmul(wc, wa, wb, m, k, n);
  return wc.slice();
}

/** The largest error of `actual` against the float64 product, in units of √k (float32 sums of k unit-normal terms). */
function worstScaledError(actual: Float32Array, expected: Float64Array, k: number): number {
  let worst = 0;
  for (let e = 0; e < expected.length; e++) worst = Math.max(worst, Math.abs(actual[e]! - expected[e]!) / Math.sqrt(k));
  return worst;
}

const ARITHMETICS: Arithmetic[] = ['plain', 'fused'];

describe('the kernels with and without fused multiply-add', () => {
  it('Node gets relaxed SIMD from the flag, so the fused kernels are what a workspace gets by default', () => {
    expect(enableRelaxedSimd()).toBe(true);
    expect(fusedMultiplyAddSupported()).toBe(true);
    expect(bestArithmetic()).toBe('fused');
  });

  for (const transposedA of [false, true]) {
    const what = transposedA ? 'matmulTransposedA (aᵀb, a stored k×m)' : 'matmul';
    const labelled = [{ label: 'typescript', backend: typescriptBackend }, ...ARITHMETICS.map((arithmetic) => ({ label: `wasm-simd ${arithmetic}`, backend: wasmSimdKernels(arithmetic) }))];
    for (const { label, backend } of labelled) {
      it(`${label}: ${what} matches the float64 product on odd shapes`, () => {
        enableRelaxedSimd();
        SHAPES.forEach(([m, k, n], index) => {
          const a = randomMatrix(m * k, 20 + index);
          const b = randomMatrix(k * n, 200 + index);
          const actual = productWith(backend, a, b, m, k, n, transposedA);
          expect(worstScaledError(actual, referenceProduct(a, b, m, k, n, transposedA), k), `${m}×${k}×${n}`).toBeLessThan(4e-6 * 4);
        });
      });
    }

    it(`${what}: fused and plain agree with each other and with the TypeScript kernels to float32 rounding`, () => {
      enableRelaxedSimd();
      SHAPES.forEach(([m, k, n], index) => {
        const a = randomMatrix(m * k, 40 + index);
        const b = randomMatrix(k * n, 400 + index);
        const [viaTypescript, plain, fused] = [typescriptBackend, wasmSimdKernels('plain'), wasmSimdKernels('fused')]
          .map((backend) => productWith(backend, a, b, m, k, n, transposedA));
        // Counted rather than asserted entry by entry, which takes seconds over 100,000 numbers.
        const tolerance = 1e-5 * Math.sqrt(k) * 4;
        let apart = 0;
        for (let e = 0; e < m * n; e++) {
          if (!(Math.abs(fused![e]! - plain![e]!) < tolerance && Math.abs(fused![e]! - viaTypescript![e]!) < tolerance)) apart++;
        }
        expect(apart, `${m}×${k}×${n}`).toBe(0);
      });
    });
  }

  it('matmulTransposedA of a equals matmul of a transposed copy, bit for bit, in each arithmetic', () => {
    enableRelaxedSimd();
    for (const arithmetic of ARITHMETICS) {
      for (const [m, k, n] of SHAPES) {
        const a = randomMatrix(k * m, 7);
        const b = randomMatrix(k * n, 8);
        const aT = new Float32Array(m * k);
        for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) aT[i * k + p] = a[p * m + i]!;
        const backend = wasmSimdKernels(arithmetic);
        expect(productWith(backend, a, b, m, k, n, true), `${arithmetic} ${m}×${k}×${n}`).toEqual(productWith(backend, aT, b, m, k, n, false));
      }
    }
  });

  it('on two cores, a split aᵀb is bit for bit the one-core product, in each arithmetic', () => {
    for (const arithmetic of ARITHMETICS) {
      // Large enough to be split; the second has rows (m) not a multiple of 8.
      for (const [m, k, n] of [[128, 64, 784], [20, 300, 300]] as const) {
        const a = randomMatrix(k * m, 9);
        const b = randomMatrix(k * n, 10);
        const expected = productWith(wasmSimdKernels(arithmetic), a, b, m, k, n, true);
        const workspace = wasmSimdThreadsKernels(arithmetic).createWorkspace([m * k, k * n, m * n]);
        expect(workspace.awaitHelper(10_000)).toBe(true);
        // The helper may be too slow to claim a part (this thread then takes it back): repeat until it ran one.
        for (let attempt = 0; attempt < 100 && workspace.jobs.ranByHelper === 0; attempt++) {
          expect(productIn(workspace, a, b, m, k, n, true)).toEqual(expected);
        }
        expect(workspace.jobs.ranByHelper).toBeGreaterThan(0);
      }
    }
  });
});
