/**
 * The activation functions σ^{[l]} of docs/NOTATION.md, each as the scalar op it becomes in the graph
 * and as the numeric derivative σ'(a) the layer (matrix) form multiplies by.
 */
import { Value } from '../engine/value';
import type { ActivationName } from '../data/problem';

/** z^{[l]} for one layer from its pre-activations a^{[l]}. Identity keeps the same nodes. */
export function activate(name: ActivationName, a: readonly Value[]): Value[] {
  switch (name) {
    case 'identity':
      return [...a];
    case 'sigmoid':
      return a.map((node) => node.sigmoid());
    case 'tanh':
      return a.map((node) => node.tanh());
    case 'relu':
      return a.map((node) => node.relu());
    case 'softmax':
      return Value.softmax(a);
  }
}

/** σ(a) on plain numbers, for the layer form. */
export function activateNumbers(name: ActivationName, a: readonly number[]): number[] {
  switch (name) {
    case 'identity':
      return [...a];
    case 'sigmoid':
      return a.map((x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))));
    case 'tanh':
      return a.map(Math.tanh);
    case 'relu':
      return a.map((x) => (x > 0 ? x : 0));
    case 'softmax': {
      const max = Math.max(...a);
      const exps = a.map((x) => Math.exp(x - max));
      const total = exps.reduce((sum, e) => sum + e, 0);
      return exps.map((e) => e / total);
    }
  }
}

/**
 * σ'(a) elementwise, from a and z = σ(a). Softmax has no elementwise derivative (its Jacobian
 * couples the outputs); with cross-entropy the layer form never needs it, because δ^{[L]} = ŷ − y.
 */
export function derivativeNumbers(name: Exclude<ActivationName, 'softmax'>, a: readonly number[], z: readonly number[]): number[] {
  switch (name) {
    case 'identity':
      return a.map(() => 1);
    case 'sigmoid':
      return z.map((s) => s * (1 - s));
    case 'tanh':
      return z.map((t) => 1 - t * t);
    case 'relu':
      return a.map((x) => (x > 0 ? 1 : 0));
  }
}
