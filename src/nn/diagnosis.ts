/**
 * What a wrong number most likely is. Within 1 % of the answer it is a rounding slip (and the
 * diagnosis says how many significant figures pass). Otherwise, when it equals (within the grading
 * tolerance) what one of the known mistakes gives, re-run on the problem by mistakes.ts, it is
 * named by that mistake. A number several mistakes would give is named by the one the sheet
 * supports best: the numbers it explains, less the right numbers it would have changed. So updated
 * weights W + α∇ are an uphill step beside right gradients and a flipped sign beside flipped ones.
 */
import type { Problem } from '../data/problem';
import type { GradResult } from '../data/result';
import { mistakenResult, MISTAKES, possibleMistakes, type MistakeKind } from './mistakes';

export type DiagnosisKind = 'rounding' | MistakeKind;

export interface Diagnosis {
  kind: DiagnosisKind;
  /** One sentence for the student. */
  text: string;
}

/** What `diagnose` needs of a graded number. */
export interface DiagnosedItem {
  path: string;
  given: number;
  expected: number;
  ok: boolean;
  diagnosis?: Diagnosis;
}

interface Tolerance {
  rtol: number;
  atol: number;
}

/** Within this relative distance of the answer a wrong number is taken for a rounding slip. */
export const ROUNDING_BAND = 0.01;

const close = (given: number, expected: number, { rtol, atol }: Tolerance): boolean => Math.abs(given - expected) <= atol + rtol * Math.abs(expected);

/** The fewest significant figures at which the answer, rounded, still passes the tolerance. */
export function figuresToKeep(expected: number, tolerance: Tolerance): number {
  for (let figures = 1; figures < 17; figures++) {
    if (close(Number(expected.toPrecision(figures)), expected, tolerance)) return figures;
  }
  return 17;
}

const MISTAKE_TEXT: Record<MistakeKind, string> = {
  'sigma-prime-omitted': 'This is what you get when the factor σ′(a) is left out of δ: δ of a layer is the error sent back times σ′ at that layer\'s a, e.g. z(1 − z) for a sigmoid.',
  'sigma-prime-at-z': 'This is what you get with σ′ evaluated at z instead of a: the factor is σ′(a), which for a sigmoid is z(1 − z), not σ′(z) = σ(z)(1 − σ(z)).',
  'sign-flipped': 'This is what you get with the sign of (ŷ − y) flipped: the output error is ŷ − y, not y − ŷ.',
  'not-transposed': 'This is what you get when W is not transposed as δ is sent back: a layer\'s δ takes (W of the layer above)ᵀ times δ of the layer above.',
  'batch-mean-dropped': 'This is what you get when the batch mean\'s 1/B is left out: ℒ = (1/B) Σᵢ ℓ⁽ⁱ⁾, so every δ and every gradient carries the factor 1/B.',
  'same-layer-activation': 'This is what you get with z of the same layer where the layer\'s input belongs: ∂ℒ/∂W⁽ˡ⁾_jk = δ⁽ˡ⁾_j z⁽ˡ⁻¹⁾_k, the activation of the layer below (x for layer 1).',
  uphill: 'This is what you get with the step taken uphill: the update is W − α ∂ℒ/∂W, not W + α ∂ℒ/∂W.',
};

function roundingText(figures: number): string {
  return `Within 1 % of the answer, so a rounding slip: give ${figures} significant figure${figures === 1 ? '' : 's'} (and carry more through the working).`;
}

/** Each path's steps, read once: a class's sheets share their paths, and each is looked up per mistake. */
const stepsOfPath = new Map<string, (string | number)[]>();

function stepsOf(path: string): (string | number)[] {
  let steps = stepsOfPath.get(path);
  if (steps === undefined) {
    steps = [...path.matchAll(/([A-Za-z]+)|\[(\d+)\]/g)].map(([, key, index]) => key ?? Number(index));
    stepsOfPath.set(path, steps);
  }
  return steps;
}

/** The number at a sheet path such as `layers[1].gradWeights[0][1]`, or undefined. */
function valueAt(result: GradResult, path: string): number | undefined {
  let value: unknown = result;
  for (const step of stepsOf(path)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return typeof value === 'number' ? value : undefined;
}

/** Fills in `diagnosis` on every wrong item that has one; right items are left alone. */
export function diagnose(items: readonly DiagnosedItem[], problem: Problem, key: GradResult, tolerance: Tolerance): void {
  const wrong = items.filter((item) => !item.ok);
  if (wrong.length === 0) return;
  const rounding = wrong.filter((item) => Math.abs(item.given - item.expected) <= ROUNDING_BAND * Math.abs(item.expected));
  for (const item of rounding) item.diagnosis = { kind: 'rounding', text: roundingText(figuresToKeep(item.expected, tolerance)) };

  const rest = wrong.filter((item) => item.diagnosis === undefined);
  if (rest.length === 0) return;
  const right = items.filter((item) => item.ok);
  const candidates = new Map<DiagnosedItem, Set<MistakeKind>>(rest.map((item) => [item, new Set()]));
  // A right number that every way of making a mistake would have changed speaks against it.
  const changedByAll = new Map<MistakeKind, Set<DiagnosedItem>>();
  for (const mistake of possibleMistakes(problem)) {
    const result = mistakenResult(problem, key, mistake);
    const changes = (item: DiagnosedItem, value: number | undefined): boolean => value === undefined || !Number.isFinite(value) || !close(value, item.expected, tolerance);
    for (const item of rest) {
      const value = valueAt(result, item.path);
      // The mistake must change this number, and the student's number must be what it gives.
      if (changes(item, value) && value !== undefined && close(item.given, value, tolerance)) candidates.get(item)!.add(mistake.kind);
    }
    const changed = new Set(right.filter((item) => changes(item, valueAt(result, item.path))));
    const earlier = changedByAll.get(mistake.kind);
    changedByAll.set(mistake.kind, earlier === undefined ? changed : new Set([...earlier].filter((item) => changed.has(item))));
  }
  const support = new Map<MistakeKind, number>(MISTAKES.map((kind) => [kind, -(changedByAll.get(kind)?.size ?? 0)]));
  for (const kinds of candidates.values()) for (const kind of kinds) support.set(kind, support.get(kind)! + 1);
  for (const [item, kinds] of candidates) {
    // The best supported mistake among this number's candidates; ties go to the list's order.
    let best: MistakeKind | undefined;
    for (const kind of MISTAKES) if (kinds.has(kind) && (best === undefined || support.get(kind)! > support.get(best)!)) best = kind;
    if (best !== undefined) item.diagnosis = { kind: best, text: MISTAKE_TEXT[best] };
  }
}
