import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/data/random';
import { UNARY_FUNCTIONS } from '../../src/engine/ops';
import { wasmSimdThreadsBackend } from '../../src/tensor/kernels/threads';
import { PARALLEL_ELEMENTS } from '../../src/tensor/kernels/two-core';
import type { Workspace } from '../../src/tensor/kernels/types';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { wasmSimdBackend } from '../../src/tensor/kernels/wasm';

/** Odd shapes (rows, cols): one row, one column, widths just off multiples of 4, and MNIST's. */
const SHAPES: [number, number][] = [[1, 1], [1, 3], [3, 1], [2, 5], [5, 7], [4, 8], [7, 13], [64, 10], [64, 128], [17, 129]];

/** Normal numbers, with the values a kernel might mishandle mixed in: ±0, ±∞, NaN. */
function values(length: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const special = [0, -0, Infinity, -Infinity, Number.NaN];
  return Float32Array.from({ length }, (_, e) => (e % 7 === 3 ? special[(e * 5) % special.length]! : random.normal()));
}

/** Fresh arrays of `workspace` holding copies of `contents`. */
function load(workspace: Workspace, ...contents: Float32Array[]): Float32Array[] {
  return contents.map((content, index) => {
    const array = workspace.arrays[index]!;
    array.set(content);
    return array;
  });
}

/** Runs `kernel` on a fresh workspace of each backend with the same inputs; returns the arrays afterwards. */
function onBoth(lengths: number[], contents: Float32Array[], kernel: (workspace: Workspace, arrays: Float32Array[]) => void): [Float32Array[], Float32Array[]] {
  const results = [typescriptBackend, wasmSimdBackend].map((backend) => {
    const workspace = backend.createWorkspace(lengths);
    const arrays = load(workspace, ...contents);
    kernel(workspace, arrays);
    return arrays.map((array) => array.slice());
  });
  return [results[0]!, results[1]!];
}

/** Whether two arrays hold the same float32 bits (NaN equal to NaN, 0 not equal to −0). */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  return x.length === y.length && x.every((bits, e) => bits === y[e] || (Number.isNaN(a[e]) && Number.isNaN(b[e])));
}

