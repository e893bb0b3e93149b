/**
 * A multi-layer perceptron on the scalar engine, every node labelled in the notation of the
 * slides: W^{[l]}_{jk}, b^{[l]}_j, a^{[l]}_j (whose gradient is δ^{[l]}_j), z^{[l]}_j.
 */
import { Value, EngineError } from '../engine/value';
import type { ActivationName, LayerSpec, LossName, Target } from '../data/problem';
import { activate } from './activations';
import * as label from './labels';

export interface Layer {
  /** W[j][k] = W^{[l]}_{jk}: row j is neuron j, column k is input k. */
  W: Value[][];
  b: Value[];
  activation: ActivationName;
}

/** One sample's forward pass: a[l-1] and z[l-1] hold layer l's vectors; x is z^{[0]}. */
export interface ForwardPass {
  x: Value[];
  a: Value[][];
  z: Value[][];
}

export class MLP {
  constructor(readonly layers: Layer[]) {}

  /** A network with the given weights and biases (from a problem file). */
  static fromSpec(specs: readonly LayerSpec[]): MLP {
    return new MLP(
      specs.map((spec, index) => {
        const l = index + 1;
        return {
          W: spec.weights.map((row, j) =>
            row.map((w, k) => Value.leaf(w, { label: label.weightLabel(l, j + 1, k + 1), role: 'weight', layer: l, neuron: j + 1, input: k + 1 })),
          ),
          b: spec.biases.map((bias, j) => Value.leaf(bias, { label: label.biasLabel(l, j + 1), role: 'bias', layer: l, neuron: j + 1 })),
          activation: spec.activation,
        };
      }),
    );
  }

  /** Every weight and bias, layer by layer and neuron by neuron: W^{[l]}_{j1} … W^{[l]}_{jn}, b^{[l]}_j. */
  parameters(): Value[] {
    return this.layers.flatMap((layer) => layer.W.flatMap((row, j) => [...row, layer.b[j]!]));
  }

  /** The current weights and biases as a problem file writes them. */
  toSpec(): LayerSpec[] {
    return this.layers.map((layer) => ({
      weights: layer.W.map((row) => row.map((w) => w.data)),
      biases: layer.b.map((b) => b.data),
      activation: layer.activation,
    }));
  }

  /** The forward algorithm: z^{[0]} = x; a^{[l]} = W^{[l]} z^{[l-1]} + b^{[l]}; z^{[l]} = σ^{[l]}(a^{[l]}). */
  forward(input: readonly number[], sample?: number): ForwardPass {
    const expected = this.layers[0]?.W[0]?.length ?? 0;
    if (input.length !== expected) throw new EngineError(`the input has ${input.length} values but the network expects ${expected}`);
    const x = input.map((value, k) => Value.constant(value, { label: label.inputLabel(k + 1, sample), role: 'input', layer: 0, neuron: k + 1, ...(sample !== undefined && { sample }) }));
    const a: Value[][] = [];
    const z: Value[][] = [];
    let previous = x;
    this.layers.forEach((layer, index) => {
      const l = index + 1;
      const where = (j: number) => ({ layer: l, neuron: j, ...(sample !== undefined && { sample }) });
      const preActivations = layer.W.map((row, j) =>
        Value.linear(row, previous, layer.b[j]!).with({
          label: label.preActivationLabel(l, j + 1, sample),
          gradLabel: label.deltaLabel(l, j + 1, sample),
          role: 'pre-activation',
          ...where(j + 1),
        }),
      );
      const activations = activate(layer.activation, preActivations);
      if (layer.activation !== 'identity') {
        activations.forEach((node, j) => node.with({ label: label.activationLabel(l, j + 1, sample), role: 'activation', ...where(j + 1) }));
      }
      a.push(preActivations);
      z.push(activations);
      previous = activations;
    });
    return { x, a, z };
  }
}

/**
 * One sample's loss as a single node whose local derivatives are the textbook ones: ŷ − y for
 * half_sse, and for bce and cross_entropy, which work on the logits a^{[L]}, δ^{[L]} = ŷ − y (÷K).
 */
export function sampleLoss(loss: LossName, pass: ForwardPass, target: Target, sample?: number): Value {
  const lastA = pass.a[pass.a.length - 1]!;
  const lastZ = pass.z[pass.z.length - 1]!;
  const meta = { label: label.sampleLossLabel(sample), role: 'loss' as const, ...(sample !== undefined && { sample }) };
  if (loss === 'cross_entropy') {
    if (typeof target !== 'number') throw new EngineError('cross_entropy needs a class index as its target');
    return Value.apply('cross_entropy', lastA, [target], meta);
  }
  if (typeof target === 'number') throw new EngineError(`${loss} needs a target vector, not a class index`);
  if (target.length !== lastZ.length) throw new EngineError(`the target has ${target.length} values but the output has ${lastZ.length}`);
  return Value.apply(loss, loss === 'bce' ? lastA : lastZ, target, meta);
}

/** The loss over a batch: the mean of the per-sample losses (one sample: that sample's loss). */
export function batchLoss(losses: readonly Value[]): Value {
  if (losses.length === 1) return losses[0]!;
  return Value.mean(losses).with({ label: label.LOSS_LABEL, role: 'loss' });
}

/** Plain gradient descent: θ ← θ − α ∂ℒ/∂θ for every parameter (recorded when a recording is on). */
export function gradientDescentStep(parameters: readonly Value[], learningRate: number): void {
  if (!(learningRate >= 0) || !Number.isFinite(learningRate)) throw new EngineError(`the learning rate must be a finite number ≥ 0, not ${learningRate}`);
  for (const parameter of parameters) parameter.descend(learningRate);
}
