/**
 * The WebAssembly SIMD kernels on two cores: what Node (threads.ts, a worker thread) and the
 * browser (browser-threads.ts, a nested Web Worker) share. Each workspace lives in a shared memory;
 * one helper thread instantiates the same kernels on it and waits for jobs in a small control block.
 * A large matrix product is split by rows of c: the helper computes the lower rows while this thread
 * computes the upper ones, then waits for it. Small products, transposes and the Adam update stay on
 * this thread, where waking the helper would cost more than it saves.
 *
 * Nothing here imports a Node module: the browser bundle includes this file.
 */
import type { KernelBackend } from './types';
import { allocateArrays, bindWorkspace, kernelModule, type KernelExports } from './wasm';

/** Products below this many multiply-adds (≈ 40 µs on one core) are not worth a hand-off. */
export const PARALLEL_MULTIPLY_ADDS = 1 << 20;

/**
 * The control block both threads see (an Int32Array on a SharedArrayBuffer): its slots, and the
 * codes of the two kinds of job. One object, passed to `serveJobs`, so that the helper's loop needs
 * nothing from this module's scope (see `serveJobs`).
 */
export const CONTROL = {
  /** Slot: how many jobs have been posted; the helper waits on it. */
  posted: 0,
  /** Slot: the number of the last job the helper finished; the posting thread waits on it. */
  finished: 1,
  /** Slot: what the last posted job is, `matmulJob` or `releaseJob`. */
  task: 2,
  /** First of six slots: a matmul job's arguments (byte offsets of c, a, b; then m, k, n). */
  arguments: 3,
  slots: 9,
  /** Job: run matmul with the arguments. */
  matmulJob: 0,
  /** Job: this workspace has been replaced; stop serving it and wait for the next assignment. */
  releaseJob: 1,
} as const;
export type ControlLayout = typeof CONTROL;

/** What the helper is sent for each new workspace; it answers by running `serveJobs` on it. */
export interface HelperAssignment {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: Int32Array;
}

/**
 * The helper's side: runs the jobs posted on `control` until the workspace is released, then
 * returns (so the helper's event loop can receive the next workspace).
 *
 * It uses only its parameters and globals: Node's helper runs this function's source text, as
 * plain JavaScript in a worker thread that has no TypeScript loader (threads.ts). The browser's
 * helper imports it like any function.
 */
export function serveJobs(kernels: KernelExports, control: Int32Array, layout: ControlLayout): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(control, layout.posted, seen);
    seen = Atomics.load(control, layout.posted);
    const released = Atomics.load(control, layout.task) === layout.releaseJob;
    if (!released) {
      const first = layout.arguments;
      kernels.matmul(control[first]!, control[first + 1]!, control[first + 2]!, control[first + 3]!, control[first + 4]!, control[first + 5]!);
    }
    Atomics.store(control, layout.finished, seen);
    Atomics.notify(control, layout.finished);
    if (released) return;
  }
}

/**
 * A backend whose workspaces split large products with one helper thread; `assign` sends the helper
 * a new workspace (it must call `serveJobs` on it). The helper serves the newest workspace only: the
 * one before is released first and from then on computes alone, so no workspace ever waits for a
 * job the helper will not run, and a page that trains many networks in turn keeps one helper.
 */
export function twoCoreBackend(assign: (assignment: HelperAssignment) => void): KernelBackend {
  let releaseNewest: (() => void) | undefined;

  function createWorkspace(lengths: readonly number[]) {
    releaseNewest?.();
    const { memory, buffer, arrays } = allocateArrays(lengths, true);
    const module = kernelModule(true);
    const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.slots * 4));
    let posted = 0;
    let helped = true;

    function post(task: number): void {
      posted++;
      Atomics.store(control, CONTROL.task, task);
      Atomics.store(control, CONTROL.posted, posted);
      Atomics.notify(control, CONTROL.posted);
    }

    releaseNewest = () => {
      helped = false;
      // Not waited for: the helper finishes the job in its own time and then takes the next
      // assignment, which is already on its way.
      post(CONTROL.releaseJob);
    };
    assign({ module, memory, control });

    function matmul(c: number, a: number, b: number, m: number, k: number, n: number): void {
      if (!helped || m < 8 || m * k * n < PARALLEL_MULTIPLY_ADDS) {
        kernels.matmul(c, a, b, m, k, n);
        return;
      }
      // This thread takes the first `upper` rows (a multiple of 4, so its blocks stay whole).
      const upper = (m >> 3) << 2;
      control.set([c + upper * n * 4, a + upper * k * 4, b, m - upper, k, n], CONTROL.arguments);
      post(CONTROL.matmulJob);
      kernels.matmul(c, a, b, upper, k, n);
      for (let finished = Atomics.load(control, CONTROL.finished); finished !== posted; finished = Atomics.load(control, CONTROL.finished)) {
        Atomics.wait(control, CONTROL.finished, finished);
      }
    }

    return bindWorkspace(buffer, arrays, kernels, matmul);
  }

  return { name: 'wasm-simd-threads', createWorkspace };
}
