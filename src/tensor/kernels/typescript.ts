/**
 * The plain TypeScript kernels: the fallback where WebAssembly SIMD is missing, and the reference
 * the SIMD kernels are checked against.
 */
import type { KernelBackend, Kernels, Workspace } from './types';

/** Σ_p a[aRow + p] · b[p·n + column]: one entry of the product, for the edges of the blocks. */
function dot(a: Float32Array, aRow: number, b: Float32Array, column: number, k: number, n: number): number {
  let sum = 0;
  for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[p * n + column]!;
  return sum;
}

/**
 * c = a · b in 4×4 blocks of c kept in sixteen local variables: each step of p loads four entries
 * of a and four of b and does sixteen multiply-adds, instead of two loads per multiply-add.
 * The `!` on typed-array reads is safe: every index is inside the matrices by the loop bounds.
 */
function matmul(c: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number): void {
  const fullRows = m & ~3;
  const fullCols = n & ~3;
  for (let j = 0; j < fullCols; j += 4) {
    for (let i = 0; i < fullRows; i += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        const b0 = b[bp]!, b1 = b[bp + 1]!, b2 = b[bp + 2]!, b3 = b[bp + 3]!;
        const s0 = a[a0 + p]!, s1 = a[a1 + p]!, s2 = a[a2 + p]!, s3 = a[a3 + p]!;
        c00 += s0 * b0; c01 += s0 * b1; c02 += s0 * b2; c03 += s0 * b3;
        c10 += s1 * b0; c11 += s1 * b1; c12 += s1 * b2; c13 += s1 * b3;
        c20 += s2 * b0; c21 += s2 * b1; c22 += s2 * b2; c23 += s2 * b3;
        c30 += s3 * b0; c31 += s3 * b1; c32 += s3 * b2; c33 += s3 * b3;
      }
      let cp = i * n + j;
      c[cp] = c00; c[cp + 1] = c01; c[cp + 2] = c02; c[cp + 3] = c03;
      cp += n;
      c[cp] = c10; c[cp + 1] = c11; c[cp + 2] = c12; c[cp + 3] = c13;
      cp += n;
      c[cp] = c20; c[cp + 1] = c21; c[cp + 2] = c22; c[cp + 3] = c23;
      cp += n;
      c[cp] = c30; c[cp + 1] = c31; c[cp + 2] = c32; c[cp + 3] = c33;
    }
  }
  // The columns right of the last whole block, for every row; then the rows below it.
  for (let i = 0; i < m; i++) {
    for (let j = fullCols; j < n; j++) c[i * n + j] = dot(a, i * k, b, j, k, n);
  }
  for (let i = fullRows; i < m; i++) {
    for (let j = 0; j < fullCols; j++) c[i * n + j] = dot(a, i * k, b, j, k, n);
  }
}

/**
 * c = aᵀ · b for a stored k×m. Row i of c is Σ_p a[p·m + i] · (row p of b): each step adds a
 * multiple of a whole row of b, so both b and c are walked along their rows.
 */
function matmulTransposedA(c: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    c.fill(0, cRow, cRow + n);
    for (let p = 0; p < k; p++) {
      const s = a[p * m + i]!;
      const bRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j]! += s * b[bRow + j]!;
    }
  }
}

/** c = a · bᵀ for b stored n×k: every entry the dot product of a row of a and a row of b. */
function matmulTransposedB(c: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p]! * b[j * k + p]!;
      c[i * n + j] = sum;
    }
  }
}

function addBias(a: Float32Array, biases: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    for (let c = 0; c < cols; c++) a[start + c]! += biases[c]!;
  }
}

function sumRows(out: Float32Array, matrix: Float32Array, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    for (let c = 0; c < cols; c++) out[c]! += matrix[start + c]!;
  }
}

function gatherUnitRows(x: Float32Array, source: Uint8Array, indices: Uint32Array, rows: number, rowLength: number): void {
  for (let r = 0; r < rows; r++) {
    const from = indices[r]! * rowLength;
    const to = r * rowLength;
    // b/255 in float64, then rounded to float32: the float32 nearest b/255 (a quotient rounded
    // twice, from 53 bits to 24, is still correctly rounded), so this and the WebAssembly division agree.
    for (let p = 0; p < rowLength; p++) x[to + p] = source[from + p]! / 255;
  }
}

function relu(z: Float32Array, a: Float32Array, length: number): void {
  for (let e = 0; e < length; e++) z[e] = a[e]! > 0 ? a[e]! : 0;
}

function reluDerivative(delta: Float32Array, a: Float32Array, length: number): void {
  for (let e = 0; e < length; e++) delta[e]! *= a[e]! > 0 ? 1 : 0;
}

function adam(
  values: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, length: number,
  beta1: number, beta2: number, stepSize: number, epsilon: number,
): void {
  for (let e = 0; e < length; e++) {
    const g = grads[e]!;
    const mNew = beta1 * m[e]! + (1 - beta1) * g;
    const vNew = beta2 * v[e]! + (1 - beta2) * g * g;
    m[e] = mNew;
    v[e] = vNew;
    values[e]! -= (stepSize * mNew) / (Math.sqrt(vNew) + epsilon);
  }
}

export const typescriptKernels: Kernels = {
  matmul, matmulTransposedA, matmulTransposedB, addBias, sumRows, gatherUnitRows, relu, reluDerivative, adam,
};

export const typescriptBackend: KernelBackend = {
  name: 'typescript',
  createWorkspace(lengths: readonly number[]): Workspace {
    return { ...typescriptKernels, arrays: lengths.map((length) => new Float32Array(length)) };
  },
};
