/** Picks the fastest kernels this runtime supports: WebAssembly SIMD if it validates, else TypeScript. */
import { typescriptBackend } from './typescript';
import type { KernelBackend, KernelName } from './types';
import { wasmSimdBackend, wasmSimdSupported } from './wasm';

export function selectKernels(preferred?: KernelName): KernelBackend {
  if (preferred === 'typescript') return typescriptBackend;
  if (wasmSimdSupported()) return wasmSimdBackend;
  if (preferred === 'wasm-simd') throw new Error('WebAssembly SIMD is not supported by this runtime');
  return typescriptBackend;
}
