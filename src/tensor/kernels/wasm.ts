/**
 * The WebAssembly SIMD kernels (source: kernels.wat). Each workspace gets its own memory, sized
 * for the arrays asked for, and its own instance of the once-compiled module.
 *
 * The module comes in two arithmetics (compile.ts): `fused`, whose matrix product uses relaxed
 * SIMD's fused multiply-add, where the runtime validates it; `plain` everywhere else. Both give
 * the same products to float32 rounding (fused rounds once per multiply-add instead of twice).
 */
import { fusedKernelsWasmBase64, fusedSharedKernelsWasmBase64, kernelsWasmBase64, sharedKernelsWasmBase64 } from './kernels.wasm';
import type { KernelBackend, Workspace } from './types';

const PAGE_BYTES = 65536;
// 16-byte alignment keeps every array's start on a v128 boundary.
const ALIGN_FLOATS = 4;

/** The module's exports: every pointer is a byte offset into the workspace memory. */
export interface KernelExports {
  matmul(c: number, a: number, b: number, m: number, k: number, n: number): void;
  /** c = A·b where A's entry (i, p) is at a + i·aRowStep + p·aStep bytes (kernels.wat, $product). */
  matmulStrided(c: number, a: number, b: number, m: number, k: number, n: number, aRowStep: number, aStep: number): void;
  matmulTransposedB(c: number, a: number, b: number, m: number, k: number, n: number): void;
  /** The same product into n columns of a wider c whose rows are `rowBytesC` bytes apart. */
  matmulTransposedBColumns(c: number, a: number, b: number, m: number, k: number, n: number, rowBytesC: number): void;
  addBias(a: number, biases: number, rows: number, cols: number): void;
  sumRows(out: number, matrix: number, rows: number, cols: number): void;
  gatherUnitRows(x: number, source: number, indices: number, rows: number, rowLength: number): void;
  relu(z: number, a: number, length: number): void;
  reluDerivative(delta: number, a: number, length: number): void;
  adam(values: number, grads: number, m: number, v: number, length: number, beta1: number, beta2: number, stepSize: number, epsilon: number): void;
}

/** How the matrix product multiplies and adds: see compile.ts. */
export type Arithmetic = 'plain' | 'fused';

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const MODULE_BASE64: Record<Arithmetic, { private: string; shared: string }> = {
  plain: { private: kernelsWasmBase64, shared: sharedKernelsWasmBase64 },
  fused: { private: fusedKernelsWasmBase64, shared: fusedSharedKernelsWasmBase64 },
};

const wasmBytes = decodeBase64(kernelsWasmBase64);
const fusedWasmBytes = decodeBase64(fusedKernelsWasmBase64);

/** Whether this runtime runs our module, i.e. has WebAssembly with SIMD. */
export function wasmSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(wasmBytes);
}

/**
 * Whether this runtime also runs the fused module, i.e. has relaxed SIMD (Chromium and Node 22 do;
 * Node 20 once node-relaxed-simd.ts has turned on V8's flag). Asked again each time, not cached:
 * the answer can change when that flag is set.
 */
export function fusedMultiplyAddSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(fusedWasmBytes);
}

/** The arithmetic a new workspace gets when none is asked for: fused where it validates. */
export function bestArithmetic(): Arithmetic {
  return fusedMultiplyAddSupported() ? 'fused' : 'plain';
}

const compiled = new Map<string, WebAssembly.Module>();

/** The compiled kernels; the shared variant imports a shared memory (for worker threads). */
export function kernelModule(shared: boolean, arithmetic: Arithmetic = bestArithmetic()): WebAssembly.Module {
  const key = `${arithmetic} ${shared ? 'shared' : 'private'}`;
  let module = compiled.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(decodeBase64(MODULE_BASE64[arithmetic][shared ? 'shared' : 'private']));
    compiled.set(key, module);
  }
  return module;
}

