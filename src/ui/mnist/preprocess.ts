/**
 * Turns a drawing into an MNIST-like input, the way the data set was made: the strokes' bounding
 * box scaled to fit 20×20 pixels (keeping its aspect), placed in a 28×28 image so that its centre
 * of mass is at the centre. Without this a digit drawn small or in a corner looks nothing like
 * the training data and the predictions are poor.
 */
import { IMAGE_SIDE } from '../../data/mnist';

const BOX = 20;

/**
 * `ink` is a width×height grid of values in [0, 1] (1 = fully drawn). Returns 784 values in [0, 1],
 * or undefined for an empty drawing.
 */
export function toMnistInput(ink: Float32Array, width: number, height: number): Float32Array | undefined {
  let top = height, bottom = -1, left = width, right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > 0.05) {
        top = Math.min(top, y); bottom = Math.max(bottom, y);
        left = Math.min(left, x); right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) return undefined;
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  const scale = BOX / Math.max(boxWidth, boxHeight);
  const scaledWidth = Math.max(1, Math.round(boxWidth * scale));
  const scaledHeight = Math.max(1, Math.round(boxHeight * scale));

  // Area averaging: each small pixel is the mean of the drawing pixels under it (at least one,
  // so a drawing smaller than the box is enlarged rather than left with gaps).
  const small = new Float32Array(scaledWidth * scaledHeight);
  for (let sy = 0; sy < scaledHeight; sy++) {
    const y0 = top + Math.floor(sy / scale);
    const y1 = Math.max(y0 + 1, Math.min(bottom + 1, top + Math.floor((sy + 1) / scale)));
    for (let sx = 0; sx < scaledWidth; sx++) {
      const x0 = left + Math.floor(sx / scale);
      const x1 = Math.max(x0 + 1, Math.min(right + 1, left + Math.floor((sx + 1) / scale)));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += ink[y * width + x] ?? 0;
      small[sy * scaledWidth + sx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  let mass = 0, massX = 0, massY = 0;
  for (let i = 0; i < small.length; i++) {
    const value = small[i]!;
    mass += value;
    massX += value * (i % scaledWidth);
    massY += value * Math.floor(i / scaledWidth);
  }
  // Shift so the centre of mass lands on the image centre (kept inside the image).
  const centre = (IMAGE_SIDE - 1) / 2;
  const offsetX = clamp(Math.round(centre - massX / mass), 0, IMAGE_SIDE - scaledWidth);
  const offsetY = clamp(Math.round(centre - massY / mass), 0, IMAGE_SIDE - scaledHeight);
  const image = new Float32Array(IMAGE_SIDE * IMAGE_SIDE);
  for (let y = 0; y < scaledHeight; y++) {
    for (let x = 0; x < scaledWidth; x++) image[(y + offsetY) * IMAGE_SIDE + x + offsetX] = Math.min(1, small[y * scaledWidth + x]!);
  }
  return image;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
