/**
 * The browser's helper thread for the two-core kernels (browser-threads.ts): a nested Web Worker
 * that serves each workspace it is sent until that workspace is released.
 */
import { CONTROL, serveJobs, workOnJob, type HelperAssignment } from './two-core';
import type { KernelExports } from './wasm';

/** The part of a dedicated worker's global scope used here (the DOM lib types `self` as a Window). */
interface HelperScope {
  postMessage(message: 'ready'): void;
  onmessage: ((event: MessageEvent<HelperAssignment>) => void) | null;
}
const scope = self as unknown as HelperScope;

scope.onmessage = ({ data: { module, memory, control } }) => {
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  serveJobs(kernels, control, CONTROL, workOnJob);
};
// Tells the training worker that this file loaded and runs, so two cores are possible there; if
// it never comes (an error, a timeout) the training worker uses one core.
scope.postMessage('ready');
