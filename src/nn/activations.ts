/**
 * The activation functions σ^{[l]} of docs/NOTATION.md, each as the scalar op it becomes in the graph
 * and, on plain numbers, as that op's own function and derivative σ'(a) (engine/ops.ts), which the
 * layer (matrix) form multiplies by.
 */
import { softmaxAt, UNARY_FUNCTIONS } from '../engine/ops';
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
    case 'softmax': {
      const operands = a.map((data) => ({ data }));
      return a.map((_x, k) => softmaxAt(operands, k));
    }
    default:
      return a.map(UNARY_FUNCTIONS[name].value);
  }
}

/**
 * σ'(a) elementwise, from a and z = σ(a). Softmax has no elementwise derivative (its Jacobian
 * couples the outputs); with cross-entropy the layer form never needs it, because δ^{[L]} = ŷ − y.
 */
export function derivativeNumbers(name: Exclude<ActivationName, 'softmax'>, a: readonly number[], z: readonly number[]): number[] {
  if (name === 'identity') return a.map(() => 1);
  const { slope } = UNARY_FUNCTIONS[name];
  return a.map((x, j) => slope(x, z[j]!));
}
