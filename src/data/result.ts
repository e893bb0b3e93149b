/**
 * The result of running a problem once: forward, loss, backward, and (when the problem has a
 * learning rate) one plain gradient-descent step. This is exactly the JSON printed by
 * `tracegrad grad --json`, the shape of an answer key, and what both engines must agree on.
 *
 * For a one-sample problem `a`, `z`, `delta` and `output` are vectors; for a batch they are arrays
 * of vectors, one per sample. Over a batch the loss is the mean, so every δ carries the factor 1/B.
 */
export type Vector = number[];
export type Matrix = number[][];

export interface LayerResult {
  /** Pre-activations a^{[l]} = W^{[l]} z^{[l-1]} + b^{[l]}. */
  a: Vector | Matrix;
  /** Activations z^{[l]} = σ^{[l]}(a^{[l]}). */
  z: Vector | Matrix;
  /** Error terms δ^{[l]} = ∂L/∂a^{[l]}. */
  delta: Vector | Matrix;
  /** ∂L/∂W^{[l]}, one row per neuron. */
  gradWeights: Matrix;
  /** ∂L/∂b^{[l]}. */
  gradBiases: Vector;
  /** W − α ∂L/∂W, present when a learning rate is given. */
  newWeights?: Matrix;
  /** b − α ∂L/∂b, present when a learning rate is given. */
  newBiases?: Vector;
}

export interface GradResult {
  loss: number;
  output: Vector | Matrix;
  layers: LayerResult[];
}
