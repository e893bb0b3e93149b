/**
 * Every setting of the playground that a link carries, described once. Each field says its URL
 * key, its default, and how it reads from and writes to text; the type of the settings, the
 * defaults, the link and its parsing all come from this one table (the TensorFlow Playground's
 * state.ts idea, typed). A link reproduces the exact state, including the seed and custom points;
 * training progress is not a setting: it replays from the seed.
 */
import { LIMITS } from '../../data/limits';
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from '../../tensor/train';
import { REGULARIZATIONS, type Regularization } from '../../tensor/optimizers';
import { DATASET_NAMES, MAX_CLASSES, type DatasetName, type Sample } from './datasets';
import { FEATURE_NAMES, orderedFeatures, type FeatureName } from './features';

/** How one setting travels in a link. `parse` returns undefined for text it cannot accept. */
export interface Field<T> {
  default: T;
  parse(text: string): T | undefined;
  format(value: T): string;
  /** Plain-language description, for the classroom panel and for messages about a bad link. */
  describe: string;
  /** What it accepts, said when a link's value is refused for being too large. */
  limit?: string;
}

type ValueOf<F> = F extends Field<infer T> ? T : never;

function integerIn(min: number, max: number, fallback: number, describe: string): Field<number> {
  return {
    default: fallback,
    describe,
    parse(text) {
      if (!/^\d+$/.test(text)) return undefined;
      const value = Number(text);
      return value >= min && value <= max ? value : undefined;
    },
    format: String,
  };
}

function oneOf<T extends string>(choices: readonly T[], fallback: T, describe: string): Field<T> {
  return {
    default: fallback,
    describe,
    parse: (text) => choices.find((choice) => choice === text),
    format: (value) => value,
  };
}

/** A number from a fixed ladder (learning rates, regularisation rates), so every link stays on it. */
function numberFrom(choices: readonly number[], fallback: number, describe: string): Field<number> {
  return {
    default: fallback,
    describe,
    parse: (text) => choices.find((choice) => String(choice) === text),
    format: String,
  };
}

function flag(fallback: boolean, describe: string): Field<boolean> {
  return {
    default: fallback,
    describe,
    parse: (text) => (text === '1' ? true : text === '0' ? false : undefined),
    format: (value) => (value ? '1' : '0'),
  };
}

/** A set of names, written comma-separated in a fixed order; `-` is the empty set (an empty value reads as "missing"). */
function setOf<T extends string>(choices: readonly T[], fallback: readonly T[], describe: string): Field<T[]> {
  return {
    default: [...fallback],
    describe,
    parse(text) {
      if (text === '-') return [];
      const parts = text.split(',');
      if (!parts.every((part) => choices.includes(part as T))) return undefined;
      return choices.filter((choice) => parts.includes(choice));
    },
    format: (value) => (value.length === 0 ? '-' : choices.filter((choice) => value.includes(choice)).join(',')),
  };
}

export const MAX_HIDDEN_LAYERS = 6;
export const MAX_NEURONS = 8;

const hiddenLayers: Field<number[]> = {
  default: [4, 2],
  describe: 'hidden layers',
  parse(text) {
    if (text === '-') return [];
    const sizes = text.split(',').map(Number);
    const fits = sizes.length <= MAX_HIDDEN_LAYERS && sizes.every((size) => Number.isInteger(size) && size >= 1 && size <= MAX_NEURONS);
    return fits ? sizes : undefined;
  },
  format: (sizes) => (sizes.length === 0 ? '-' : sizes.join(',')),
};

/** Custom points are limited so a link stays a link (about 15 characters a point). */
export const MAX_CUSTOM_POINTS = LIMITS.playgroundPoints.max;
export const MAX_COORDINATE = LIMITS.playgroundCoordinate.max;

/**
 * Whether the plane can draw a point at this coordinate: finite and within ±MAX_COORDINATE. The
 * plane grows to hold every point, so one far-off point once drew a grid line every 5 units
 * across a million (a frozen tab), and one of 1e400 (Infinity) blanked the page.
 */
export function drawableCoordinate(value: number): boolean {
  return Math.abs(value) <= MAX_COORDINATE;
}

/** The same limits in words, for a refused link, file or typed point. */
export const POINTS_LIMIT = `at most ${MAX_CUSTOM_POINTS} points, each coordinate from -${MAX_COORDINATE} to ${MAX_COORDINATE}`;

/** Two decimals: what a point keeps when it goes into a link (and so what custom points are). */
export function roundCoordinate(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/** Custom points as `x1,x2,label` with a trailing `t` for a test point, joined by `;`. */
const customPoints: Field<Sample[]> = {
  default: [],
  describe: 'custom points',
  limit: POINTS_LIMIT,
  parse(text) {
    if (text === '-') return [];
    const parts = text.split(';');
    if (parts.length > MAX_CUSTOM_POINTS) return undefined;
    const samples: Sample[] = [];
    for (const part of parts) {
      const match = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?),(\d)(t?)$/.exec(part);
      if (!match) return undefined;
      const label = Number(match[3]);
      if (label >= MAX_CLASSES) return undefined;
      if (!drawableCoordinate(Number(match[1])) || !drawableCoordinate(Number(match[2]))) return undefined;
      samples.push({ x: [Number(match[1]), Number(match[2])], label, test: match[4] === 't' });
    }
    return samples;
  },
  format: (samples) => (samples.length === 0 ? '-' : samples.map(({ x, label, test }) => `${x[0]},${x[1]},${label}${test ? 't' : ''}`).join(';')),
};

