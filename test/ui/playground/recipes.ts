/**
 * How each playground data set is learnt: an architecture, a learning rate (batch 10) and the test
 * accuracy it reaches at noise 10 %, split 50 %, seed 1. The unit tests train all of them; the
 * browser test trains one through the page.
 */
import type { HiddenActivation } from '../../../src/tensor/train';
import type { GeneratedDatasetName } from '../../../src/ui/playground/datasets';
import type { FeatureName } from '../../../src/ui/playground/features';

export interface Recipe {
  features: FeatureName[];
  hidden: number[];
  activation: HiddenActivation;
  learningRate: number;
  epochs: number;
  /** The test accuracy it reaches at noise 10 %, split 50 %, seed 1 (with some margin below what it reaches). */
  accuracy: number;
}

/** For every data set: an architecture, a learning rate (batch 10) and how well it does. */
export const RECIPES: Record<GeneratedDatasetName, Recipe> = {
  circle: { features: ['x1', 'x2'], hidden: [4, 2], activation: 'tanh', learningRate: 0.03, epochs: 300, accuracy: 0.95 },
  xor: { features: ['x1', 'x2'], hidden: [8, 4], activation: 'tanh', learningRate: 0.1, epochs: 300, accuracy: 0.95 },
  gauss: { features: ['x1', 'x2'], hidden: [], activation: 'tanh', learningRate: 0.03, epochs: 100, accuracy: 0.97 },
  spiral: { features: ['x1', 'x2', 'sinx1', 'sinx2'], hidden: [8, 8, 6], activation: 'tanh', learningRate: 0.03, epochs: 600, accuracy: 0.88 },
  clusters: { features: ['x1', 'x2'], hidden: [4], activation: 'tanh', learningRate: 0.03, epochs: 100, accuracy: 0.97 },
  pass: { features: ['x1', 'x2'], hidden: [], activation: 'tanh', learningRate: 0.1, epochs: 300, accuracy: 0.9 },
};

