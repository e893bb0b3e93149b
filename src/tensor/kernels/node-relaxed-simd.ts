/**
 * Node only. Node 20's V8 has relaxed SIMD (the fused multiply-add of the `fused` kernels) behind
 * the flag --experimental-wasm-relaxed-simd; Node 22 and Chromium have it on. V8 reads its
 * WebAssembly feature flags when a module is validated or compiled, so setting the flag from here,
 * before any kernels are compiled, is enough: no command-line flag for `tracegrad` or its worker
 * thread (flags are the whole process's, and the worker is sent the compiled module).
 */
import { setFlagsFromString } from 'node:v8';
import { fusedMultiplyAddSupported } from './wasm';

/** Turns on relaxed SIMD where this Node needs the flag for it; whether the fused kernels now validate. */
export function enableRelaxedSimd(): boolean {
  if (fusedMultiplyAddSupported()) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return fusedMultiplyAddSupported();
}
