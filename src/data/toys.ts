/**
 * Small two-dimensional toy data sets for classification, as in micrograd's demo and the
 * TensorFlow Playground. Every generator follows one pattern: lay out the noise-free points of
 * each class, then hand them to `finish`, which adds Gaussian noise and shuffles with the seed.
 * So a generator only describes its shape, and the same (count, noise, seed) always gives the
 * same data set on every machine.
 */
import { createRandom, shuffle } from '../tensor/random';

/** A point in the plane: [x1, x2]. */
export type Point = [number, number];

/** Two classes, 0 and 1; `labels[i]` is the class of `points[i]`. */
export interface ToyDataset {
  points: Point[];
  labels: (0 | 1)[];
}

/** The shape every toy generator has, so the playground can offer them side by side. */
export type ToyGenerator = (count: number, noise: number, seed: number) => ToyDataset;

/**
 * Two interleaving half circles (scikit-learn's `make_moons`, which micrograd's demo uses):
 * class 0 on the upper moon (cos t, sin t) and class 1 on the lower moon
 * (1 − cos t, 1 − sin t − 0.5), t evenly spaced over [0, π]. An odd count gives the extra
 * point to the lower moon, as scikit-learn does.
 */
export const makeMoons: ToyGenerator = (count, noise, seed) => {
  checkArguments('makeMoons', count, noise);
  const upperCount = Math.floor(count / 2);
  const lowerCount = count - upperCount;
  const points: Point[] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < upperCount; i++) {
    const t = evenlySpaced(i, upperCount, Math.PI);
    points.push([Math.cos(t), Math.sin(t)]);
    labels.push(0);
  }
  for (let i = 0; i < lowerCount; i++) {
    const t = evenlySpaced(i, lowerCount, Math.PI);
    points.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
    labels.push(1);
  }
  return finish({ points, labels }, noise, seed);
};

/** The i-th of n values spaced evenly over [0, end], both ends included (numpy's linspace). */
function evenlySpaced(i: number, n: number, end: number): number {
  return n === 1 ? 0 : (end * i) / (n - 1);
}

function checkArguments(name: string, count: number, noise: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${name}: count must be a whole number ≥ 0, not ${count}`);
  if (!Number.isFinite(noise) || noise < 0) throw new RangeError(`${name}: noise must be a finite number ≥ 0, not ${noise}`);
}

/**
 * Adds independent Gaussian noise of standard deviation `noise` to each coordinate, then shuffles
 * points and labels together, so the classes are not in two blocks (which would matter to anyone
 * taking the first k points as a mini-batch).
 */
function finish(clean: ToyDataset, noise: number, seed: number): ToyDataset {
  const random = createRandom(seed);
  // Shuffle before drawing any noise, so the order depends on the seed alone: the same seed with
  // and without noise gives the same points, only moved.
  const order = new Uint32Array(clean.points.length).map((_unused, i) => i);
  shuffle(order, random);
  const points: Point[] = [];
  const labels: (0 | 1)[] = [];
  for (const source of order) {
    const [x1, x2] = clean.points[source]!;
    points.push([x1 + noise * random.normal(), x2 + noise * random.normal()]);
    labels.push(clean.labels[source]!);
  }
  return { points, labels };
}
