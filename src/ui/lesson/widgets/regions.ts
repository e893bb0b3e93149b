/**
 * Lesson 5's target region, two triangles far apart, and the two ways of drawing it that the lesson
 * compares. Two hidden layers of step units draw it exactly with 6 + 2 units: each second-layer unit
 * ANDs three lines into a triangle, the output ORs the triangles. One hidden layer can draw it too,
 * but only approximately, and only with many units: here sigmoid units along evenly spread lines
 * whose output weights are fitted by least squares, which shows what one layer can express (how
 * training would find such weights is a separate question).
 */
import { sigmoid } from './xor';
import type { Line, Point } from './plane';

/** Counter-clockwise, in the square [0, 10]². */
export const TRIANGLES: readonly (readonly Point[])[] = [
  [
    [1, 1],
    [5, 1],
    [3, 5],
  ],
  [
    [5, 6],
    [9, 4],
    [8, 9],
  ],
];
export const REGION_DOMAIN: Point = [0, 10];

/** Edge p→q of a counter-clockwise triangle: the inside is on the left, where the sum is ≥ 0. */
export function edge(p: Point, q: Point): Line {
  const w1 = -(q[1] - p[1]);
  const w2 = q[0] - p[0];
  return { w1, w2, b: -(w1 * p[0] + w2 * p[1]) };
}

/** The six first-layer lines of the two-layer network: triangle 1's edges, then triangle 2's. */
export const TRIANGLE_EDGES: readonly Line[] = TRIANGLES.flatMap((t) => t.map((p, i) => edge(p, t[(i + 1) % 3]!)));

const step = (line: Line, [x1, x2]: Point): number => (line.w1 * x1 + line.w2 * x2 + line.b >= 0 ? 1 : 0);

/** The two-layer network: z¹ = step(six lines), z²_g = step(z¹ of triangle g summed − 2.5), ŷ = step(z²₁ + z²₂ − 0.5). */
export function twoLayers(p: Point, use: readonly [boolean, boolean] = [true, true]): 0 | 1 {
  const z1 = TRIANGLE_EDGES.map((line) => step(line, p));
  const z2 = [0, 1].map((g) => (z1[3 * g]! + z1[3 * g + 1]! + z1[3 * g + 2]! - 2.5 >= 0 ? 1 : 0));
  return (use[0] ? z2[0]! : 0) + (use[1] ? z2[1]! : 0) - 0.5 >= 0 ? 1 : 0;
}

/** The region itself: inside either triangle. */
export const inTarget = (p: Point): 0 | 1 => twoLayers(p);

/** One hidden layer: `directions` × `offsets` sigmoid units, a weighted sum, class 1 where it is ≥ 0.5. */
export interface OneLayerNet {
  units: number;
  /** Hidden unit j is σ(STEEPNESS (d_j · x − c_j)). */
  lines: readonly { d: Point; c: number }[];
  /** Output weights; the last is the bias. */
  weights: readonly number[];
}

const STEEPNESS = 2;
/** Where the fit is made: cell centres of a 30 × 30 grid over the square. */
const FIT_GRID = 30;

function hiddenOutputs(net: Pick<OneLayerNet, 'lines'>, [x1, x2]: Point): number[] {
  return [...net.lines.map(({ d, c }) => sigmoid(STEEPNESS * (d[0] * x1 + d[1] * x2 - c))), 1];
}

export function oneLayerScore(net: OneLayerNet, p: Point): number {
  return hiddenOutputs(net, p).reduce((sum, z, j) => sum + net.weights[j]! * z, 0);
}

function gridPoints(cells: number): Point[] {
  const [lo, hi] = REGION_DOMAIN;
  const size = (hi - lo) / cells;
  return Array.from({ length: cells * cells }, (_, i) => [lo + (Math.floor(i / cells) + 0.5) * size, lo + ((i % cells) + 0.5) * size] as const);
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small, symmetric positive definite). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  for (let i = 0; i < n; i++) {
    let pivot = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(A[r]![i]!) > Math.abs(A[pivot]![i]!)) pivot = r;
    [A[i], A[pivot]] = [A[pivot]!, A[i]!];
    [b[i], b[pivot]] = [b[pivot]!, b[i]!];
    for (let r = i + 1; r < n; r++) {
      const factor = A[r]![i]! / A[i]![i]!;
      for (let c = i; c < n; c++) A[r]![c]! -= factor * A[i]![c]!;
      b[r]! -= factor * b[i]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let rest = b[i]!;
    for (let c = i + 1; c < n; c++) rest -= A[i]![c]! * x[c]!;
    x[i] = rest / A[i]![i]!;
  }
  return x;
}

/**
 * Spreads `offsets` parallel lines across the square in each of `directions` directions and fits
 * the output weights to the region (least squares on a grid, with a tiny ridge so the system is
 * never singular).
 */
export function fitOneLayer(directions: number, offsets: number): OneLayerNet {
  const lines: { d: Point; c: number }[] = [];
  const [lo, hi] = REGION_DOMAIN;
  for (let k = 0; k < directions; k++) {
    const angle = (Math.PI * k) / directions + 0.1;
    const d: Point = [Math.cos(angle), Math.sin(angle)];
    // The range of d · x over the square, split evenly.
    const from = Math.min(lo * d[0], hi * d[0]) + Math.min(lo * d[1], hi * d[1]);
    const to = Math.max(lo * d[0], hi * d[0]) + Math.max(lo * d[1], hi * d[1]);
    for (let m = 0; m < offsets; m++) lines.push({ d, c: from + ((m + 0.5) * (to - from)) / offsets });
  }
  const n = lines.length + 1;
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const b = new Array<number>(n).fill(0);
  for (const p of gridPoints(FIT_GRID)) {
    const z = hiddenOutputs({ lines }, p);
    const y = inTarget(p);
    for (let i = 0; i < n; i++) {
      b[i]! += z[i]! * y;
      for (let j = 0; j < n; j++) A[i]![j]! += z[i]! * z[j]!;
    }
  }
  for (let i = 0; i < n; i++) A[i]![i]! += 1e-3;
  return { units: lines.length, lines, weights: solve(A, b) };
}

/** The share of a 100 × 100 grid of points (not the fitting grid) on which a classifier agrees with the region. */
export function agreement(classify: (p: Point) => 0 | 1): number {
  const points = gridPoints(100);
  return points.filter((p) => classify(p) === inTarget(p)).length / points.length;
}

/** The sizes the lesson offers: directions × offsets. */
export const ONE_LAYER_SIZES: readonly (readonly [number, number])[] = [
  [2, 4],
  [4, 6],
  [6, 8],
  [8, 10],
];
