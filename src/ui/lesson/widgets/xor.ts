/**
 * XOR for the lessons: twelve points near the corners of the unit square, class 1 where exactly
 * one input is 1. Plus the small networks the lesson shows on it, computed in plain numbers (the
 * pictures redraw them many times a second; the engine's recording is for the replays).
 */
import { UNARY_FUNCTIONS } from '../../../engine/ops';
import type { Point } from './plane';

const CORNERS: readonly [number, number, 0 | 1][] = [
  [0, 0, 0],
  [1, 1, 0],
  [0, 1, 1],
  [1, 0, 1],
];
const JITTER: readonly Point[] = [
  [0.08, -0.05],
  [-0.06, 0.09],
  [0.04, 0.03],
];

export const XOR_POINTS: readonly Point[] = CORNERS.flatMap(([a, b]) => JITTER.map(([dx, dy]) => [a + dx * (a ? -1 : 1), b + dy * (b ? -1 : 1)] as const));
export const XOR_LABELS: readonly (0 | 1)[] = CORNERS.flatMap(([, , label]) => JITTER.map(() => label));
export const XOR_DOMAIN: Point = [-0.4, 1.4];

export const sigmoid = UNARY_FUNCTIONS.sigmoid.value;

/** A 2-3-1 sigmoid network; W1[j] = [W_j1, W_j2] is hidden unit j's row. */
export interface SmallMlp {
  W1: [number, number][];
  b1: number[];
  W2: number[];
  b2: number;
}

/** A fixed start, so every student sees the same training run (it reaches 12 of 12 in about 250 steps). */
export function initialMlp(): SmallMlp {
  return {
    W1: [
      [1.2, -0.8],
      [-0.9, 1.1],
      [0.7, 0.9],
    ],
    b1: [0.1, -0.2, -0.4],
    W2: [0.8, -0.7, 0.6],
    b2: 0.05,
  };
}

export function hidden(net: SmallMlp, [x1, x2]: Point): number[] {
  return net.W1.map(([w1, w2], j) => sigmoid(w1 * x1 + w2 * x2 + net.b1[j]!));
}

export function output(net: SmallMlp, x: Point): number {
  const z = hidden(net, x);
  return sigmoid(z.reduce((sum, zj, j) => sum + net.W2[j]! * zj, net.b2));
}

/** Mean binary cross-entropy over the XOR points. */
export function meanLoss(net: SmallMlp): number {
  return XOR_POINTS.reduce((sum, x, i) => {
    const y = output(net, x);
    return sum - (XOR_LABELS[i] === 1 ? Math.log(y) : Math.log(1 - y));
  }, 0) / XOR_POINTS.length;
}

/**
 * One full-batch gradient-descent step on the mean BCE, by backprop written out: δ² = ŷ − y for
 * sigmoid with BCE, δ¹_j = δ² W²_j σ'(a¹_j), gradients δ z^T. Returns a new network.
 */
export function trainStep(net: SmallMlp, rate: number): SmallMlp {
  const gW1 = net.W1.map(() => [0, 0] as [number, number]);
  const gb1 = net.b1.map(() => 0);
  const gW2 = net.W2.map(() => 0);
  let gb2 = 0;
  const n = XOR_POINTS.length;
  XOR_POINTS.forEach((x, i) => {
    const z = hidden(net, x);
    const y = sigmoid(z.reduce((sum, zj, j) => sum + net.W2[j]! * zj, net.b2));
    const delta2 = (y - XOR_LABELS[i]!) / n;
    gb2 += delta2;
    z.forEach((zj, j) => {
      gW2[j]! += delta2 * zj;
      const delta1 = delta2 * net.W2[j]! * zj * (1 - zj);
      gb1[j]! += delta1;
      gW1[j]![0] += delta1 * x[0];
      gW1[j]![1] += delta1 * x[1];
    });
  });
  return {
    W1: net.W1.map(([a, b], j) => [a - rate * gW1[j]![0], b - rate * gW1[j]![1]]),
    b1: net.b1.map((b, j) => b - rate * gb1[j]!),
    W2: net.W2.map((w, j) => w - rate * gW2[j]!),
    b2: net.b2 - rate * gb2,
  };
}
