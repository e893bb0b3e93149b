/**
 * Gradient-descent updates of a network's parameters from the gradients backprop left in them.
 *   sgd       θ ← θ − α g
 *   momentum  v ← μ v + g;  θ ← θ − α v                          (μ = 0.9)
 *   adam      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *             θ ← θ − α m̂ / (√v̂ + ε), m̂ and v̂ bias-corrected   (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)
 */
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
  const velocities = parameters.map(({ values }) => new Float32Array(values.length));
  return {
    step() {
      parameters.forEach(({ values, grads }, index) => {
        const velocity = velocities[index]!;
        for (let e = 0; e < values.length; e++) {
          velocity[e] = MOMENTUM * velocity[e]! + grads[e]!;
          values[e]! -= learningRate * velocity[e]!;
        }
      });
    },
  };
}

function adam(parameters: readonly Parameter[], learningRate: number): Optimizer {
  const firstMoments = parameters.map(({ values }) => new Float32Array(values.length));
  const secondMoments = parameters.map(({ values }) => new Float32Array(values.length));
  let t = 0;
  return {
    step() {
      t++;
      // Folding both bias corrections into the step size saves two divisions per parameter.
      const stepSize = (learningRate * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      const epsilon = EPSILON * Math.sqrt(1 - BETA2 ** t);
      parameters.forEach(({ values, grads }, index) => {
        const m = firstMoments[index]!;
        const v = secondMoments[index]!;
        for (let e = 0; e < values.length; e++) {
          const g = grads[e]!;
          const mNew = BETA1 * m[e]! + (1 - BETA1) * g;
          const vNew = BETA2 * v[e]! + (1 - BETA2) * g * g;
          m[e] = mNew;
          v[e] = vNew;
          values[e]! -= (stepSize * mNew) / (Math.sqrt(vNew) + epsilon);
        }
      });
    },
  };
}

const OPTIMIZER_TABLE: Record<OptimizerName, (parameters: readonly Parameter[], learningRate: number) => Optimizer> = { sgd, momentum, adam };

export function createOptimizer(name: OptimizerName, parameters: readonly Parameter[], learningRate: number): Optimizer {
  return OPTIMIZER_TABLE[name](parameters, learningRate);
}