describe('the element-wise kernels: WebAssembly SIMD against TypeScript, bit for bit', () => {
  it('addBias adds the biases to every row', () => {
    for (const [rows, cols] of SHAPES) {
      const [viaTypescript, viaWasm] = onBoth([rows * cols, cols], [values(rows * cols, rows), values(cols, cols)], (w, [a, b]) => w.addBias(a!, b!, rows, cols));
      expect(sameBits(viaTypescript[0]!, viaWasm[0]!), `${rows}×${cols}`).toBe(true);
    }
    const workspace = wasmSimdBackend.createWorkspace([6, 3]);
    const [a, biases] = load(workspace, Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(10, 20, 30));
    workspace.addBias(a!, biases!, 2, 3);
    expect(Array.from(a!)).toEqual([11, 22, 33, 14, 25, 36]);
  });

  it('gatherUnitRows fills rows from the rows asked for, every byte b as the float32 nearest b/255', () => {
    const sourceRows = 40;
    /** A workspace for gathering `rows` rows of `rowLength` from a source of 40 rows holding every byte value in turn. */
    function gatherWorkspace<W extends Workspace>(backend: { createWorkspace(lengths: readonly number[]): W }, rows: number, rowLength: number): W {
      return backend.createWorkspace([rows * rowLength, Math.ceil((sourceRows * rowLength) / 4), rows]);
    }
    /** Gathers into the workspace's x and checks every entry against the source byte / 255. */
    function gatherAndCheck(workspace: Workspace, label: string, rows: number, rowLength: number): void {
      const [x, sourceRoom, indexRoom] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
      const source = new Uint8Array(sourceRoom.buffer, sourceRoom.byteOffset, sourceRows * rowLength);
      source.forEach((_, e) => (source[e] = (e * 7) % 256));
      const indices = new Uint32Array(indexRoom.buffer, indexRoom.byteOffset, rows);
      // Out of order, with repeats, the last source row included.
      indices.forEach((_, r) => (indices[r] = (r * 13 + 39) % sourceRows));
      x.fill(Number.NaN);
      workspace.gatherUnitRows(x, source, indices, rows, rowLength);
      const wrong = Array.from(x).findIndex((value, e) => {
        const [r, p] = [Math.floor(e / rowLength), e % rowLength];
        return value !== Math.fround(source[indices[r]! * rowLength + p]! / 255);
      });
      expect(wrong, `${label}, ${rows} rows of ${rowLength}`).toBe(-1);
    }
    // Row lengths off multiples of 16 on both sides of a vector, and MNIST's 784.
    for (const rowLength of [1, 15, 16, 17, 37, 256, 784]) {
      for (const backend of [typescriptBackend, wasmSimdBackend, wasmSimdThreadsBackend]) {
        gatherAndCheck(gatherWorkspace(backend, 5, rowLength), backend.name, 5, rowLength);
      }
    }
    // A batch of 64 digits is split between two threads: the same numbers, once the helper has taken part.
    const twoCores = gatherWorkspace(wasmSimdThreadsBackend, 64, 784);
    expect(twoCores.awaitHelper(10_000)).toBe(true);
    for (let attempt = 0; attempt < 100 && twoCores.jobs.ranByHelper === 0; attempt++) gatherAndCheck(twoCores, 'two cores', 64, 784);
    expect(twoCores.jobs.ranByHelper).toBeGreaterThan(0);
    // The ends and a middle value, independently: 0 → 0, 255 → 1, 51 → 0.2 rounded to float32.
    const workspace = wasmSimdBackend.createWorkspace([3, 1, 3]);
    const [x, sourceRoom, indexRoom] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
    const source = new Uint8Array(sourceRoom.buffer, sourceRoom.byteOffset, 3);
    const indices = new Uint32Array(indexRoom.buffer, indexRoom.byteOffset, 3);
    source.set([0, 255, 51]);
    indices.set([2, 0, 1]);
    workspace.gatherUnitRows(x, source, indices, 3, 1);
    expect(Array.from(x)).toEqual([Math.fround(0.2), 0, 1]);
  });

  it('sumRows adds the rows, in order, and overwrites what was in out', () => {
    for (const [rows, cols] of SHAPES) {
      const [viaTypescript, viaWasm] = onBoth([cols, rows * cols], [values(cols, 1), values(rows * cols, rows + cols)], (w, [out, matrix]) => w.sumRows(out!, matrix!, rows, cols));
      expect(sameBits(viaTypescript[0]!, viaWasm[0]!), `${rows}×${cols}`).toBe(true);
    }
    const workspace = wasmSimdBackend.createWorkspace([3, 6]);
    const [out, matrix] = load(workspace, Float32Array.of(99, 99, 99), Float32Array.of(1, 2, 3, 4, 5, 6));
    workspace.sumRows(out!, matrix!, 2, 3);
    expect(Array.from(out!)).toEqual([5, 7, 9]);
  });

  it('relu and reluDerivative give the scalar engine\'s ReLU and its slope, entry by entry', () => {
    const { relu } = UNARY_FUNCTIONS;
    for (const [rows, cols] of SHAPES) {
      const length = rows * cols;
      const a = values(length, 3 * length);
      const delta = values(length, 5 * length);
      const [forwardTs, forwardWasm] = onBoth([length, length], [new Float32Array(length), a], (w, [z, x]) => w.relu(z!, x!, length));
      expect(sameBits(forwardTs[0]!, forwardWasm[0]!), `relu ${length}`).toBe(true);
      expect(sameBits(forwardTs[0]!, Float32Array.from(a, (x) => relu.value(x))), `relu ${length} against the engine`).toBe(true);
      const [backwardTs, backwardWasm] = onBoth([length, length], [delta, a], (w, [d, x]) => w.reluDerivative(d!, x!, length));
      expect(sameBits(backwardTs[0]!, backwardWasm[0]!), `reluDerivative ${length}`).toBe(true);
      expect(sameBits(backwardTs[0]!, Float32Array.from(delta, (d, e) => d * relu.slope(a[e]!, relu.value(a[e]!)))), `reluDerivative ${length} against the engine`).toBe(true);
    }
  });

  it('relu and reluDerivative leave the entries past `length` alone', () => {
    const workspace = wasmSimdBackend.createWorkspace([7, 7]);
    const [z, a] = load(workspace, new Float32Array(7).fill(42), Float32Array.of(-1, 2, -3, 4, -5, 6, 7));
    workspace.relu(z!, a!, 5);
    expect(Array.from(z!)).toEqual([0, 2, 0, 4, 0, 42, 42]);
    workspace.reluDerivative(z!, a!, 6);
    expect(Array.from(z!)).toEqual([0, 2, 0, 4, 0, 42, 42]);
  });

  it('on two cores, large biases, ReLU and its derivative are split and give the one-core bits', () => {
    // Over the threshold, with an odd number of rows and a length no multiple of 4.
    const [rows, cols] = [1031, 129];
    const length = rows * cols;
    expect(length).toBeGreaterThan(PARALLEL_ELEMENTS);
    const a = values(length, 1);
    const biases = values(cols, 2);
    const delta = values(length, 3);
    const oneCore = wasmSimdBackend.createWorkspace([length, cols, length]);
    const [a1, b1, d1] = load(oneCore, a, biases, delta);
    oneCore.addBias(a1!, b1!, rows, cols);
    oneCore.relu(d1!, a1!, length);
    const expectedZ = d1!.slice();
    load(oneCore, a, biases, delta);
    oneCore.reluDerivative(d1!, a1!, length);
    const expectedDelta = d1!.slice();
    oneCore.addBias(a1!, b1!, rows, cols);
    const expectedA = a1!.slice();

    const twoCores = wasmSimdThreadsBackend.createWorkspace([length, cols, length]);
    expect(twoCores.awaitHelper(10_000)).toBe(true);
    // Repeated until the helper has run a part (it may be too slow to claim one; this thread then takes it back).
    for (let attempt = 0; attempt < 100 && twoCores.jobs.ranByHelper < 3; attempt++) {
      const [a2, b2, d2] = load(twoCores, a, biases, delta);
      twoCores.addBias(a2!, b2!, rows, cols);
      twoCores.relu(d2!, a2!, length);
      expect(sameBits(d2!, expectedZ), 'relu').toBe(true);
      load(twoCores, a, biases, delta);
      twoCores.reluDerivative(d2!, a2!, length);
      expect(sameBits(d2!, expectedDelta), 'reluDerivative').toBe(true);
      twoCores.addBias(a2!, b2!, rows, cols);
      expect(sameBits(a2!, expectedA), 'addBias').toBe(true);
    }
    expect(twoCores.jobs.ranByHelper).toBeGreaterThanOrEqual(3);
  });
});
