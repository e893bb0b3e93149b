/**
 * What the app knows about a lesson before loading it: its front matter (title, order, objectives,
 * minutes) and what its Markdown declares (how many steps, which exercises). Read from the raw file
 * text, so the lessons index and the home page can show every lesson and its progress without
 * compiling a single one.
 *
 * Front matter is a small subset of YAML, enough for these four keys:
 *   ---
 *   title: The perceptron
 *   order: 1
 *   minutes: 20
 *   objectives:
 *     - Compute a perceptron's output by hand
 *   ---
 */

export interface LessonInfo {
  /** From the file name: `01-perceptron.md` is `perceptron` (a leading number only sorts files). */
  id: string;
  title: string;
  order: number;
  minutes: number;
  objectives: string[];
  /** How many `<Step` components the lesson has. */
  stepCount: number;
  /** The `id` of every exercise (`<Numeric`, `<Choice`, `<Formula`), in order. */
  exerciseIds: string[];
}

export class LessonFormatError extends Error {
  override name = 'LessonFormatError';
}

/** `/lessons/01-perceptron.md` → `perceptron`. */
export function lessonIdFromPath(path: string): string {
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.md$/, '').replace(/^\d+[-_]/, '');
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if ((trimmed.startsWith('"') && trimmed.endsWith('"')) || (trimmed.startsWith("'") && trimmed.endsWith("'"))) return trimmed.slice(1, -1);
  return trimmed;
}

/** The front matter's keys as strings or lists of strings; throws when there is none. */
export function readFrontMatter(text: string): Map<string, string | string[]> {
  const normalised = text.replaceAll('\r\n', '\n');
  if (!normalised.startsWith('---\n')) throw new LessonFormatError('the file does not start with front matter (a line "---")');
  const end = normalised.indexOf('\n---', 3);
  if (end === -1) throw new LessonFormatError('the front matter is never closed (no second "---" line)');
  const entries = new Map<string, string | string[]>();
  let listKey: string | undefined;
  normalised
    .slice(4, end)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '' || line.trim().startsWith('#')) return;
      const item = /^\s+-\s+(.*)$/.exec(line);
      if (item !== null) {
        const list = listKey === undefined ? undefined : entries.get(listKey);
        if (!Array.isArray(list)) throw new LessonFormatError(`front matter line ${i + 2}: a list item outside a list`);
        list.push(unquote(item[1]!));
        return;
      }
      const pair = /^([A-Za-z]+):\s*(.*)$/.exec(line);
      if (pair === null) throw new LessonFormatError(`front matter line ${i + 2} is not "key: value": ${line.trim()}`);
      const [, key, value] = pair as unknown as [string, string, string];
      if (value.trim() === '') {
        entries.set(key, []);
        listKey = key;
      } else {
        entries.set(key, unquote(value));
        listKey = undefined;
      }
    });
  return entries;
}

function positiveNumber(entries: Map<string, string | string[]>, key: string): number {
  const raw = entries.get(key);
  if (typeof raw !== 'string') throw new LessonFormatError(`front matter needs "${key}: <number>"`);
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new LessonFormatError(`front matter "${key}" must be a positive number, not "${raw}"`);
  return value;
}

/** Exercise components whose `id` counts towards a lesson's progress. */
export const EXERCISE_COMPONENTS = ['Numeric', 'Choice', 'Formula'] as const;

/** Reads a lesson file's text; throws LessonFormatError saying what is missing or wrong. */
export function parseLesson(path: string, text: string): LessonInfo {
  const entries = readFrontMatter(text);
  const title = entries.get('title');
  if (typeof title !== 'string' || title === '') throw new LessonFormatError('front matter needs "title: <text>"');
  const objectives = entries.get('objectives');
  if (!Array.isArray(objectives) || objectives.length === 0) throw new LessonFormatError('front matter needs "objectives:" with at least one "  - item"');
  const order = positiveNumber(entries, 'order');
  const minutes = positiveNumber(entries, 'minutes');
  const stepCount = (text.match(/<Step\b/g) ?? []).length;
  if (stepCount === 0) throw new LessonFormatError('the lesson has no <Step> components');
  const exerciseIds: string[] = [];
  const exercise = new RegExp(`<(${EXERCISE_COMPONENTS.join('|')})\\b([^>]*)>`, 'g');
  for (const match of text.matchAll(exercise)) {
    const id = /\bid="([^"]+)"/.exec(match[2] ?? '');
    if (id === null) throw new LessonFormatError(`a <${match[1]}> exercise has no id="…"`);
    if (exerciseIds.includes(id[1]!)) throw new LessonFormatError(`two exercises have the id "${id[1]}"`);
    exerciseIds.push(id[1]!);
  }
  return { id: lessonIdFromPath(path), title, order, minutes, objectives, stepCount, exerciseIds };
}

export interface Catalog {
  /** Sorted by `order`. */
  lessons: LessonInfo[];
  /** One line per file that could not be read, e.g. "lessons/03-x.md: front matter needs …". */
  problems: string[];
}

/** Reads every lesson file; a bad file is left out and reported rather than breaking the others. */
export function buildCatalog(files: Readonly<Record<string, string>>): Catalog {
  const lessons: LessonInfo[] = [];
  const problems: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    try {
      const lesson = parseLesson(path, text);
      const clash = lessons.find((other) => other.id === lesson.id || other.order === lesson.order);
      if (clash !== undefined) throw new LessonFormatError(`same ${clash.id === lesson.id ? 'id' : 'order'} as "${clash.id}"`);
      lessons.push(lesson);
    } catch (error) {
      if (!(error instanceof LessonFormatError)) throw error;
      problems.push(`${path.replace(/^\//, '')}: ${error.message}`);
    }
  }
  lessons.sort((a, b) => a.order - b.order);
  return { lessons, problems };
}
