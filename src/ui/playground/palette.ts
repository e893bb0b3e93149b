/**
 * The playground's one colour scale, safe for colour-blind readers: blue for positive values and
 * class 1, orange for negative values and class 0, white in between (the player's edge colours).
 * More classes add the Okabe–Ito reddish purple and bluish green; points also differ by shape, so
 * nothing depends on colour alone.
 */
export type Rgb = readonly [number, number, number];

export const BLUE: Rgb = [37, 99, 235];
export const ORANGE: Rgb = [234, 88, 12];
const WHITE: Rgb = [255, 255, 255];

export const CLASS_COLOURS: readonly Rgb[] = [ORANGE, BLUE, [204, 121, 167], [0, 158, 115]];
export const CLASS_SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;

export const css = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;

function mix(from: Rgb, to: Rgb, t: number): Rgb {
  return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t];
}

/** t in [-1, 1]: orange at −1, white at 0, blue at +1; `strength` < 1 keeps the extremes pale. */
export function signedColour(t: number, strength = 1): Rgb {
  const clamped = Math.max(-1, Math.min(1, t));
  return clamped >= 0 ? mix(WHITE, BLUE, clamped * strength) : mix(WHITE, ORANGE, -clamped * strength);
}

/** How a neuron's values map onto [-1, 1]: around a centre, by a scale (sigmoid outputs centre on ½). */
export interface Domain {
  centre: number;
  scale: number;
}

function put(image: ImageData, cell: number, [r, g, b]: Rgb): void {
  const p = cell * 4;
  image.data[p] = r;
  image.data[p + 1] = g;
  image.data[p + 2] = b;
  image.data[p + 3] = 255;
}

/** Levels of the signed scale a heat map uses: finer than the eye can tell apart. */
const LEVELS = 256;

/**
 * The signed scale sampled at LEVELS points from −1 to 1, one table per strength, so painting a
 * map looks colours up instead of mixing (and allocating) per pixel: about sixty maps are painted
 * every frame while training.
 */
const signedTables = new Map<number, Uint8ClampedArray>();

function signedTable(strength: number): Uint8ClampedArray {
  let table = signedTables.get(strength);
  if (table === undefined) {
    table = new Uint8ClampedArray(LEVELS * 3);
    for (let level = 0; level < LEVELS; level++) table.set(signedColour((2 * level) / (LEVELS - 1) - 1, strength), level * 3);
    signedTables.set(strength, table);
  }
  return table;
}

/** One value per pixel, coloured by the signed scale. */
export function paintSigned(image: ImageData, values: Float32Array, domain: Domain, strength = 1): void {
  const table = signedTable(strength);
  const data = image.data;
  const half = (LEVELS - 1) / 2;
  for (let i = 0; i < values.length; i++) {
    const t = (values[i]! - domain.centre) / domain.scale;
    const level = t >= 1 ? LEVELS - 1 : t <= -1 ? 0 : Math.round((t + 1) * half);
    const p = i * 4;
    const q = level * 3;
    data[p] = table[q]!;
    data[p + 1] = table[q + 1]!;
    data[p + 2] = table[q + 2]!;
    data[p + 3] = 255;
  }
}

/** The largest |value|: the scale for an input feature's map, so each shows its full range. */
export function maxMagnitude(values: Float32Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max === 0 ? 1 : max;
}

/**
 * The decision map: with one output (the probability of class 1), the signed scale; with one
 * output per class, the likeliest class's colour, paler where the network is less sure.
 */
export function paintBoundary(image: ImageData, outputs: readonly Float32Array[], strength = 0.65): void {
  const first = outputs[0];
  if (first === undefined) return;
  if (outputs.length === 1) {
    paintSigned(image, first, { centre: 0.5, scale: 0.5 }, strength);
    return;
  }
  const classes = outputs.length;
  for (let i = 0; i < first.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (outputs[c]![i]! > outputs[best]![i]!) best = c;
    // Sureness from 0 (all classes equally likely) to 1 (certain).
    const sure = (outputs[best]![i]! - 1 / classes) / (1 - 1 / classes);
    put(image, i, mix(WHITE, CLASS_COLOURS[best] ?? BLUE, Math.max(0, sure) * strength));
  }
}
