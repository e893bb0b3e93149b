/**
 * Node only: the WebAssembly SIMD kernels on two cores. The workspace memory is shared with one
 * worker thread, and a large matrix product is split by rows of c: the worker computes the lower
 * rows while this thread computes the upper ones, then waits for it. Small products, transposes
 * and the Adam update stay on this thread, where waking the worker would cost more than it saves.
 */
import { Worker } from 'node:worker_threads';
import type { KernelBackend, Workspace } from './types';
import { allocateArrays, bindWorkspace, kernelModule, type KernelExports } from './wasm';

/** Products below this many multiply-adds (≈ 40 µs on one core) are not worth a hand-off. */
const PARALLEL_MULTIPLY_ADDS = 1 << 20;

// The control block both threads see: a job counter the worker waits on, the job's arguments,
// and the counter of the last job the worker finished.
const JOB = 0;
const ARGUMENTS = 1;
const DONE = 7;
const CONTROL_SLOTS = 8;

/**
 * The worker's whole program, plain JavaScript so that it runs without a TypeScript loader:
 * instantiate the shared kernels, then forever wait for a job, run it, and say it is done.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
let seen = 0;
for (;;) {
  Atomics.wait(control, ${JOB}, seen);
  seen = Atomics.load(control, ${JOB});
  kernels.matmul(control[${ARGUMENTS}], control[${ARGUMENTS + 1}], control[${ARGUMENTS + 2}],
    control[${ARGUMENTS + 3}], control[${ARGUMENTS + 4}], control[${ARGUMENTS + 5}]);
  Atomics.store(control, ${DONE}, seen);
  Atomics.notify(control, ${DONE});
}
`;

function createWorkspace(lengths: readonly number[]): Workspace {
  const { memory, buffer, arrays } = allocateArrays(lengths, true);
  const module = kernelModule(true);
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control } });
  // The worker never finishes by itself; it must not keep the process alive.
  worker.unref();
  let jobs = 0;

  function matmul(c: number, a: number, b: number, m: number, k: number, n: number): void {
    if (m < 8 || m * k * n < PARALLEL_MULTIPLY_ADDS) {
      kernels.matmul(c, a, b, m, k, n);
      return;
    }
    // This thread takes the first `upper` rows (a multiple of 4, so its blocks stay whole).
    const upper = (m >> 3) << 2;
    control.set([c + upper * n * 4, a + upper * k * 4, b, m - upper, k, n], ARGUMENTS);
    jobs++;
    Atomics.store(control, JOB, jobs);
    Atomics.notify(control, JOB);
    kernels.matmul(c, a, b, upper, k, n);
    for (let done = Atomics.load(control, DONE); done !== jobs; done = Atomics.load(control, DONE)) {
      Atomics.wait(control, DONE, done);
    }
  }

  return bindWorkspace(buffer, arrays, kernels, matmul);
}

export const wasmSimdThreadsBackend: KernelBackend = { name: 'wasm-simd-threads', createWorkspace };
