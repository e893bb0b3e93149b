import { describe, it, expect } from 'vitest';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { wasmSimdBackend, wasmSimdSupported } from '../../src/tensor/kernels/wasm';
import { selectKernels } from '../../src/tensor/kernels/select';
import type { KernelBackend } from '../../src/tensor/kernels/types';
import { createRandom } from '../../src/data/random';

/** The textbook triple loop in float64: what every kernel must reproduce. */
function referenceProduct(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = sum;
    }
  }
  return c;
}

function productWith(backend: KernelBackend, a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const workspace = backend.createWorkspace([m * k, k * n, m * n]);
  const [wa, wb, wc] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
  wa.set(a);
  wb.set(b);
  wc.fill(Number.NaN); // every entry must be written
  workspace.matmul(wc, wa, wb, m, k, n);
  return wc.slice();
}

function randomMatrix(length: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length }, () => random.normal());
}

// Shapes that hit whole blocks only, edges only, and both; plus the MNIST layer shapes.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 5, 3], [3, 2, 7], [4, 8, 8], [5, 3, 9], [7, 13, 10], [8, 16, 17], [64, 784, 128], [128, 64, 10],
];

const backends: KernelBackend[] = [typescriptBackend, ...(wasmSimdSupported() ? [wasmSimdBackend] : [])];

describe('matrix kernels', () => {
  it('WebAssembly SIMD is available in this Node, so both paths are exercised', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(selectKernels().name).toBe('wasm-simd');
    expect(selectKernels('typescript').name).toBe('typescript');
  });

  for (const backend of backends) {
    it(`${backend.name}: matmul matches the float64 triple loop to float32 rounding`, () => {
      SHAPES.forEach(([m, k, n], index) => {
        const a = randomMatrix(m * k, 10 + index);
        const b = randomMatrix(k * n, 100 + index);
        const expected = referenceProduct(a, b, m, k, n);
        const actual = productWith(backend, a, b, m, k, n);
        for (let e = 0; e < expected.length; e++) {
          // float32 sums of k products of unit normals: error grows like √k · ε · |terms|.
          expect(Math.abs(actual[e]! - expected[e]!)).toBeLessThan(1e-5 * Math.sqrt(k) * 4 + 1e-6);
        }
      });
    });

    it(`${backend.name}: one Adam update matches the formulas, including a tail of length mod 4`, () => {
      const length = 11;
      const workspace = backend.createWorkspace([length, length, length, length]);
      const [values, grads, m, v] = workspace.arrays as [Float32Array, Float32Array, Float32Array, Float32Array];
      const random = createRandom(3);
      for (let e = 0; e < length; e++) {
        values[e] = random.normal();
        grads[e] = random.normal();
        m[e] = 0.1 * random.normal();
        v[e] = random.uniform();
      }
      const before = [values.slice(), grads.slice(), m.slice(), v.slice()] as const;
      workspace.adam(values, grads, m, v, length, 0.9, 0.999, 0.01, 1e-8);
      for (let e = 0; e < length; e++) {
        const g = before[1][e]!;
        const mNew = 0.9 * before[2][e]! + 0.1 * g;
        const vNew = 0.999 * before[3][e]! + 0.001 * g * g;
        expect(m[e]).toBeCloseTo(mNew, 6);
        expect(v[e]).toBeCloseTo(vNew, 6);
        expect(values[e]).toBeCloseTo(before[0][e]! - (0.01 * mNew) / (Math.sqrt(vNew) + 1e-8), 6);
      }
    });
  }

  it('the TypeScript and WebAssembly SIMD kernels give the same products', () => {
    for (const [m, k, n] of SHAPES) {
      const a = randomMatrix(m * k, 7);
      const b = randomMatrix(k * n, 8);
      const viaTypescript = productWith(typescriptBackend, a, b, m, k, n);
      const viaWasm = productWith(wasmSimdBackend, a, b, m, k, n);
      for (let e = 0; e < viaTypescript.length; e++) {
        expect(viaWasm[e]).toBeCloseTo(viaTypescript[e]!, 3);
      }
    }
  });

  it('the wasm workspace refuses arrays from elsewhere', () => {
    const workspace = wasmSimdBackend.createWorkspace([4]);
    const foreign = new Float32Array(4);
    expect(() => workspace.matmul(workspace.arrays[0]!, foreign, foreign, 2, 1, 2)).toThrow(/not from this workspace/);
  });
});
