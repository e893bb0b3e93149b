/**
 * `tracegrad autograde`: what the Gradescope bundle's run_autograder runs for each submission.
 * It finds the submitting student's problem by roster id or email from Gradescope's metadata,
 * grades their answers.json and writes results.json. Whatever goes wrong (no metadata, a student
 * not on the roster, an empty or broken answers file, broken course files) the student gets a
 * results file with score 0 and one sentence saying why, never an autograder failure.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonText } from '../../data/json-text';
import { parseProblem } from '../../data/problem';
import { parseRoster, type Roster, type Student } from '../../data/roster';
import { gradeSubmissionText, type StudentProblem } from '../../nn/gradebook';
import { ROSTER_FILE } from '../../nn/course';
import { runProblem } from '../../nn/run';
import { DEFAULT_TOLERANCE } from '../../nn/grading';
import { checkGradescope, gradescopeFailure } from '../check-report';
import { CliError, errorLine, EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { readText } from '../files';
import { ioReason } from '../input';
import { parseCommandLine } from '../options';

/** The Gradescope root; tests point it elsewhere. */
export const ROOT_VARIABLE = 'TRACEGRAD_AUTOGRADER_ROOT';
const DEFAULT_ROOT = '/autograder';
/**
 * The bundle keeps every student's problem in one file, keyed by id, next to roster.csv: a folder
 * per student would need each unzip tool to read UTF-8 names alike, and some do not.
 */
export const BUNDLED_PROBLEMS = 'problems.json';

interface Submitter {
  email?: string;
  sid?: string;
}

const reasonOf = (error: unknown): string => errorLine(error).replace(/^tracegrad: /, '');

/** The people on the submission, from Gradescope's submission_metadata.json (`users`). */
function submitters(metadata: unknown): Submitter[] {
  const users = typeof metadata === 'object' && metadata !== null && 'users' in metadata ? metadata.users : undefined;
  if (!Array.isArray(users)) return [];
  return users.flatMap((user: unknown): Submitter[] => {
    if (typeof user !== 'object' || user === null) return [];
    const field = (key: string): string | undefined => {
      const value: unknown = (user as Record<string, unknown>)[key];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
    };
    const email = field('email');
    const sid = field('sid');
    return [{ ...(email !== undefined && { email }), ...(sid !== undefined && { sid }) }];
  });
}

/** The first submitter on the roster: by id = student id, id = email, or the roster's email column. */
export function findStudent(roster: Roster, people: readonly Submitter[]): Student | undefined {
  const emailColumn = roster.columns.findIndex((name) => name.toLowerCase() === 'email');
  const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const person of people) {
    const found = roster.students.find(
      (student) =>
        (person.sid !== undefined && student.id === person.sid) ||
        (person.email !== undefined && (same(student.id, person.email) || (emailColumn >= 0 && same(student.fields[emailColumn]!, person.email)))),
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The answers file: answers.json, or the submission's only JSON file under another name. */
function answersFile(submissionDir: string): string | undefined {
  const preferred = join(submissionDir, 'answers.json');
  let names: string[];
  try {
    names = readdirSync(submissionDir);
  } catch {
    return undefined;
  }
  if (names.includes('answers.json')) return preferred;
  const json = names.filter((name) => /\.json$/i.test(name));
  return json.length === 1 ? join(submissionDir, json[0]!) : undefined;
}

/** The roster the bundle carries; throws (with a reason) when it cannot be read. */
function readRoster(courseDir: string): Roster {
  return parseRoster(readText(join(courseDir, ROSTER_FILE)));
}

/** One student's problem and key from the bundle's problems.json. */
function readStudentProblem(courseDir: string, id: string): StudentProblem {
  const problems = JSON.parse(readText(join(courseDir, BUNDLED_PROBLEMS))) as unknown;
  const raw = typeof problems === 'object' && problems !== null && Object.hasOwn(problems, id) ? (problems as Record<string, unknown>)[id] : undefined;
  if (raw === undefined) throw new CliError(`${BUNDLED_PROBLEMS} has no problem for ${id}`);
  const problem = parseProblem(raw);
  return { problem, key: runProblem(problem).result };
}

function results(root: string, courseDir: string): object {
  let metadata: unknown;
  try {
    metadata = JSON.parse(readText(join(root, 'submission_metadata.json'))) as unknown;
  } catch (error) {
    return gradescopeFailure(`The autograder could not read the submission's metadata (${reasonOf(error)}), so it cannot tell whose problem to grade: please tell your instructor.`);
  }
  const broken = (error: unknown): object => gradescopeFailure(`The autograder's course files could not be read (${reasonOf(error)}), so nothing was graded: please tell your instructor.`);
  let roster: Roster;
  try {
    roster = readRoster(courseDir);
  } catch (error) {
    return broken(error);
  }
  const people = submitters(metadata);
  const student = findStudent(roster, people);
  if (student === undefined) {
    const who = people.map((person) => [person.email, person.sid].filter((part) => part !== undefined).join(', ')).join('; ') || 'no name in the metadata';
    return gradescopeFailure(`You (${who}) are not on this assignment's roster, so there is no problem of yours to grade: please ask your instructor to add you.`);
  }
  let problem: StudentProblem;
  try {
    problem = readStudentProblem(courseDir, student.id);
  } catch (error) {
    return broken(error);
  }
  const file = answersFile(join(root, 'submission'));
  if (file === undefined) return gradescopeFailure('Your submission has no answers.json: upload your answers as one JSON file named answers.json.');
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    return gradescopeFailure(`Your answers file could not be read (${reasonOf(error)}).`);
  }
  const graded = gradeSubmissionText(text, problem, DEFAULT_TOLERANCE);
  if (!('grading' in graded)) return gradescopeFailure(`Your answers file could not be graded: ${graded.message}.`);
  return checkGradescope(graded.grading, { showExpected: false, tolerance: DEFAULT_TOLERANCE });
}

export const autograde: Command = {
  name: 'autograde',
  summary: 'grade one Gradescope submission (what the bundle from tracegrad gradescope runs)',
  usage: `Usage: tracegrad autograde [--root DIR] [--course DIR]

Grades one Gradescope submission: reads ROOT/submission_metadata.json, finds the submitting
student on the course's roster by id (Gradescope's student id or email) or by the roster's email
column, grades ROOT/submission/answers.json against that student's problem and writes
ROOT/results/results.json. Every failure is written there too, as score 0 with one sentence.

  --root DIR     the Gradescope root (default $${ROOT_VARIABLE}, else ${DEFAULT_ROOT})
  --course DIR   the bundle's course folder, roster.csv and ${BUNDLED_PROBLEMS} (default ROOT/source/course)
`,
  run(args) {
    const { values } = parseCommandLine('autograde', { args, options: { root: { type: 'string' }, course: { type: 'string' } } });
    const root = values.root ?? process.env[ROOT_VARIABLE] ?? DEFAULT_ROOT;
    const courseDir = values.course ?? join(root, 'source', 'course');
    const report = results(root, courseDir);
    const resultsDir = join(root, 'results');
    try {
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(join(resultsDir, 'results.json'), jsonText(report));
    } catch (error) {
      throw new CliError(`${resultsDir}: cannot write results.json: ${ioReason(error)}`);
    }
    return EXIT_OK;
  },
};
