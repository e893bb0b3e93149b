/**
 * The WebAssembly SIMD kernels on two cores: what Node (threads.ts, a worker thread) and the
 * browser (browser-threads.ts, a nested Web Worker) share. Each workspace lives in a shared memory;
 * one helper thread instantiates the same kernels on it and waits for jobs in a small control block.
 * A large matrix product is split by rows of c: the helper computes the lower rows while this thread
 * computes the upper ones, then waits for it. A large Adam update is split the same way, into the
 * first and second half of the parameters. Small products and updates, and the transposes, stay on
 * this thread, where waking the helper would cost more than it saves.
 *
 * Nothing here imports a Node module: the browser bundle includes this file.
 */
import type { KernelBackend } from './types';
import { allocateArrays, bindWorkspace, kernelModule, type KernelExports } from './wasm';

/** Products below this many multiply-adds (≈ 40 µs on one core) are not worth a hand-off. */
export const PARALLEL_MULTIPLY_ADDS = 1 << 20;
/** Adam updates of fewer parameters (≈ 60 µs on one core) are not worth a hand-off either. */
export const PARALLEL_PARAMETERS = 1 << 16;

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
  /** Slot: what the last posted job is, one of the jobs below. */
  task: 2,
  /**
   * First of the slots holding a job's arguments, in the order the kernel takes them: matmul's
   * six integers; adam's five integers, then its four float32 numbers (stored as float32 bits).
   */
  arguments: 3,
  slots: 12,
  /** Job: run matmul with the arguments. */
  matmulJob: 0,
  /** Job: run adam with the arguments. */
  adamJob: 1,
  /** Job: this workspace has been replaced; stop serving it and wait for the next assignment. */
  releaseJob: 2,
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
  const floats = new Float32Array(control.buffer, control.byteOffset, control.length);
  const argument = layout.arguments;
  let seen = 0;
  for (;;) {
    Atomics.wait(control, layout.posted, seen);
    seen = Atomics.load(control, layout.posted);
    const task = Atomics.load(control, layout.task);
    const released = task === layout.releaseJob;
    if (task === layout.matmulJob) {
      kernels.matmul(control[argument]!, control[argument + 1]!, control[argument + 2]!, control[argument + 3]!, control[argument + 4]!, control[argument + 5]!);
    } else if (task === layout.adamJob) {
      kernels.adam(control[argument]!, control[argument + 1]!, control[argument + 2]!, control[argument + 3]!, control[argument + 4]!,
        floats[argument + 5]!, floats[argument + 6]!, floats[argument + 7]!, floats[argument + 8]!);
    }
    Atomics.store(control, layout.finished, seen);
    Atomics.notify(control, layout.finished);
    if (released) return;
  }
}

/**
 * A backend whose workspaces split large products and updates with one helper thread; `assign` sends the helper
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
    const floats = new Float32Array(control.buffer);
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

    function waitForHelper(): void {
      for (let finished = Atomics.load(control, CONTROL.finished); finished !== posted; finished = Atomics.load(control, CONTROL.finished)) {
        Atomics.wait(control, CONTROL.finished, finished);
      }
    }

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
      waitForHelper();
    }

    function adam(values: number, grads: number, m: number, v: number, length: number, beta1: number, beta2: number, stepSize: number, epsilon: number): void {
      if (!helped || length < PARALLEL_PARAMETERS) {
        kernels.adam(values, grads, m, v, length, beta1, beta2, stepSize, epsilon);
        return;
      }
      // A multiple of 4, so both halves run whole vectors until the helper's last length mod 4:
      // every parameter gets the same float32 operations as on one thread.
      const firstHalf = (length >> 3) << 2;
      const offset = firstHalf * 4;
      control.set([values + offset, grads + offset, m + offset, v + offset, length - firstHalf], CONTROL.arguments);
      floats.set([beta1, beta2, stepSize, epsilon], CONTROL.arguments + 5);
      post(CONTROL.adamJob);
      kernels.adam(values, grads, m, v, firstHalf, beta1, beta2, stepSize, epsilon);
      waitForHelper();
    }

    return bindWorkspace(buffer, arrays, { matmul, transpose: kernels.transpose, adam });
  }

  return { name: 'wasm-simd-threads', createWorkspace };
}
