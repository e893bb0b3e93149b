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

/** How the factors of c[m×n] are stored: a·b (m×k, k×n), aᵀ·b (a stored k×m), a·bᵀ (b stored n×k). */
type Layout = 'ab' | 'aTb' | 'abT';
const LAYOUTS: Layout[] = ['ab', 'aTb', 'abT'];
const KERNEL_OF: Record<Layout, string> = { ab: 'matmul', aTb: 'matmulTransposedA (aᵀb, a stored k×m)', abT: 'matmulTransposedB (abᵀ, b stored n×k)' };

function randomMatrix(length: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length }, () => random.normal());
}

/** c = the product in float64, reading a and b as `layout` says. */
function referenceProduct(a: Float32Array, b: Float32Array, m: number, k: number, n: number, layout: Layout): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (layout === 'aTb' ? a[p * m + i]! : a[i * k + p]!) * (layout === 'abT' ? b[j * k + p]! : b[p * n + j]!);
      c[i * n + j] = sum;
    }
  }
  return c;
}

/** The product computed in `workspace` (every entry of c starts as NaN, so each must be written). */
function productIn(workspace: Workspace, a: Float32Array, b: Float32Array, m: number, k: number, n: number, layout: Layout): Float32Array {
  const [wa, wb, wc] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
  wa.set(a);
  wb.set(b);
  wc.fill(Number.NaN);
  if (layout === 'ab') workspace.matmul(wc, wa, wb, m, k, n);
  else if (layout === 'aTb') workspace.matmulTransposedA(wc, wa, wb, m, k, n);
  else workspace.matmulTransposedB(wc, wa, wb, m, k, n);
  return wc.slice();
}

function productWith(backend: KernelBackend, a: Float32Array, b: Float32Array, m: number, k: number, n: number, layout: Layout): Float32Array {
  return productIn(backend.createWorkspace([m * k, k * n, m * n]), a, b, m, k, n, layout);
}

/** The matrix stored `rows`×`cols`, stored transposed (cols×rows). */
function transposed(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c]!;
  return out;
}

/** The largest error of `actual` against the float64 product, in units of √k (float32 sums of k unit-normal terms). */
function worstScaledError(actual: Float32Array, expected: Float64Array, k: number): number {
  let worst = 0;
  for (let e = 0; e < expected.length; e++) worst = Math.max(worst, Math.abs(actual[e]! - expected[e]!) / Math.sqrt(k));
  // NaN (an entry never written) must fail too.
  return actual.some(Number.isNaN) ? Infinity : worst;
}

const ARITHMETICS: Arithmetic[] = ['plain', 'fused'];

describe('the product kernels, with and without fused multiply-add', () => {
  it('Node gets relaxed SIMD from the flag, so the fused kernels are what a workspace gets by default', () => {
    expect(enableRelaxedSimd()).toBe(true);
    expect(fusedMultiplyAddSupported()).toBe(true);
    expect(bestArithmetic()).toBe('fused');
  });

  for (const layout of LAYOUTS) {
    const labelled = [
      { label: 'typescript', backend: typescriptBackend },
      ...ARITHMETICS.map((arithmetic) => ({ label: `wasm-simd ${arithmetic}`, backend: wasmSimdKernels(arithmetic) })),
    ];
    for (const { label, backend } of labelled) {
      it(`${label}: ${KERNEL_OF[layout]} matches the float64 product on odd shapes`, () => {
        enableRelaxedSimd();
        SHAPES.forEach(([m, k, n], index) => {
          const a = randomMatrix(m * k, 20 + index);
          const b = randomMatrix(k * n, 200 + index);
          const actual = productWith(backend, a, b, m, k, n, layout);
          expect(worstScaledError(actual, referenceProduct(a, b, m, k, n, layout), k), `${m}×${k}×${n}`).toBeLessThan(1.6e-5);
        });
      });
    }

    it(`${KERNEL_OF[layout]}: fused and plain agree with each other and with the TypeScript kernels to float32 rounding`, () => {
      enableRelaxedSimd();
      SHAPES.forEach(([m, k, n], index) => {
        const a = randomMatrix(m * k, 40 + index);
        const b = randomMatrix(k * n, 400 + index);
        const [viaTypescript, plain, fused] = [typescriptBackend, wasmSimdKernels('plain'), wasmSimdKernels('fused')]
          .map((backend) => productWith(backend, a, b, m, k, n, layout)) as [Float32Array, Float32Array, Float32Array];
        // Counted rather than asserted entry by entry, which takes seconds over 100,000 numbers.
        const tolerance = 4e-5 * Math.sqrt(k);
        let apart = 0;
        for (let e = 0; e < m * n; e++) {
          if (!(Math.abs(fused[e]! - plain[e]!) < tolerance && Math.abs(fused[e]! - viaTypescript[e]!) < tolerance)) apart++;
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
        const backend = wasmSimdKernels(arithmetic);
        expect(productWith(backend, a, b, m, k, n, 'aTb'), `${arithmetic} ${m}×${k}×${n}`).toEqual(productWith(backend, transposed(a, k, m), b, m, k, n, 'ab'));
      }
    }
  });

  it('matmulTransposedB gives a row the same numbers whether whole blocks or the edges compute it', () => {
    // Row i of c depends only on row i of a: a lone row (m = 1: all edge) must equal the same row
    // inside a product of 6 rows (whole 2×4 blocks), with and without a k mod 4 tail.
    enableRelaxedSimd();
    for (const arithmetic of ARITHMETICS) {
      for (const [k, n] of [[8, 8], [11, 9], [3, 4], [784, 10]] as const) {
        const a = randomMatrix(6 * k, 11);
        const b = randomMatrix(n * k, 12);
        const backend = wasmSimdKernels(arithmetic);
        const all = productWith(backend, a, b, 6, k, n, 'abT');
        for (let i = 0; i < 6; i++) {
          const alone = productWith(backend, a.slice(i * k, (i + 1) * k), b, 1, k, n, 'abT');
          expect(alone, `${arithmetic} row ${i} of 6×${k}×${n}`).toEqual(all.slice(i * n, (i + 1) * n));
        }
      }
    }
  });

  it('on two cores, a split aᵀb or abᵀ is bit for bit the one-core product, in each arithmetic', () => {
    for (const arithmetic of ARITHMETICS) {
      for (const layout of ['aTb', 'abT'] as const) {
        // Large enough to be split; the second has rows (m) not a multiple of 8 and k no multiple of 4.
        for (const [m, k, n] of [[128, 64, 784], [21, 301, 300]] as const) {
          const a = randomMatrix(k * m, 9);
          const b = randomMatrix(k * n, 10);
          const expected = productWith(wasmSimdKernels(arithmetic), a, b, m, k, n, layout);
          const workspace = wasmSimdThreadsKernels(arithmetic).createWorkspace([m * k, k * n, m * n]);
          expect(workspace.awaitHelper(10_000)).toBe(true);
          // The helper may be too slow to claim a part (this thread then takes it back): repeat until it ran one.
          for (let attempt = 0; attempt < 100 && workspace.jobs.ranByHelper === 0; attempt++) {
            expect(productIn(workspace, a, b, m, k, n, layout), `${arithmetic} ${layout} ${m}×${k}×${n}`).toEqual(expected);
          }
          expect(workspace.jobs.ranByHelper).toBeGreaterThan(0);
        }
      }
    }
  });
});
