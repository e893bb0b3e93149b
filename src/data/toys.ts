/**
 * Small two-dimensional toy data sets for classification, as in micrograd's demo and the
 * TensorFlow Playground. Every generator follows one pattern: lay out the noise-free points of
 * each class, then hand them to `finish`, which adds Gaussian noise and shuffles with the seed.
 * So a generator only describes its shape, and the same (count, noise, seed) always gives the
 * same data set on every machine.
 */
import { createRandom, shuffle, type Random } from './random';

/** A point in the plane: [x1, x2]. */
export type Point = [number, number];

/**
 * `labels[i]` is the class of `points[i]`: 0 and 1 for the two-class sets, 0 … K−1 for a set of
 * K classes.
 */
export interface ToyDataset<Label extends number = 0 | 1> {
  points: Point[];
  labels: Label[];
}

/** The shape every toy generator has, so the playground can offer them side by side. */
export type ToyGenerator<Label extends number = 0 | 1> = (count: number, noise: number, seed: number) => ToyDataset<Label>;

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
function finish<Label extends number>(clean: ToyDataset<Label>, noise: number, seed: number): ToyDataset<Label> {
  const random = createRandom(seed);
  // Shuffle before drawing any noise, so the order depends on the seed alone: the same seed with
  // and without noise gives the same points, only moved.
  const order = new Uint32Array(clean.points.length).map((_unused, i) => i);
  shuffle(order, random);
  const points: Point[] = [];
  const labels: Label[] = [];
  for (const source of order) {
    const [x1, x2] = clean.points[source]!;
    points.push([x1 + noise * random.normal(), x2 + noise * random.normal()]);
    labels.push(clean.labels[source]!);
  }
  return { points, labels };
}

/**
 * The random numbers that lay out a generator's noise-free points. Its seed is derived from the
 * data set's seed so it is a different stream from the one `finish` shuffles and adds noise with;
 * the same stream would tie each point's position to its place in the order.
 */
function layoutRandom(seed: number): Random {
  return createRandom((seed ^ 0x5bd1e995) >>> 0);
}

/** Splits `count` into `classes` near-equal parts; the first classes get the remainder. */
function classSizes(count: number, classes: number): number[] {
  return Array.from({ length: classes }, (_unused, c) => Math.floor(count / classes) + (c < count % classes ? 1 : 0));
}

/**
 * A disc inside a ring (the TensorFlow Playground's "circle"): class 0 at radius 0 to 2.5 around
 * the origin, class 1 at radius 3.5 to 5, angles uniform. No straight line separates them, but
 * x₁² and x₂² as features do.
 */
export const makeCircle: ToyGenerator = (count, noise, seed) => {
  checkArguments('makeCircle', count, noise);
  const random = layoutRandom(seed);
  const points: Point[] = [];
  const labels: (0 | 1)[] = [];
  const [inner = 0, outer = 0] = classSizes(count, 2);
  const ring = (n: number, low: number, high: number, label: 0 | 1): void => {
    for (let i = 0; i < n; i++) {
      const radius = low + (high - low) * random.uniform();
      const angle = 2 * Math.PI * random.uniform();
      points.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      labels.push(label);
    }
  };
  ring(inner, 0, 2.5, 0);
  ring(outer, 3.5, 5, 1);
  return finish({ points, labels }, noise, seed);
};

/**
 * Exclusive or: points uniform in [-5, 5]², kept 0.3 away from the axes so the quadrants are
 * clear; class 0 where x₁ and x₂ have the same sign, class 1 where they differ. x₁x₂ as a feature
 * separates it with one number.
 */
export const makeXor: ToyGenerator = (count, noise, seed) => {
  checkArguments('makeXor', count, noise);
  const random = layoutRandom(seed);
  const points: Point[] = [];
  const labels: (0 | 1)[] = [];
  const awayFromAxis = (): number => {
    const value = -5 + 10 * random.uniform();
    return value + (value >= 0 ? 0.3 : -0.3);
  };
  for (let i = 0; i < count; i++) {
    const point: Point = [awayFromAxis(), awayFromAxis()];
    points.push(point);
    labels.push(point[0] * point[1] >= 0 ? 0 : 1);
  }
  return finish({ points, labels }, noise, seed);
};

/** Gaussian clusters of standard deviation 1 around `centres`, one class per centre. */
function clusters<Label extends number>(count: number, noise: number, seed: number, centres: readonly Point[], classOf: (c: number) => Label): ToyDataset<Label> {
  const random = layoutRandom(seed);
  const points: Point[] = [];
  const labels: Label[] = [];
  classSizes(count, centres.length).forEach((size, c) => {
    const [cx, cy] = centres[c]!;
    for (let i = 0; i < size; i++) {
      points.push([cx + random.normal(), cy + random.normal()]);
      labels.push(classOf(c));
    }
  });
  return finish({ points, labels }, noise, seed);
}

/** Two Gaussian clusters, class 0 around (2, 2) and class 1 around (−2, −2): one line separates them. */
export const makeGaussians: ToyGenerator = (count, noise, seed) => {
  checkArguments('makeGaussians', count, noise);
  return clusters(count, noise, seed, [[2, 2], [-2, -2]], (c) => (c === 0 ? 0 : 1));
};

/**
 * Three Gaussian clusters on a circle of radius 3.5 (at 90°, 210° and 330°), classes 0, 1, 2:
 * the multi-class set, for a softmax output.
 */
export const makeThreeClusters: ToyGenerator<number> = (count, noise, seed) => {
  checkArguments('makeThreeClusters', count, noise);
  const centres = [90, 210, 330].map((degrees): Point => {
    const angle = (degrees * Math.PI) / 180;
    return [3.5 * Math.cos(angle), 3.5 * Math.sin(angle)];
  });
  return clusters(count, noise, seed, centres, (c) => c);
};

/**
 * Two interleaved spiral arms (the TensorFlow Playground's "spiral"): along each arm the radius
 * grows from 0 to 5 while the angle turns 1.75 times round; class 1's arm is class 0's turned
 * half a turn. The hardest of the sets: it needs several layers or the sin features.
 */
export const makeSpiral: ToyGenerator = (count, noise, seed) => {
  checkArguments('makeSpiral', count, noise);
  const points: Point[] = [];
  const labels: (0 | 1)[] = [];
  classSizes(count, 2).forEach((size, c) => {
    for (let i = 0; i < size; i++) {
      const radius = (i / size) * 5;
      const angle = 1.75 * (i / size) * 2 * Math.PI + c * Math.PI;
      points.push([radius * Math.sin(angle), radius * Math.cos(angle)]);
      labels.push(c === 0 ? 0 : 1);
    }
  });
  return finish({ points, labels }, noise, seed);
};

/**
 * "Will I pass?", the perceptron lesson's data: x₁ hours studied (0 to 10), x₂ hours slept the
 * night before (3 to 10); class 1 (pass) when 0.8·studied + 0.5·slept > 7.5. A straight
 * boundary, so a single neuron learns it.
 */
export const makeWillIPass: ToyGenerator = (count, noise, seed) => {
  checkArguments('makeWillIPass', count, noise);
  const random = layoutRandom(seed);
  const points: Point[] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < count; i++) {
    const studied = 10 * random.uniform();
    const slept = 3 + 7 * random.uniform();
    points.push([studied, slept]);
    labels.push(0.8 * studied + 0.5 * slept > 7.5 ? 1 : 0);
  }
  return finish({ points, labels }, noise, seed);
};
