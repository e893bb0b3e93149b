import { describe, expect, test } from 'vitest';
import {
  MAX_SCALE,
  MIN_SCALE,
  READABLE_SCALE,
  fitScale,
  fittedView,
  followedView,
  placeAlong,
  zoomedAbout,
  type Point,
  type View,
} from '../../../src/ui/player/graph-camera.svelte';

const screen = { width: 960, height: 540 };

/** Where a layout point lands on screen under a view (screen = layout · k + offset). */
function onScreen(view: View, point: Point): Point {
  return { x: point.x * view.k + view.x, y: point.y * view.k + view.y };
}

const noFocus = (): Point => {
  throw new Error('a graph that fits must not ask where the step is');
};

describe('the graph camera', () => {
  test('Fit scales by the tighter side after 16 px of padding each way, at most 1.25 and at least 0.05', () => {
    // 928 / 400 = 2.32 and 508 / 200 = 2.54 both exceed the cap.
    expect(fitScale({ width: 400, height: 200 }, screen)).toBe(1.25);
    // 928 / 2000 = 0.464 is tighter than 508 / 1000 = 0.508.
    expect(fitScale({ width: 2000, height: 1000 }, screen)).toBeCloseTo(0.464, 12);
    // 508 / 2000 = 0.254 is tighter than 928 / 1000.
    expect(fitScale({ width: 1000, height: 2000 }, screen)).toBeCloseTo(0.254, 12);
    expect(fitScale({ width: 1e6, height: 1e6 }, screen)).toBe(MIN_SCALE);
  });

  test('a graph that fits readably is centred, without asking for the step', () => {
    const view = fittedView({ width: 400, height: 200 }, screen, noFocus);
    // Drawn 500 × 250 at zoom 1.25: (960 − 500) / 2 = 230 and (540 − 250) / 2 = 145.
    expect(view).toEqual({ k: 1.25, x: 230, y: 145 });
  });

  test('a graph too big to fit readably is drawn at the readable zoom around the step, its ends kept 16 px inside', () => {
    const layout = { width: 2000, height: 300 };
    expect(fitScale(layout, screen)).toBeLessThan(READABLE_SCALE);
    // The middle of the screen (480) over the focus, while neither end comes further in than 16 px.
    expect(fittedView(layout, screen, () => ({ x: 1000, y: 150 })).x).toBe(480 - 1000);
    expect(fittedView(layout, screen, () => ({ x: 100, y: 150 })).x).toBe(16);
    expect(fittedView(layout, screen, () => ({ x: 1900, y: 150 })).x).toBe(960 - 16 - 2000);
    // The height (300 + 32 ≤ 540) fits: centred whatever the focus.
    const view = fittedView(layout, screen, () => ({ x: 1000, y: 10 }));
    expect(view.k).toBe(READABLE_SCALE);
    expect(view.y).toBe((540 - 300) / 2);
  });

  test('placeAlong centres what fits and otherwise stops the drawing at the padding', () => {
    expect(placeAlong(500, 100, 90, 2)).toBe(150);
    expect(placeAlong(500, 1000, 500, 1)).toBe(250 - 500);
    expect(placeAlong(500, 1000, 0, 1)).toBe(16);
    expect(placeAlong(500, 1000, 1000, 1)).toBe(500 - 16 - 1000);
  });

  test('following puts the focus in the middle of the screen at the chosen zoom', () => {
    const focus = { x: 731, y: -40 };
    for (const k of [0.5, 1, 2.5]) {
      const middle = onScreen(followedView(screen, focus, k), focus);
      expect(middle.x).toBeCloseTo(480, 9);
      expect(middle.y).toBeCloseTo(270, 9);
    }
  });

  test('zooming about a point keeps the layout point under it in place, within the zoom limits', () => {
    const start: View = { k: 0.8, x: -120, y: 35 };
    const pointer = { x: 300, y: 200 };
    const under = { x: (pointer.x - start.x) / start.k, y: (pointer.y - start.y) / start.k };
    for (const factor of [1.25, 1 / 1.25, 3, 0.01, 100]) {
      const zoomed = zoomedAbout(start, factor, pointer);
      expect(zoomed.k).toBeCloseTo(Math.min(MAX_SCALE, Math.max(MIN_SCALE, start.k * factor)), 12);
      const after = onScreen(zoomed, under);
      expect(after.x).toBeCloseTo(pointer.x, 9);
      expect(after.y).toBeCloseTo(pointer.y, 9);
    }
  });
});
