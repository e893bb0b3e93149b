/**
 * Geometry shared by the lessons' 2-D pictures: a data-to-screen mapping, and the part of a line
 * w₁x₁ + w₂x₂ + b = 0 that lies inside the plotted rectangle.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';

export type Point = readonly [number, number];

/** A linear boundary w₁x₁ + w₂x₂ + b = 0; the side where the sum is ≥ 0 is class 1. */
export interface Line {
  w1: number;
  w2: number;
  b: number;
}

export interface Frame {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  width: number;
  height: number;
}

/**
 * Plots [x0, x1] × [y0, y1] into width × height with a margin for the axes (y grows upwards);
 * `left` is the margin for the y axis's ticks and name, when they need more than `margin`.
 */
export function makeFrame(xDomain: Point, yDomain: Point, width: number, height: number, margin = 36, left = margin): Frame {
  return {
    x: scaleLinear().domain(xDomain).range([left, width - 12]),
    y: scaleLinear().domain(yDomain).range([height - margin, 12]),
    width,
    height,
  };
}

/** The segment of the line inside the box, or undefined when it misses the box (or w = 0). */
export function clipLine(line: Line, xDomain: Point, yDomain: Point): [Point, Point] | undefined {
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const hits: Point[] = [];
  const push = (p: Point): void => {
    if (p[0] >= x0 - 1e-9 && p[0] <= x1 + 1e-9 && p[1] >= y0 - 1e-9 && p[1] <= y1 + 1e-9 && !hits.some((h) => Math.hypot(h[0] - p[0], h[1] - p[1]) < 1e-9)) hits.push(p);
  };
  if (line.w2 !== 0) {
    push([x0, -(line.w1 * x0 + line.b) / line.w2]);
    push([x1, -(line.w1 * x1 + line.b) / line.w2]);
  }
  if (line.w1 !== 0) {
    push([-(line.w2 * y0 + line.b) / line.w1, y0]);
    push([-(line.w2 * y1 + line.b) / line.w1, y1]);
  }
  return hits.length >= 2 ? [hits[0]!, hits[1]!] : undefined;
}

/**
 * Where to write each line's label, in screen coordinates: on its own segment, as near the middle
 * as it can be while at least `gap` pixels from every label placed before it. Two lines that cross
 * near their middles would otherwise have their labels drawn on top of each other.
 */
export function labelSpots(segments: readonly ([Point, Point] | undefined)[], gap = 18): (Point | undefined)[] {
  const placed: Point[] = [];
  const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88];
  return segments.map((segment) => {
    if (segment === undefined) return undefined;
    const [[ax, ay], [bx, by]] = segment;
    const candidates: Point[] = ALONG.map((t) => [ax + t * (bx - ax), ay + t * (by - ay)]);
    const spot = candidates.find(([x, y]) => placed.every(([px, py]) => Math.hypot(x - px, y - py) >= gap)) ?? candidates[0]!;
    placed.push(spot);
    return spot;
  });
}

/** Evenly spaced ticks including both ends, for small axes. */
export function ticks(domain: Point, count: number): number[] {
  return scaleLinear().domain(domain).ticks(count);
}
