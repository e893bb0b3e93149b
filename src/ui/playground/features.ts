/**
 * The input features the playground can feed its network, computed from a point (x₁, x₂) of the
 * plane. With x₁² and x₂² a single neuron draws a circle; with x₁x₂ it separates XOR; with the
 * sines it can follow a spiral.
 */
import type { Point } from '../../data/toys';

export const FEATURE_NAMES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface Feature {
  name: FeatureName;
  /** How the feature reads in the notation, e.g. x_1^2. */
  tex: string;
  /** Plain text, for buttons' accessible names and messages. */
  text: string;
  compute(x1: number, x2: number): number;
}

export const FEATURES: Record<FeatureName, Feature> = {
  x1: { name: 'x1', tex: 'x_1', text: 'x₁', compute: (x1) => x1 },
  x2: { name: 'x2', tex: 'x_2', text: 'x₂', compute: (_x1, x2) => x2 },
  x1sq: { name: 'x1sq', tex: 'x_1^2', text: 'x₁²', compute: (x1) => x1 * x1 },
  x2sq: { name: 'x2sq', tex: 'x_2^2', text: 'x₂²', compute: (_x1, x2) => x2 * x2 },
  x1x2: { name: 'x1x2', tex: 'x_1 x_2', text: 'x₁x₂', compute: (x1, x2) => x1 * x2 },
  sinx1: { name: 'sinx1', tex: '\\sin x_1', text: 'sin x₁', compute: (x1) => Math.sin(x1) },
  sinx2: { name: 'sinx2', tex: '\\sin x_2', text: 'sin x₂', compute: (_x1, x2) => Math.sin(x2) },
};

/** The chosen features in their fixed order, so a network's inputs never depend on the order of clicks. */
export function orderedFeatures(chosen: readonly FeatureName[]): FeatureName[] {
  return FEATURE_NAMES.filter((name) => chosen.includes(name));
}

/** The network's input for one point: the chosen features' values, in FEATURE_NAMES order. */
export function featureVector(features: readonly FeatureName[], [x1, x2]: Point): number[] {
  return features.map((name) => FEATURES[name].compute(x1, x2));
}

/** Writes the feature vectors of `points` as rows of `out` (points.length × features.length). */
export function writeFeatureRows(features: readonly FeatureName[], points: readonly Point[], out: Float32Array): void {
  const width = features.length;
  const computes = features.map((name) => FEATURES[name].compute);
  points.forEach(([x1, x2], i) => {
    for (let f = 0; f < width; f++) out[i * width + f] = computes[f]!(x1, x2);
  });
}
