/**
 * A course's homework from its roster: one problem per student, seeded by the student's id, with
 * its answer key. `tracegrad new --roster` writes these files to a folder and the problem-set page
 * packs the same files, byte for byte, into a ZIP; both call `courseFiles`.
 *
 *   roster.csv          the roster's columns plus each student's seed
 *   <id>/problem.json   the student's problem, as `tracegrad new --seed <seed>` writes it
 *   <id>/key.json       its answer key, exactly what `tracegrad grad --json` prints
 */
import { csvText } from '../data/csv';
import { generateProblem, type GenerateOptions } from '../data/generate';
import { jsonText, problemFileText } from '../data/json-text';
import { parseProblemText, ProblemError } from '../data/problem';
import { parseRoster, RosterError, rosterRecords, studentSeed, type Roster } from '../data/roster';
import type { StudentProblem } from './gradebook';
import { runProblem } from './run';

export type CourseOptions = Omit<GenerateOptions, 'seed'>;

export interface CourseFile {
  /** The path inside the course folder, with `/` between folders. */
  path: string;
  content: string;
}

export const ROSTER_FILE = 'roster.csv';
export const problemPath = (id: string): string => `${id}/problem.json`;
export const keyPath = (id: string): string => `${id}/key.json`;

/** Every file of the course folder: the roster with seeds first, then each student's two files. */
export function courseFiles(roster: Roster, options: CourseOptions, salt = ''): CourseFile[] {
  const seeds = roster.students.map((student) => studentSeed(student.id, salt));
  const files: CourseFile[] = [{ path: ROSTER_FILE, content: csvText(rosterRecords(roster, seeds)) }];
  roster.students.forEach((student, i) => {
    const problem = generateProblem({ ...options, seed: seeds[i]! });
    files.push(
      { path: problemPath(student.id), content: problemFileText(problem) },
      { path: keyPath(student.id), content: jsonText(runProblem(problem).result) },
    );
  });
  return files;
}

export class CourseError extends Error {
  override name = 'CourseError';
}

/**
 * A course folder given as files (from a dropped folder or a ZIP): roster.csv and each student's
 * problem.json, under whatever folder holds roster.csv. Each problem's key is worked out again.
 */
export function courseFromFiles(files: ReadonlyMap<string, string>): { roster: Roster; problems: Map<string, StudentProblem> } {
  const rosterPaths = [...files.keys()].filter((path) => path === ROSTER_FILE || path.endsWith(`/${ROSTER_FILE}`));
  // The shallowest roster.csv is the course's; a zipped folder puts everything one level down.
  const rosterPath = rosterPaths.sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (rosterPath === undefined) throw new CourseError(`no ${ROSTER_FILE}: give the folder (or ZIP) that tracegrad new --roster or the problem-set page made`);
  const folder = rosterPath.slice(0, rosterPath.length - ROSTER_FILE.length);
  let roster: Roster;
  try {
    roster = parseRoster(files.get(rosterPath)!);
  } catch (error) {
    if (error instanceof RosterError) throw new CourseError(`${rosterPath}: ${error.message}`);
    throw error;
  }
  const problems = new Map<string, StudentProblem>();
  for (const student of roster.students) {
    const path = folder + problemPath(student.id);
    const text = files.get(path);
    if (text === undefined) throw new CourseError(`${path} is missing: the course has no problem for ${student.id}`);
    try {
      const problem = parseProblemText(text);
      problems.set(student.id, { problem, key: runProblem(problem).result });
    } catch (error) {
      if (error instanceof ProblemError) throw new CourseError(`${path}: ${error.message}`);
      throw error;
    }
  }
  return { roster, problems };
}
