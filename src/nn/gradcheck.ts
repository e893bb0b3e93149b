/**
 * Gradient checking: backprop's gradient of the loss with respect to every weight and bias,
 * against central finite differences of the loss itself, in float64.
 *
 * The step is h = 1e-5·max(1, |θ|). A central difference has truncation error about h²|L'''|/6 and
 * rounding error about ε|L|/h (ε ≈ 2.2e-16); for the unit-scale numbers of these networks both are
 * near 1e-10 at h ≈ 1e-5, the balance point ∛ε ≈ 6e-6 rounded up. Scaling by |θ| keeps the nudge
 * above rounding for large parameters.
 *
 * Errors are relative in the CS231n convention, |a − n| / max(1e-8, |a| + |n|), read in its bands.
 * Next to a ReLU kink finite differences straddle two slopes and disagree with backprop for a
 * good reason, so such parameters are flagged rather than failed.
 */
import type { Problem } from '../data/problem';
import { MLP, batchLoss, sampleLoss } from './mlp';
import { runProblem } from './run';

export const RELATIVE_STEP = 1e-5;

/** The CS231n bands: > 1e-2 wrong, 1e-2…1e-4 suspicious, 1e-4…1e-7 ok (kinks, float noise), ≤ 1e-7 good. */
export type Band = 'wrong' | 'suspicious' | 'ok' | 'good';

export const BAND_MEANINGS: Record<Band, string> = {
  wrong: 'above 1e-2: the gradient is wrong',
  suspicious: '1e-4 to 1e-2: probably wrong, unless next to a kink',
  ok: '1e-7 to 1e-4: fine next to a kink; high for a smooth network',
  good: 'at most 1e-7: the gradient is right',
};

/** Above this a gradient fails the check, unless it sits next to a kink. */
export const FAIL_ABOVE = 1e-4;

export interface ParameterCheck {
  /** TeX name, e.g. "W^{[1]}_{12}". */
  parameter: string;
  /** Where it sits in the problem file, e.g. "layers[0].weights[0][1]". */
  path: string;
  /** ∂L/∂θ from backprop. */
  analytic: number;
  /** (L(θ + h) − L(θ − h)) / 2h. */
  numerical: number;
  relativeError: number;
  band: Band;
  /** A ReLU pre-activation changes side of 0 between θ − h and θ + h. */
  nearKink: boolean;
}

export interface GradientCheck {
  parameters: ParameterCheck[];
  maxRelativeError: number;
  /** No parameter is above FAIL_ABOVE away from a kink. */
  passed: boolean;
}

export function relativeError(analytic: number, numerical: number): number {
  return Math.abs(analytic - numerical) / Math.max(1e-8, Math.abs(analytic) + Math.abs(numerical));
}

export function bandOf(error: number): Band {
  if (error > 1e-2) return 'wrong';
  if (error > 1e-4) return 'suspicious';
  if (error > 1e-7) return 'ok';
  return 'good';
}

function stepFor(value: number): number {
  return RELATIVE_STEP * Math.max(1, Math.abs(value));
}

/** The loss at the network's current parameters, and which ReLU units are on (a > 0). */
function evaluate(network: MLP, problem: Problem): { loss: number; reluOn: boolean[] } {
  const passes = problem.inputs.map((input) => network.forward(input));
  const loss = batchLoss(passes.map((pass, i) => sampleLoss(problem.loss, pass, problem.targets[i]!)));
  const reluOn = passes.flatMap((pass) => pass.a.flatMap((a, index) => (network.layers[index]!.activation === 'relu' ? a.map((node) => node.data > 0) : [])));
  return { loss: loss.data, reluOn };
}

export function gradientCheck(problem: Problem): GradientCheck {
  const { result } = runProblem(problem);
  const network = MLP.fromSpec(problem.layers);
  const parameters: ParameterCheck[] = [];
  network.layers.forEach((layer, index) => {
    const grads = result.layers[index]!;
    const entries = [
      ...layer.W.flatMap((row, j) => row.map((value, k) => ({ value, path: `layers[${index}].weights[${j}][${k}]`, analytic: grads.gradWeights[j]![k]! }))),
      ...layer.b.map((value, j) => ({ value, path: `layers[${index}].biases[${j}]`, analytic: grads.gradBiases[j]! })),
    ];
    for (const { value, path, analytic } of entries) {
      const original = value.data;
      const h = stepFor(original);
      // θ ± h are rounded to float64; dividing by their actual distance removes that error.
      const up = original + h;
      const down = original - h;
      value.data = up;
      const plus = evaluate(network, problem);
      value.data = down;
      const minus = evaluate(network, problem);
      value.data = original;
      const numerical = (plus.loss - minus.loss) / (up - down);
      const error = relativeError(analytic, numerical);
      parameters.push({
        parameter: value.meta.label ?? path,
        path,
        analytic,
        numerical,
        relativeError: error,
        band: bandOf(error),
        nearKink: plus.reluOn.some((on, unit) => on !== minus.reluOn[unit]),
      });
    }
  });
  return {
    parameters,
    maxRelativeError: Math.max(0, ...parameters.map((entry) => entry.relativeError)),
    passed: parameters.every((entry) => entry.relativeError <= FAIL_ABOVE || entry.nearKink),
  };
}
