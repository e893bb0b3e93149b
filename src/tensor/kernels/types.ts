/**
 * The kernels the vectorized engine is built on: matrix products (with either factor read
 * transposed in place, so no transposed copy is ever made), the element-wise steps of a layer
 * (biases, ReLU, the bias gradient), the Adam update, and the gathering of a batch of 8-bit pixels
 * into inputs. Two implementations give the same numbers (to float32 rounding): plain TypeScript,
 * and WebAssembly SIMD. Every matrix is a row-major Float32Array.
 *
 * WebAssembly can only work on its own memory, so the arrays a kernel reads and writes are handed
 * out by a workspace of that backend; a network asks for all its arrays at once, up front, because
 * growing a WebAssembly memory later would detach the views already handed out.
 */
export type KernelName = 'typescript' | 'wasm-simd' | 'wasm-simd-threads';

export interface Kernels {
  /** c[m×n] = a[m×k] · b[k×n]. c must not overlap a or b; m, k, n are at least 1. */
  matmul(c: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number): void;
  /**
   * c[m×n] = aᵀ · b[k×n] for a stored k×m: a weight gradient δᵀz straight from δ, with no
   * transposed copy of it. c must not overlap a or b; m, k, n are at least 1.
   */
  matmulTransposedA(c: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number): void;
  /**
   * c[m×n] = a[m×k] · bᵀ for b stored n×k: a forward pass z Wᵀ straight from W (rows are neurons),
   * with no transposed copy of it. c must not overlap a or b; m, k, n are at least 1.
   */
  matmulTransposedB(c: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number): void;
  /** a[rows×cols] += biases[cols], on every row. */
  addBias(a: Float32Array, biases: Float32Array, rows: number, cols: number): void;
  /** out[cols] = the sum of the rows of matrix[rows×cols], added in order from the first. */
  sumRows(out: Float32Array, matrix: Float32Array, rows: number, cols: number): void;
  /**
   * The first `rows` rows of x (rowLength wide) = rows indices[0 … rows−1] of the byte matrix
   * `source` divided by 255: 8-bit pixels as inputs in [0, 1], each the float32 nearest b/255.
   * MNIST keeps its digits as bytes (a quarter of the memory of floats) in the network's
   * workspace, and each batch is gathered and scaled in one step.
   */
  gatherUnitRows(x: Float32Array, source: Uint8Array, indices: Uint32Array, rows: number, rowLength: number): void;
  /** z = ReLU(a) = (a > 0 ? a : 0) over the first `length` entries (NaN gives 0, as in the scalar engine). */
  relu(z: Float32Array, a: Float32Array, length: number): void;
  /** δ ← δ · ReLU'(a) = δ · (a > 0 ? 1 : 0) over the first `length` entries (a product: −0 and NaN as in the scalar engine). */
  reluDerivative(delta: Float32Array, a: Float32Array, length: number): void;
  /**
   * One Adam update of the first `length` parameters: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
   * θ ← θ − stepSize · m / (√v + ε). A kernel because it touches every parameter every batch.
   */
  adam(
    values: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, length: number,
    beta1: number, beta2: number, stepSize: number, epsilon: number,
  ): void;
}

export interface Workspace extends Kernels {
  /** One zeroed array per length asked for, in the same order. */
  readonly arrays: Float32Array[];
}

export interface KernelBackend {
  readonly name: KernelName;
  createWorkspace(lengths: readonly number[]): Workspace;
}
