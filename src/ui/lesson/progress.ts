/**
 * Lesson progress as saved in the browser: per lesson, which steps have been seen and which
 * exercises solved. What comes back from storage is untrusted (an older version of the app, a
 * hand edit, a half-written value), so `loadProgress` validates everything and, when anything is
 * off, starts afresh and says why instead of crashing or half-trusting it.
 */

export const PROGRESS_KEY = 'tracegrad.lessons.progress';
export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  /** 0-based indices of the steps that have been on screen, ascending, no repeats. */
  seen: number[];
  /** Ids of the exercises answered correctly, in the order solved. */
  solved: string[];
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
}

export interface LoadedProgress {
  progress: Progress;
  /** Set when saved data was there but unusable, and so discarded; meant to be shown. */
  notice?: string;
}

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, lessons: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_STEPS = 10_000;

function validLesson(value: unknown): LessonProgress | undefined {
  if (!isRecord(value)) return undefined;
  const { seen, solved } = value;
  if (!Array.isArray(seen) || !Array.isArray(solved)) return undefined;
  if (!seen.every((step): step is number => Number.isInteger(step) && step >= 0 && step < MAX_STEPS)) return undefined;
  if (!solved.every((id): id is string => typeof id === 'string' && id.length > 0 && id.length < 200)) return undefined;
  return { seen: [...new Set(seen)].sort((a, b) => a - b), solved: [...new Set(solved)] };
}

const DISCARDED = 'Your saved lesson progress could not be read';

/** Reads what `localStorage.getItem(PROGRESS_KEY)` returned (null when nothing was saved). */
export function loadProgress(raw: string | null): LoadedProgress {
  if (raw === null) return { progress: emptyProgress() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { progress: emptyProgress(), notice: `${DISCARDED} (it was damaged), so it was reset.` };
  }
  if (!isRecord(parsed) || typeof parsed['version'] !== 'number') {
    return { progress: emptyProgress(), notice: `${DISCARDED} (it is not progress data), so it was reset.` };
  }
  if (parsed['version'] !== PROGRESS_VERSION) {
    return { progress: emptyProgress(), notice: `${DISCARDED} (it was saved by another version of tracegrad), so it was reset.` };
  }
  const lessons = parsed['lessons'];
  if (!isRecord(lessons)) return { progress: emptyProgress(), notice: `${DISCARDED} (its lesson list is missing), so it was reset.` };
  const progress = emptyProgress();
  for (const [id, entry] of Object.entries(lessons)) {
    const lesson = validLesson(entry);
    if (lesson === undefined) return { progress: emptyProgress(), notice: `${DISCARDED} (the entry for "${id.slice(0, 40)}" is damaged), so it was reset.` };
    progress.lessons[id] = lesson;
  }
  return { progress };
}

export function serializeProgress(progress: Progress): string {
  return JSON.stringify(progress);
}

/** A new Progress with step `step` of `lessonId` marked seen (unchanged object when it already was). */
export function markSeen(progress: Progress, lessonId: string, step: number): Progress {
  const lesson = progress.lessons[lessonId] ?? { seen: [], solved: [] };
  if (lesson.seen.includes(step)) return progress;
  const seen = [...lesson.seen, step].sort((a, b) => a - b);
  return { ...progress, lessons: { ...progress.lessons, [lessonId]: { ...lesson, seen } } };
}

/** A new Progress with exercise `exerciseId` of `lessonId` marked solved. */
export function markSolved(progress: Progress, lessonId: string, exerciseId: string): Progress {
  const lesson = progress.lessons[lessonId] ?? { seen: [], solved: [] };
  if (lesson.solved.includes(exerciseId)) return progress;
  return { ...progress, lessons: { ...progress.lessons, [lessonId]: { ...lesson, solved: [...lesson.solved, exerciseId] } } };
}

/**
 * Everything either side has recorded: per lesson, the union of seen steps and of solved exercises
 * (`mine`'s order first). Progress only ever grows, so two tabs that each wrote their own
 * steps lose nothing when merged, whichever wrote last. Returns `mine` itself when `theirs` adds nothing.
 */
export function mergeProgress(mine: Progress, theirs: Progress): Progress {
  let lessons: Record<string, LessonProgress> | undefined;
  for (const [id, other] of Object.entries(theirs.lessons)) {
    const own = mine.lessons[id] ?? { seen: [], solved: [] };
    const newSteps = other.seen.filter((step) => !own.seen.includes(step));
    const newSolved = other.solved.filter((exercise) => !own.solved.includes(exercise));
    if (newSteps.length === 0 && newSolved.length === 0 && mine.lessons[id] !== undefined) continue;
    lessons ??= { ...mine.lessons };
    lessons[id] = { seen: [...own.seen, ...newSteps].sort((a, b) => a - b), solved: [...own.solved, ...newSolved] };
  }
  return lessons === undefined ? mine : { ...mine, lessons };
}

export interface LessonSummary {
  seen: number;
  steps: number;
  solved: number;
  exercises: number;
  /** Every step seen and every exercise solved. */
  complete: boolean;
}

/** Counts only steps and exercises the lesson still has, so a shortened lesson never shows 9 of 8. */
export function summarize(progress: Progress, lessonId: string, stepCount: number, exerciseIds: readonly string[]): LessonSummary {
  const lesson = progress.lessons[lessonId];
  const seen = lesson ? lesson.seen.filter((step) => step < stepCount).length : 0;
  const solved = lesson ? lesson.solved.filter((id) => exerciseIds.includes(id)).length : 0;
  return { seen, steps: stepCount, solved, exercises: exerciseIds.length, complete: seen === stepCount && solved === exerciseIds.length };
}
