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
import { jsonText } from '../data/json-text';
import { problemToJson } from '../data/problem';
import { rosterRecords, studentSeed, type Roster } from '../data/roster';
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
      { path: problemPath(student.id), content: jsonText(problemToJson(problem)) },
      { path: keyPath(student.id), content: jsonText(runProblem(problem).result) },
    );
  });
  return files;
}