/** A memory holding one aligned array per length, and the arrays. */
export function allocateArrays(lengths: readonly number[], shared: boolean): { memory: WebAssembly.Memory; buffer: ArrayBufferLike; arrays: Float32Array[] } {
  const offsets: number[] = [];
  let totalFloats = 0;
  for (const length of lengths) {
    offsets.push(totalFloats);
    totalFloats += Math.ceil(length / ALIGN_FLOATS) * ALIGN_FLOATS;
  }
  const pages = Math.max(1, Math.ceil((totalFloats * 4) / PAGE_BYTES));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
  // A shared memory may hand out a new buffer object per access: take one and keep it.
  const buffer = memory.buffer;
  return { memory, buffer, arrays: lengths.map((length, index) => new Float32Array(buffer, offsets[index]! * 4, length)) };
}

/** The exports a workspace's methods call (the column-band product is only for the two-core helper's chunks). */
type WorkspaceExports = Omit<KernelExports, 'matmulTransposedBColumns'>;

/**
 * A workspace whose kernels run `exports` on the arrays of `buffer`: the module's own, or functions
 * that split the work between two threads (two-core.ts).
 */
export function bindWorkspace(buffer: ArrayBufferLike, arrays: Float32Array[], exports: WorkspaceExports): Workspace {
  // A view of another memory would be read at the same offset in this one: refuse it loudly.
  function inWorkspace(array: Float32Array | Uint8Array | Uint32Array): number {
    if (array.buffer !== buffer) throw new Error('wasm-simd kernels: array is not from this workspace');
    return array.byteOffset;
  }
  return {
    arrays,
    matmul(c, a, b, m, k, n) {
      exports.matmul(inWorkspace(c), inWorkspace(a), inWorkspace(b), m, k, n);
    },
    matmulTransposedA(c, a, b, m, k, n) {
      // a is stored k×m: entry (i, p) of aᵀ is a[p·m + i].
      exports.matmulStrided(inWorkspace(c), inWorkspace(a), inWorkspace(b), m, k, n, 4, m * 4);
    },
    matmulTransposedB(c, a, b, m, k, n) {
      exports.matmulTransposedB(inWorkspace(c), inWorkspace(a), inWorkspace(b), m, k, n);
    },
    addBias(a, biases, rows, cols) {
      exports.addBias(inWorkspace(a), inWorkspace(biases), rows, cols);
    },
    sumRows(out, matrix, rows, cols) {
      exports.sumRows(inWorkspace(out), inWorkspace(matrix), rows, cols);
    },
    gatherUnitRows(x, source, indices, rows, rowLength) {
      exports.gatherUnitRows(inWorkspace(x), inWorkspace(source), inWorkspace(indices), rows, rowLength);
    },
    relu(z, a, length) {
      exports.relu(inWorkspace(z), inWorkspace(a), length);
    },
    reluDerivative(delta, a, length) {
      exports.reluDerivative(inWorkspace(delta), inWorkspace(a), length);
    },
    adam(values, grads, m, v, length, beta1, beta2, stepSize, epsilon) {
      exports.adam(inWorkspace(values), inWorkspace(grads), inWorkspace(m), inWorkspace(v), length, beta1, beta2, stepSize, epsilon);
    },
  };
}

/**
 * The one-core WebAssembly SIMD kernels in the given arithmetic, or by default the best this
 * runtime has at the time each workspace is created.
 */
export function wasmSimdKernels(arithmetic?: Arithmetic): KernelBackend {
  return {
    name: 'wasm-simd',
    createWorkspace(lengths: readonly number[]): Workspace {
      const { memory, buffer, arrays } = allocateArrays(lengths, false);
      const instance = new WebAssembly.Instance(kernelModule(false, arithmetic), { env: { memory } });
      return bindWorkspace(buffer, arrays, instance.exports as unknown as KernelExports);
    },
  };
}

export const wasmSimdBackend: KernelBackend = wasmSimdKernels();
