/**
 * Browser only: the WebAssembly SIMD kernels on two cores (two-core.ts), with a nested Web Worker
 * as the helper. Call it from a Web Worker, never from a page's main thread: the two-core kernels
 * block in Atomics.wait while the helper finishes its rows, which only workers may do.
 *
 * A shared memory needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages
 * (served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
 * require-corp); elsewhere this fails with the reason and the caller uses one core.
 */
import type { KernelBackend } from './types';
import { twoCoreBackend, type HelperAssignment } from './two-core';
import { wasmSimdSupported } from './wasm';

/** Far longer than a helper takes to start (tens of milliseconds), short enough to fall back soon. */
const HELPER_START_TIMEOUT_MS = 10_000;

/** Starts the helper worker; resolves once it runs, rejects with the reason two cores are not possible. */
export async function startBrowserThreadsBackend(): Promise<KernelBackend> {
  // A second thread on a one-core device only takes turns with the first.
  if (typeof navigator !== 'undefined' && navigator.hardwareConcurrency < 2) throw new Error('this device has one logical core');
  if (!globalThis.crossOriginIsolated) throw new Error('this page is not cross-origin isolated, so the browser gives it no SharedArrayBuffer for two threads to share');
  if (!wasmSimdSupported()) throw new Error('this browser has no WebAssembly SIMD');
  if (typeof Worker !== 'function') throw new Error('this browser cannot start a worker from a worker');
  const helper = new Worker(new URL('./matmul-helper-worker.ts', import.meta.url), { type: 'module' });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the helper worker did not start')), HELPER_START_TIMEOUT_MS);
      helper.onmessage = () => {
        clearTimeout(timer);
        resolve();
      };
      helper.onerror = (event) => {
        event.preventDefault();
        clearTimeout(timer);
        reject(new Error(`the helper worker failed to start${event.message ? ` (${event.message})` : ''}`));
      };
    });
  } catch (error) {
    helper.terminate();
    throw error;
  }
  helper.onmessage = null;
  return twoCoreBackend((assignment: HelperAssignment) => helper.postMessage(assignment));
}
