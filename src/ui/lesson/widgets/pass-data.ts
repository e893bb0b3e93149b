/**
 * The perceptron lesson's data: will I pass this class? x₁ hours studied, x₂ hours slept. The
 * points come from the shared toy generator (a straight boundary, so a perceptron can learn it),
 * rounded to tenths so a student can redo any step of the learning rule by hand.
 */
import { makeWillIPass } from '../../../data/toys';
import type { Point } from './plane';

const raw = makeWillIPass(14, 0, 7);

export const PASS_POINTS: readonly Point[] = raw.points.map(([studied, slept]) => [Math.round(studied * 10) / 10, Math.round(slept * 10) / 10] as const);
export const PASS_LABELS: readonly (0 | 1)[] = PASS_POINTS.map(([studied, slept]) => (0.8 * studied + 0.5 * slept > 7.5 ? 1 : 0));
export const STUDIED: Point = [0, 10];
export const SLEPT: Point = [2, 10];
