import { describe, it, expect } from 'vitest';
import { makeMoons, type Point } from '../../src/data/toys';

/** Distance of a point from the circle of radius 1 around `centre`. */
const offCircle = ([x1, x2]: Point, centre: Point): number => Math.abs(Math.hypot(x1 - centre[0], x2 - centre[1]) - 1);

describe('makeMoons', () => {
  it('gives count points with one label each, half of each class', () => {
    const { points, labels } = makeMoons(100, 0.1, 7);
    expect(points).toHaveLength(100);
    expect(labels).toHaveLength(100);
    expect(labels.filter((label) => label === 0)).toHaveLength(50);
    expect(labels.filter((label) => label === 1)).toHaveLength(50);
    for (const point of points) expect(point.every(Number.isFinite)).toBe(true);
  });

  it('gives an odd count’s extra point to the lower moon, as scikit-learn does', () => {
    const { labels } = makeMoons(7, 0, 1);
    expect(labels.filter((label) => label === 0)).toHaveLength(3);
    expect(labels.filter((label) => label === 1)).toHaveLength(4);
  });

  it('gives the same data for the same seed and different data for another seed', () => {
    expect(makeMoons(50, 0.2, 3)).toEqual(makeMoons(50, 0.2, 3));
    expect(makeMoons(50, 0.2, 3).points).not.toEqual(makeMoons(50, 0.2, 4).points);
  });

  it('puts every point exactly on its arc when the noise is 0', () => {
    const { points, labels } = makeMoons(40, 0, 11);
    points.forEach((point, i) => {
      if (labels[i] === 0) {
        // Upper moon: the upper half of the unit circle around (0, 0).
        expect(offCircle(point, [0, 0])).toBeLessThan(1e-12);
        expect(point[1]).toBeGreaterThanOrEqual(0);
      } else {
        // Lower moon: the lower half of the unit circle around (1, 0.5).
        expect(offCircle(point, [1, 0.5])).toBeLessThan(1e-12);
        expect(point[1]).toBeLessThanOrEqual(0.5);
      }
    });
  });

  it('spaces the noise-free points evenly from one end of each arc to the other', () => {
    const { points, labels } = makeMoons(10, 0, 2);
    const upperAngles = points.filter((_point, i) => labels[i] === 0).map(([x1, x2]) => Math.atan2(x2, x1)).sort((a, b) => a - b);
    // t = 0, π/4, π/2, 3π/4, π for five points.
    upperAngles.forEach((angle, i) => expect(angle).toBeCloseTo((Math.PI * i) / 4, 12));
    const lowerXs = points.filter((_point, i) => labels[i] === 1).map(([x1]) => x1).sort((a, b) => a - b);
    expect(lowerXs[0]).toBeCloseTo(0, 12);
    expect(lowerXs[4]).toBeCloseTo(2, 12);
  });

  it('shuffles, so the classes are not in two blocks', () => {
    const { labels } = makeMoons(100, 0, 5);
    expect(labels.slice(0, 50).filter((label) => label === 0).length).toBeLessThan(50);
    expect(labels.slice(0, 50).filter((label) => label === 0).length).toBeGreaterThan(0);
  });

  it('stays near the arcs with noise 0.1: within the moons’ box widened by five standard deviations', () => {
    const { points } = makeMoons(1000, 0.1, 9);
    for (const [x1, x2] of points) {
      expect(x1).toBeGreaterThan(-1 - 0.5);
      expect(x1).toBeLessThan(2 + 0.5);
      expect(x2).toBeGreaterThan(-0.5 - 0.5);
      expect(x2).toBeLessThan(1 + 0.5);
    }
  });

  it('moves points by about the noise: the spread off the arcs has standard deviation near `noise`', () => {
    const noise = 0.1;
    const clean = makeMoons(2000, 0, 13);
    const noisy = makeMoons(2000, noise, 13);
    // Same seed, same shuffle: point i of both sets is the same arc point before the noise.
    const offsets = noisy.points.flatMap(([x1, x2], i) => [x1 - clean.points[i]![0], x2 - clean.points[i]![1]]);
    const mean = offsets.reduce((sum, offset) => sum + offset, 0) / offsets.length;
    const std = Math.sqrt(offsets.reduce((sum, offset) => sum + (offset - mean) ** 2, 0) / offsets.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeGreaterThan(0.095);
    expect(std).toBeLessThan(0.105);
  });

  it('rejects a count that is not a whole number ≥ 0 and negative noise', () => {
    expect(() => makeMoons(2.5, 0.1, 1)).toThrow(/count must be a whole number/);
    expect(() => makeMoons(-1, 0.1, 1)).toThrow(/count must be a whole number/);
    expect(() => makeMoons(10, -0.1, 1)).toThrow(/noise must be a finite number/);
  });
});
