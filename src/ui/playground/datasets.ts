/**
 * The playground's data: which data sets it offers, how a setting such as "noise 20 %" becomes a
 * generator's argument, and how points split into a training and a test set. Everything follows
 * from the settings, so the same link gives the same points.
 */
import { makeCircle, makeGaussians, makeSpiral, makeThreeClusters, makeWillIPass, makeXor, type Point, type ToyGenerator } from '../../data/toys';

export const DATASET_NAMES = ['circle', 'xor', 'gauss', 'spiral', 'clusters', 'pass', 'custom'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];
export type GeneratedDatasetName = Exclude<DatasetName, 'custom'>;

/** A point of the playground with its class; `test` points are held out of training. */
export interface Sample {
  x: Point;
  label: number;
  test: boolean;
}

/** The square of the plane that is drawn: [low, high] on both axes. */
export type Extent = readonly [number, number];

export interface DatasetInfo {
  title: string;
  generate: ToyGenerator<number>;
  classes: number;
  extent: Extent;
  /** The noise standard deviation at 100 %, in the data's units (so 50 % is half of it). */
  noiseScale: number;
  /** Axis names, for the "will I pass" data whose axes mean something. */
  axes: readonly [string, string];
}

/** How many points a generated set has: enough to show a shape, few enough to train at 60 frames a second. */
export const POINT_COUNT = 300;
/** More classes than this would need colours that are hard to tell apart. */
export const MAX_CLASSES = 4;

const PLANE: Extent = [-6, 6];
const XY = ['x₁', 'x₂'] as const;

export const DATASETS: Record<GeneratedDatasetName, DatasetInfo> = {
  circle: { title: 'Circle', generate: makeCircle, classes: 2, extent: PLANE, noiseScale: 3, axes: XY },
  xor: { title: 'Exclusive or', generate: makeXor, classes: 2, extent: PLANE, noiseScale: 3, axes: XY },
  gauss: { title: 'Two Gaussians', generate: makeGaussians, classes: 2, extent: PLANE, noiseScale: 3, axes: XY },
  spiral: { title: 'Spiral', generate: makeSpiral, classes: 2, extent: PLANE, noiseScale: 3, axes: XY },
  clusters: { title: 'Three classes', generate: makeThreeClusters, classes: 3, extent: PLANE, noiseScale: 3, axes: XY },
  pass: { title: 'Will I pass?', generate: makeWillIPass, classes: 2, extent: [0, 12], noiseScale: 2.5, axes: ['hours studied x₁', 'hours slept x₂'] },
};

/** Marks the first round(n·percent/100) samples as training points and the rest as test points. */
export function splitSamples(points: readonly Point[], labels: readonly number[], trainPercent: number): Sample[] {
  const trainCount = Math.round((points.length * trainPercent) / 100);
  return points.map((x, i) => ({ x, label: labels[i]!, test: i >= trainCount }));
}

/** A generated data set's samples. Generators shuffle, so the first points are as good a training set as any. */
export function generateSamples(name: GeneratedDatasetName, noisePercent: number, trainPercent: number, seed: number): Sample[] {
  const info = DATASETS[name];
  const { points, labels } = info.generate(POINT_COUNT, (noisePercent / 100) * info.noiseScale, seed);
  return splitSamples(points, labels, trainPercent);
}

/**
 * The drawn square for custom points: the playground's usual plane when they fit in it, else the
 * whole-number square around them. Points added by clicking lie inside the square already, so
 * adding one never rescales the picture under the mouse.
 */
export function extentOf(samples: readonly Sample[]): Extent {
  if (samples.length === 0) return PLANE;
  const coordinates = samples.flatMap((sample) => sample.x);
  const low = Math.floor(Math.min(...coordinates));
  const high = Math.ceil(Math.max(...coordinates));
  if (low >= PLANE[0] && high <= PLANE[1]) return PLANE;
  return high - low >= 2 ? [low, high] : [low - 1, high + 1];
}
