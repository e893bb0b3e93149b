/**
 * The losses of docs/NOTATION.md over a batch of B samples with K outputs each: the mean over samples,
 * so every δ^{[L]} carries the factor 1/B. Targets are a B×K matrix; for cross_entropy each row is
 * the one-hot vector of the class.
 *
 * `outputDelta` writes δ^{[L]} = ∂L/∂a^{[L]}. For half_sse and mse that is ∂L/∂ŷ ⊙ σ'(a^{[L]});
 * bce (sigmoid output) and cross_entropy (softmax output) fold the derivative of the activation in,
 * which leaves the famous (ŷ − y), and read the logits a^{[L]} for a loss that cannot overflow.
 */
import type { LossName } from '../data/problem';
import { softplus } from '../engine/ops';
import type { Activation } from './activations';

export interface BatchOutput {
  /** a^{[L]}, the logits. */
  logits: Float32Array;
  /** z^{[L]} = ŷ. */
  output: Float32Array;
  targets: Float32Array;
  batch: number;
  outputs: number;
}

export interface Loss {
  readonly name: LossName;
  /** The mean loss over the batch (computed in float64 from the float32 activations). */
  value(batch: BatchOutput): number;
  /** δ^{[L]} = ∂L/∂a^{[L]}, written to `delta`. */
  outputDelta(delta: Float32Array, batch: BatchOutput, outputActivation: Activation): void;
}

function requireActivation(loss: LossName, activation: Activation, needed: string): void {
  if (activation.name !== needed) throw new Error(`loss ${loss} needs a ${needed} output layer, not ${activation.name}`);
}

const halfSse: Loss = {
  name: 'half_sse',
  value({ output, targets, batch, outputs }) {
    let sum = 0;
    for (let e = 0; e < batch * outputs; e++) sum += (output[e]! - targets[e]!) ** 2;
    return (0.5 * sum) / batch;
  },
  outputDelta(delta, { logits, output, targets, batch, outputs }, outputActivation) {
    // ∂L/∂ŷ = (ŷ − y)/B, then ⊙ σ'(a^{[L]}).
    for (let e = 0; e < batch * outputs; e++) delta[e] = (output[e]! - targets[e]!) / batch;
    outputActivation.multiplyDerivative(delta, logits, output, batch * outputs);
  },
};

const mse: Loss = {
  name: 'mse',
  value({ output, targets, batch, outputs }) {
    let sum = 0;
    for (let e = 0; e < batch * outputs; e++) sum += (output[e]! - targets[e]!) ** 2;
    return sum / (batch * outputs);
  },
  outputDelta(delta, { logits, output, targets, batch, outputs }, outputActivation) {
    // ∂L/∂ŷ = 2(ŷ − y)/(K·B), then ⊙ σ'(a^{[L]}).
    const scale = 2 / (batch * outputs);
    for (let e = 0; e < batch * outputs; e++) delta[e] = scale * (output[e]! - targets[e]!);
    outputActivation.multiplyDerivative(delta, logits, output, batch * outputs);
  },
};

const bce: Loss = {
  name: 'bce',
  value({ logits, targets, batch, outputs }) {
    // With ŷ = σ(a): −log ŷ = softplus(−a) and −log(1 − ŷ) = softplus(a), so the per-element loss
    // is y·softplus(−a) + (1 − y)·softplus(a) = softplus(a) − y·a: finite even when ŷ rounds to 0 or 1.
    let sum = 0;
    for (let e = 0; e < batch * outputs; e++) sum += softplus(logits[e]!) - targets[e]! * logits[e]!;
    return sum / (batch * outputs);
  },
  outputDelta(delta, { output, targets, batch, outputs }, outputActivation) {
    requireActivation('bce', outputActivation, 'sigmoid');
    // ∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ)·K·B) and σ' = ŷ(1 − ŷ) cancel: δ = (ŷ − y)/(K·B).
    const scale = 1 / (batch * outputs);
    for (let e = 0; e < batch * outputs; e++) delta[e] = scale * (output[e]! - targets[e]!);
  },
};

const crossEntropy: Loss = {
  name: 'cross_entropy',
  value({ logits, targets, batch, outputs }) {
    // −log softmax(a)_k = logsumexp(a) − a_k, with the row maximum taken out for stability.
    let sum = 0;
    for (let r = 0; r < batch; r++) {
      const start = r * outputs;
      let max = -Infinity;
      for (let c = 0; c < outputs; c++) max = Math.max(max, logits[start + c]!);
      let expSum = 0;
      for (let c = 0; c < outputs; c++) expSum += Math.exp(logits[start + c]! - max);
      const logSumExp = max + Math.log(expSum);
      for (let c = 0; c < outputs; c++) sum += targets[start + c]! * (logSumExp - logits[start + c]!);
    }
    return sum / batch;
  },
  outputDelta(delta, { output, targets, batch, outputs }, outputActivation) {
    requireActivation('cross_entropy', outputActivation, 'softmax');
    // The softmax Jacobian times −y/ŷ collapses to δ = (ŷ − y)/B.
    for (let e = 0; e < batch * outputs; e++) delta[e] = (output[e]! - targets[e]!) / batch;
  },
};

const LOSS_TABLE: Record<LossName, Loss> = { half_sse: halfSse, mse, bce, cross_entropy: crossEntropy };

export function loss(name: LossName): Loss {
  return LOSS_TABLE[name];
}
