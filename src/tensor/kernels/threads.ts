/**
 * Node only: the WebAssembly SIMD kernels on two cores (two-core.ts), with one worker thread as the
 * helper. The worker starts with the first workspace and then serves every workspace in turn.
 * Loading it turns on relaxed SIMD where Node needs a flag for it (node-relaxed-simd.ts), so the
 * kernels of a Node program that trains on two cores multiply-add fused on either core count.
 */
import { Worker } from 'node:worker_threads';
import { enableRelaxedSimd } from './node-relaxed-simd';
import { CONTROL, serveJobs, twoCoreBackend, workOnJob, type HelperAssignment, type TwoCoreBackend } from './two-core';
import type { Arithmetic } from './wasm';

enableRelaxedSimd();

/**
 * The worker's whole program, plain JavaScript so that it runs without a TypeScript loader:
 * for every workspace it is sent, instantiate the shared kernels on its memory and serve its jobs.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const serveJobs = (${serveJobs.toString()});
const workOnJob = (${workOnJob.toString()});
parentPort.on('message', ({ module, memory, control }) => {
  serveJobs(new WebAssembly.Instance(module, { env: { memory } }).exports, control, ${JSON.stringify(CONTROL)}, workOnJob);
});
`;

let helper: Worker | undefined;

function assignToWorker(assignment: HelperAssignment): void {
  if (helper === undefined) {
    helper = new Worker(WORKER_SOURCE, { eval: true });
    // The worker never finishes by itself; it must not keep the process alive.
    helper.unref();
  }
  helper.postMessage(assignment);
}

/** The two-core kernels in the given arithmetic, or by default the best this runtime has. */
export function wasmSimdThreadsKernels(arithmetic?: Arithmetic): TwoCoreBackend {
  return twoCoreBackend(assignToWorker, arithmetic);
}

export const wasmSimdThreadsBackend: TwoCoreBackend = wasmSimdThreadsKernels();