export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
export const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
// The one optimizer's regularisations, re-exported beside the page's other setting lists.
export { REGULARIZATIONS, type Regularization };

/**
 * Output layer and loss: one sigmoid neuron with binary cross-entropy or squared error for two
 * classes, or a softmax over the classes with cross-entropy (any number of classes).
 */
export const OUTPUTS = ['sigmoid-bce', 'sigmoid-mse', 'softmax-ce'] as const;
export type OutputName = (typeof OUTPUTS)[number];

/** The controls a lecturer can hide ("classroom" mode); each names one group on the page. */
export const CONTROLS = ['data', 'noise', 'split', 'editData', 'features', 'layers', 'activation', 'output', 'learningRate', 'batchSize', 'regularization', 'stepInto'] as const;
export type ControlName = (typeof CONTROLS)[number];

export const CONTROL_TITLES: Record<ControlName, string> = {
  data: 'Data set and regenerate',
  noise: 'Noise',
  split: 'Training/test split',
  editData: 'Adding, removing and importing points',
  features: 'Input features',
  layers: 'Hidden layers and neurons',
  activation: 'Activation',
  output: 'Output and loss',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  regularization: 'Regularisation',
  stepInto: 'Stepping into one sample',
};

/** The table: URL key → field. Keys are short because they are typed and read in links. */
export const SETTINGS = {
  data: oneOf<DatasetName>(DATASET_NAMES, 'circle', 'data set'),
  noise: integerIn(0, 50, 0, 'noise in %'),
  train: integerIn(10, 90, 50, 'training share in %'),
  seed: integerIn(0, 0xffffffff, 1, 'seed'),
  showTest: flag(false, 'show test points'),
  features: setOf<FeatureName>(FEATURE_NAMES, ['x1', 'x2'], 'input features'),
  hidden: hiddenLayers,
  activation: oneOf<HiddenActivation>(HIDDEN_ACTIVATIONS, 'tanh', 'activation'),
  output: oneOf<OutputName>(OUTPUTS, 'sigmoid-bce', 'output and loss'),
  lr: numberFrom(LEARNING_RATES, 0.03, 'learning rate'),
  batch: integerIn(1, 30, 10, 'batch size'),
  reg: oneOf<Regularization>(REGULARIZATIONS, 'none', 'regularisation'),
  regRate: numberFrom(REGULARIZATION_RATES, 0, 'regularisation rate'),
  hide: setOf<ControlName>(CONTROLS, [], 'hidden controls'),
  points: customPoints,
} satisfies Record<string, Field<never> | Field<unknown>>;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

const KEYS = Object.keys(SETTINGS) as SettingKey[];

export function defaultSettings(): Settings {
  return normalize(Object.fromEntries(KEYS.map((key) => [key, structuredClone(SETTINGS[key].default)])) as Settings);
}

/**
 * Settings that agree with each other: a set of more than two classes needs the softmax output;
 * custom points exist only for the custom data set; a network needs at least one input.
 */
export function normalize(settings: Settings): Settings {
  const next = { ...settings };
  if (next.data !== 'custom') next.points = [];
  if (next.features.length === 0) next.features = ['x1'];
  next.features = orderedFeatures(next.features);
  if (classesOf(next) > 2) next.output = 'softmax-ce';
  return next;
}

/** How many classes the settings' data has (without generating it). */
export function classesOf(settings: Pick<Settings, 'data' | 'points'>): number {
  if (settings.data === 'clusters') return 3;
  if (settings.data !== 'custom') return 2;
  return Math.max(2, ...settings.points.map((sample) => sample.label + 1));
}

/** Every setting, in table order, as a query string. */
export function encodeSettings(settings: Settings): string {
  const query = new URLSearchParams();
  for (const key of KEYS) {
    if (key === 'points' && settings.data !== 'custom') continue;
    const field = SETTINGS[key] as Field<Settings[typeof key]>;
    query.set(key, field.format(settings[key]));
  }
  return query.toString();
}

export interface DecodedSettings {
  settings: Settings;
  /** Parameters that were present but unreadable, each replaced by its default, e.g. "noise=80". */
  ignored: string[];
}

/** Reads a link's query; missing settings take their defaults, unreadable ones too (and are reported). */
export function decodeSettings(query: URLSearchParams): DecodedSettings {
  const settings = defaultSettings() as Record<SettingKey, unknown>;
  const ignored: string[] = [];
  for (const key of KEYS) {
    const text = query.get(key);
    if (text === null) continue;
    const value = SETTINGS[key].parse(text);
    const limit = SETTINGS[key].limit;
    if (value === undefined) ignored.push(`${key}=${text.length > 24 ? `${text.slice(0, 24)}…` : text}${limit === undefined ? '' : `: ${limit}`}`);
    else settings[key] = value;
  }
  return { settings: normalize(settings as Settings), ignored };
}
