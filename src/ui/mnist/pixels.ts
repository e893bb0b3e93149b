/**
 * Painting small images into canvases: digits in grey, weights and gradients in the app's one
 * signed colour scale (blue for positive, orange for negative, white for 0; as the player's
 * graph, safe for red-green colour blindness). The pixels are scaled up by CSS, crisply.
 */
import { IMAGE_SIDE } from '../../data/mnist';

const POSITIVE = [29, 78, 216] as const;
const NEGATIVE = [194, 65, 12] as const;

/** Paints `values` (0 = paper, 1 = ink; 0–255 for bytes) as a dark digit on white, at (left, top). */
export function paintDigit(context: CanvasRenderingContext2D, values: ArrayLike<number>, left = 0, top = 0, scale = 1): void {
  const image = context.createImageData(IMAGE_SIDE, IMAGE_SIDE);
  for (let i = 0; i < IMAGE_SIDE * IMAGE_SIDE; i++) {
    const ink = Math.min(1, (values[i] ?? 0) / scale);
    const shade = Math.round(255 * (1 - ink));
    image.data.set([shade, shade, shade, 255], 4 * i);
  }
  context.putImageData(image, left, top);
}

/** Paints `values` of a 28×28 row with the signed scale; ±`maxAbs` are the full colours. */
export function paintSigned(context: CanvasRenderingContext2D, values: ArrayLike<number>, maxAbs: number, left = 0, top = 0): void {
  const image = context.createImageData(IMAGE_SIDE, IMAGE_SIDE);
  for (let i = 0; i < IMAGE_SIDE * IMAGE_SIDE; i++) {
    const value = values[i] ?? 0;
    const strength = maxAbs > 0 ? Math.min(1, Math.abs(value) / maxAbs) : 0;
    const colour = value >= 0 ? POSITIVE : NEGATIVE;
    image.data.set([0, 1, 2].map((c) => Math.round(255 + (colour[c]! - 255) * strength)).concat(255), 4 * i);
  }
  context.putImageData(image, left, top);
}

/** The largest |value|, for scaling a signed picture (at least a tiny number, never 0). */
export function maxAbsolute(values: ArrayLike<number>): number {
  let largest = 1e-12;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]!);
    if (magnitude > largest && Number.isFinite(magnitude)) largest = magnitude;
  }
  return largest;
}
