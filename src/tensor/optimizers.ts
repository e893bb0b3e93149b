/**
 * Gradient-descent updates of a network's parameters from the gradients backprop left in them.
 *   sgd       θ ← θ − α g
 *   momentum  v ← μ v + g;  θ ← θ − α v                          (μ = 0.9)
 *   adam      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *             θ ← θ − α m̂ / (√v̂ + ε), m̂ and v̂ bias-corrected   (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)
 * The running averages live beside each parameter (Parameter.state), in the kernels' workspace.
 *
 * Optional regularisation of the weights (parameters marked `regularized`; biases are not, as in the
 * TensorFlow Playground) adds the penalty's gradient to g before the update:
 *   l1  λ Σ|w|   adds λ sign(w);     l2  ½ λ Σ w²  adds λ w.
 */
import type { Kernels } from './kernels/types';
import type { Parameter } from './mlp';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export type Regularization = (typeof REGULARIZATIONS)[number];

/** Read at every step, so a caller may change them between steps (the playground does, live). */
export interface OptimizerSettings {
  /** Learning rate α. */
  learningRate: number;
  regularization?: Regularization;
  /** λ. */
  regularizationRate?: number;
}

export interface Optimizer {
  settings: OptimizerSettings;
  /** Applies one update using the current gradients. */
  step(): void;
}

const MOMENTUM = 0.9;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** The penalty's gradient at w for a regularised parameter, as a function (0 when there is none). */
function penaltyGradient(settings: OptimizerSettings, parameter: Parameter): ((w: number) => number) | undefined {
  const { regularization = 'none', regularizationRate = 0 } = settings;
  if (!parameter.regularized || regularization === 'none') return undefined;
  return regularization === 'l1' ? (w) => regularizationRate * Math.sign(w) : (w) => regularizationRate * w;
}

function sgd(parameters: readonly Parameter[], settings: OptimizerSettings): Optimizer {
  return {
    settings,
    step() {
      const { learningRate } = this.settings;
      for (const parameter of parameters) {
        const { values, grads } = parameter;
        const penalty = penaltyGradient(this.settings, parameter);
        if (penalty === undefined) for (let e = 0; e < values.length; e++) values[e]! -= learningRate * grads[e]!;
        else for (let e = 0; e < values.length; e++) values[e] = values[e]! - learningRate * (grads[e]! + penalty(values[e]!));
      }
    },
  };
}

function momentum(parameters: readonly Parameter[], settings: OptimizerSettings): Optimizer {
  return {
    settings,
    step() {
      const { learningRate } = this.settings;
      for (const parameter of parameters) {
        const { values, grads, state: [velocity] } = parameter;
        const penalty = penaltyGradient(this.settings, parameter);
        for (let e = 0; e < values.length; e++) {
          velocity[e] = MOMENTUM * velocity[e]! + grads[e]! + (penalty?.(values[e]!) ?? 0);
          values[e]! -= learningRate * velocity[e]!;
        }
      }
    },
  };
}

function adam(parameters: readonly Parameter[], settings: OptimizerSettings, kernels: Kernels): Optimizer {
  let t = 0;
  return {
    settings,
    step() {
      t++;
      const { learningRate } = this.settings;
      // The kernel reads g from the gradient array, so the penalty goes into it first.
      for (const parameter of parameters) {
        const penalty = penaltyGradient(this.settings, parameter);
        if (penalty !== undefined) for (let e = 0; e < parameter.values.length; e++) parameter.grads[e]! += penalty(parameter.values[e]!);
      }
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
export function createOptimizer(name: OptimizerName, parameters: readonly Parameter[], settings: OptimizerSettings, kernels: Kernels): Optimizer {
  if (name === 'sgd') return sgd(parameters, settings);
  if (name === 'momentum') return momentum(parameters, settings);
  return adam(parameters, settings, kernels);
}
