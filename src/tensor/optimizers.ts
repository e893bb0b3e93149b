/**
 * Gradient-descent updates of a network's parameters from the gradients backprop left in them.
 *   sgd       θ ← θ − α g
 *   momentum  v ← μ v + g;  θ ← θ − α v                          (μ = 0.9)
 *   adam      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *             θ ← θ − α m̂ / (√v̂ + ε), m̂ and v̂ bias-corrected   (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)
 * The running averages live beside each parameter (Parameter.state), in the kernels' workspace.
 */
import type { Kernels } from './kernels/types';
import type { Parameter } from './mlp';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface Optimizer {
  /** Applies one update using the current gradients. */
  step(): void;
}

const MOMENTUM = 0.9;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

function sgd(parameters: readonly Parameter[], learningRate: number): Optimizer {
  return {
    step() {
      for (const { values, grads } of parameters) {
        for (let e = 0; e < values.length; e++) values[e]! -= learningRate * grads[e]!;
      }
    },
  };
}

function momentum(parameters: readonly Parameter[], learningRate: number): Optimizer {
  return {
    step() {
      for (const { values, grads, state: [velocity] } of parameters) {
        for (let e = 0; e < values.length; e++) {
          velocity[e] = MOMENTUM * velocity[e]! + grads[e]!;
          values[e]! -= learningRate * velocity[e]!;
        }
      }
    },
  };
}

function adam(parameters: readonly Parameter[], learningRate: number, kernels: Kernels): Optimizer {
  let t = 0;
  return {
    step() {
      t++;
      // m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ) folded into the step size and ε: the same update,
      // without two divisions per parameter.
      const stepSize = (learningRate * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      const epsilon = EPSILON * Math.sqrt(1 - BETA2 ** t);
      for (const { values, grads, state: [m, v] } of parameters) {
        kernels.adam(values, grads, m, v, values.length, BETA1, BETA2, stepSize, epsilon);
      }
    },
  };
}

/** Optimizer state starts at zero: create one optimizer per network and training run. */
export function createOptimizer(name: OptimizerName, parameters: readonly Parameter[], learningRate: number, kernels: Kernels): Optimizer {
  if (name === 'sgd') return sgd(parameters, learningRate);
  if (name === 'momentum') return momentum(parameters, learningRate);
  return adam(parameters, learningRate, kernels);
}
