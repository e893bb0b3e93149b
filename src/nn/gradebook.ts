/**
 * Grading a course: every student on the roster against their own problem, from a set of answer
 * files named `<id>.json`, into one gradebook. `tracegrad grade` reads the files from folders and
 * the instructors' part of the check page from a dropped folder or ZIP; both hand the texts here.
 *
 * Each row has a status: `graded` (the file was read and fits the problem), `missing` (a student on
 * the roster with no file), `malformed` (not JSON, not an object, or not shaped like the problem's
 * answers: the reason goes in `message`) or `unknown` (a file whose id is not on the roster).
 */
import { escapeControlCharacters } from '../data/control-characters';
import { csvText, spreadsheetText } from '../data/csv';
import type { Problem } from '../data/problem';
import type { GradResult } from '../data/result';
import { otherColumns, otherFields, type Roster } from '../data/roster';
import { AnswersError, gradeAnswers, type Grading, type Tolerance } from './grading';

export type Status = 'graded' | 'missing' | 'malformed' | 'unknown';

/** The gradebook's first columns, in this order; the roster's other columns follow, then `message`. */
export const GRADEBOOK_COLUMNS = ['id', 'status', 'correct', 'wrong', 'total', 'score'] as const;
export const MESSAGE_COLUMN = 'message';

/** An answers file larger than this is not a hand-worked sheet; it is refused unread. */
export const MAX_SUBMISSION_BYTES = 1_000_000;

export interface GradebookRow {
  id: string;
  status: Status;
  correct: number;
  wrong: number;
  /** The numbers graded: every number the sheet gives (missing and null entries are not graded). */
  total: number;
  /** correct / total for a graded sheet that gives any number; 0 otherwise. */
  score: number;
  /** The roster's other columns for this student (empty for an unknown file). */
  others: string[];
  /** Why a malformed file could not be graded; empty for the other statuses. */
  message: string;
  /** The grading itself, for a graded row (feedback is written from it). */
  grading?: Grading;
}

/** One student's problem and its answer key, the result of running it. */
export interface StudentProblem {
  problem: Problem;
  key: GradResult;
}

/** A submitted file: its text, or why it could not be read. */
export type Submission = { text: string } | { unreadable: string };

/** The id an answers file stands for (`alice.json` → `alice`), or undefined for any other file. */
export function submissionId(fileName: string): string | undefined {
  const match = /^(.+)\.json$/i.exec(fileName);
  // Folder listings on macOS may spell an accented name decomposed; rosters are typed composed.
  return match === null || fileName.startsWith('.') ? undefined : match[1]!.normalize('NFC');
}


/** Grades one answers file's text; the reason in one sentence when it cannot be graded. */
export function gradeSubmissionText(text: string, student: StudentProblem, tolerance: Tolerance): { grading: Grading } | { message: string } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { message: 'the file is empty' };
  let answers: unknown;
  try {
    answers = JSON.parse(body) as unknown;
  } catch (error) {
    return { message: `not valid JSON: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}` };
  }
  try {
    return { grading: gradeAnswers(answers, student.problem, student.key, tolerance) };
  } catch (error) {
    if (error instanceof AnswersError) return { message: escapeControlCharacters(error.message) };
    throw error;
  }
}

function row(id: string, status: Status, others: string[], fields: { grading?: Grading; message?: string } = {}): GradebookRow {
  const { grading, message = '' } = fields;
  const correct = grading?.correct ?? 0;
  const wrong = grading?.wrong ?? 0;
  const total = correct + wrong;
  return { id, status, correct, wrong, total, score: total === 0 ? 0 : correct / total, others, message, ...(grading && { grading }) };
}

/**
 * The gradebook: one row per student in roster order, then one per file not on the roster in
 * the order of their ids. `submissions` maps an id to its file.
 */
export function gradeCourse(roster: Roster, problems: ReadonlyMap<string, StudentProblem>, submissions: ReadonlyMap<string, Submission>, tolerance: Tolerance): GradebookRow[] {
  const rows = roster.students.map((student) => {
    const others = otherFields(roster, student);
    const submission = submissions.get(student.id);
    if (submission === undefined) return row(student.id, 'missing', others);
    if ('unreadable' in submission) return row(student.id, 'malformed', others, { message: submission.unreadable });
    const problem = problems.get(student.id);
    if (problem === undefined) throw new Error(`no problem for ${student.id}`);
    const graded = gradeSubmissionText(submission.text, problem, tolerance);
    return 'grading' in graded ? row(student.id, 'graded', others, { grading: graded.grading }) : row(student.id, 'malformed', others, { message: graded.message });
  });
  const onRoster = new Set(roster.students.map((student) => student.id));
  const blank = otherColumns(roster).map(() => '');
  const unknown = [...submissions.keys()].filter((id) => !onRoster.has(id)).sort();
  // A file name can hold control characters (ESC rewrites a terminal); the gradebook shows them escaped.
  return [...rows, ...unknown.map((id) => row(escapeControlCharacters(id), 'unknown', blank))];
}

/**
 * The gradebook as CSV: id, status, correct, wrong, total, score, the roster's other columns,
 * message. Text that came from students or the roster is written so a spreadsheet shows it rather
 * than running it (spreadsheetText).
 */
export function gradebookCsv(roster: Roster, rows: readonly GradebookRow[]): string {
  const header = [...GRADEBOOK_COLUMNS, ...otherColumns(roster), MESSAGE_COLUMN].map(spreadsheetText);
  return csvText([
    header,
    ...rows.map((r) => [
      spreadsheetText(r.id), r.status, String(r.correct), String(r.wrong), String(r.total), String(r.score),
      ...r.others.map(spreadsheetText), spreadsheetText(r.message),
    ]),
  ]);
}

/** One line for a person: how many of each status. */
export function gradebookSummary(rows: readonly GradebookRow[]): string {
  const count = (status: Status): number => rows.filter((r) => r.status === status).length;
  const students = rows.length - count('unknown');
  const unknown = count('unknown');
  return `${students} student${students === 1 ? '' : 's'}: ${count('graded')} graded, ${count('missing')} missing, ${count('malformed')} malformed; ${unknown} file${unknown === 1 ? '' : 's'} not on the roster.`;
}
