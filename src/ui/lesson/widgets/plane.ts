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

/** Plots [x0, x1] × [y0, y1] into width × height with a margin for the axes (y grows upwards). */
export function makeFrame(xDomain: Point, yDomain: Point, width: number, height: number, margin = 36): Frame {
  return {
    x: scaleLinear().domain(xDomain).range([margin, width - 12]),
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

/** Evenly spaced ticks including both ends, for small axes. */
export function ticks(domain: Point, count: number): number[] {
  return scaleLinear().domain(domain).ticks(count);
}
