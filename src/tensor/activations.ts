/**
 * The activations σ of the vectorized engine, each pairing its forward pass with its derivative,
 * on B×n row-major matrices (one row per sample). σ and σ' are the scalar engine's own functions
 * (engine/ops.ts), applied element by element; the derivative reads z = σ(a) where that is cheaper:
 * σ'(a) = z(1 − z) for the sigmoid, 1 − z² for tanh. ReLU, the hidden layers' usual activation, runs
 * on the network's kernels instead (WebAssembly SIMD where it has them), with the same formulas.
 */
import type { ActivationName } from '../data/problem';
import { UNARY_FUNCTIONS } from '../engine/ops';
import type { Kernels } from './kernels/types';
import { typescriptKernels } from './kernels/typescript';

const { sigmoid: SIGMOID, tanh: TANH } = UNARY_FUNCTIONS;

export interface Activation {
  readonly name: ActivationName;
  /** z = σ(a) for `rows` samples of `cols` values; softmax works along each row. */
  forward(a: Float32Array, z: Float32Array, rows: number, cols: number): void;
  /** delta ← delta ⊙ σ'(a) over the first `length` entries: the hidden-layer step of backprop. */
  multiplyDerivative(delta: Float32Array, a: Float32Array, z: Float32Array, length: number): void;
}

// In the loops below, `!` on typed-array reads is safe: indices stay below the lengths given.

const identity: Activation = {
  name: 'identity',
  forward(a, z, rows, cols) {
    z.set(a.subarray(0, rows * cols));
  },
  multiplyDerivative() {
    // σ'(a) = 1: δ is unchanged.
  },
};

const sigmoid: Activation = {
  name: 'sigmoid',
  forward(a, z, rows, cols) {
    for (let e = 0; e < rows * cols; e++) z[e] = SIGMOID.value(a[e]!);
  },
  multiplyDerivative(delta, a, z, length) {
    for (let e = 0; e < length; e++) delta[e]! *= SIGMOID.slope(a[e]!, z[e]!);
  },
};

const tanh: Activation = {
  name: 'tanh',
  forward(a, z, rows, cols) {
    for (let e = 0; e < rows * cols; e++) z[e] = TANH.value(a[e]!);
  },
  multiplyDerivative(delta, a, z, length) {
    for (let e = 0; e < length; e++) delta[e]! *= TANH.slope(a[e]!, z[e]!);
  },
};

/** ReLU on `kernels`, which must hold the arrays it is given (a network's own workspace). */
function reluOn(kernels: Kernels): Activation {
  return {
    name: 'relu',
    forward(a, z, rows, cols) {
      kernels.relu(z, a, rows * cols);
    },
    multiplyDerivative(delta, a, _z, length) {
      // ReLU'(0) = 0, as in docs/NOTATION.md.
      kernels.reluDerivative(delta, a, length);
    },
  };
}

const softmax: Activation = {
  name: 'softmax',
  forward(a, z, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const start = r * cols;
      // Subtracting the row's maximum keeps exp() from overflowing; the result is the same.
      let max = -Infinity;
      for (let c = 0; c < cols; c++) max = Math.max(max, a[start + c]!);
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const e = Math.exp(a[start + c]! - max);
        z[start + c] = e;
        sum += e;
      }
      for (let c = 0; c < cols; c++) z[start + c]! /= sum;
    }
  },
  multiplyDerivative() {
    throw new Error('softmax is an output activation: its derivative is folded into the cross-entropy δ = ŷ − y');
  },
};

const ACTIVATION_TABLE: Record<Exclude<ActivationName, 'relu'>, Activation> = { identity, sigmoid, tanh, softmax };

/** The activation `name`; ReLU runs on `kernels` (by default the TypeScript ones, for plain arrays). */
export function activation(name: ActivationName, kernels: Kernels = typescriptKernels): Activation {
  return name === 'relu' ? reluOn(kernels) : ACTIVATION_TABLE[name];
}
