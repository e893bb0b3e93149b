/**
 * Picks the fastest kernels this runtime supports: WebAssembly SIMD if it validates, else TypeScript.
 * (The two-core kernels are chosen explicitly: threads.ts in Node, browser-threads.ts in a worker.)
 */
import { typescriptBackend } from './typescript';
import type { KernelBackend } from './types';
import { wasmSimdBackend, wasmSimdSupported } from './wasm';

export function selectKernels(preferred?: 'typescript' | 'wasm-simd'): KernelBackend {
  if (preferred === 'typescript') return typescriptBackend;
  if (wasmSimdSupported()) return wasmSimdBackend;
  if (preferred === 'wasm-simd') throw new Error('WebAssembly SIMD is not supported by this runtime');
  return typescriptBackend;
}
