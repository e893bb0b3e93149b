/**
 * Reading a course folder written by `tracegrad new --roster` (roster.csv and `<id>/problem.json`)
 * and a folder of answer files. A course folder that cannot be read is bad input (exit 2); an
 * answers file that cannot be read is only that student's problem, recorded for the gradebook.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { parseRoster, RosterError, type Roster } from '../data/roster';
import { MAX_SUBMISSION_BYTES, submissionId, type StudentProblem, type Submission } from '../nn/gradebook';
import { problemPath, ROSTER_FILE } from '../nn/course';
import { runProblem } from '../nn/run';
import { CliError } from './cli-error';
import { readProblem, readText } from './files';
import { ioReason } from './input';

export interface Course {
  roster: Roster;
  problems: Map<string, StudentProblem>;
}

export function readCourse(dir: string): Course {
  const rosterPath = join(dir, ROSTER_FILE);
  let roster: Roster;
  try {
    roster = parseRoster(readText(rosterPath));
  } catch (error) {
    if (error instanceof RosterError) throw new CliError(`${rosterPath}: ${error.message}`);
    throw error;
  }
  const problems = new Map<string, StudentProblem>();
  for (const student of roster.students) {
    const problem = readProblem(join(dir, problemPath(student.id)));
    problems.set(student.id, { problem, key: runProblem(problem).result });
  }
  return { roster, problems };
}

/** A file's text, never more than the cap: a larger file is refused without reading it all. */
function readSubmission(path: string): Submission {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { unreadable: 'cannot read the file: it is a folder' };
    if (stat.size > MAX_SUBMISSION_BYTES) return { unreadable: `the file is ${stat.size} bytes; an answers file is at most ${MAX_SUBMISSION_BYTES}` };
    const buffer = Buffer.alloc(stat.size);
    const length = readSync(fd, buffer, 0, stat.size, 0);
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    return { unreadable: `cannot read the file: ${ioReason(error)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface Submissions {
  byId: Map<string, Submission>;
  /** Files that are not `<id>.json` (notes, hidden files), left alone. */
  ignored: number;
}

/** Every `<id>.json` in the folder; the folder itself being unreadable is bad input. */
export function readSubmissions(dir: string): Submissions {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const why = code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'is a file, not a folder of answer files' : ioReason(error);
    throw new CliError(`${dir}: cannot read: ${why}`);
  }
  const byId = new Map<string, Submission>();
  let ignored = 0;
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const id = submissionId(entry.name);
    if (id === undefined || byId.has(id)) {
      ignored++;
      continue;
    }
    byId.set(id, readSubmission(join(dir, entry.name)));
  }
  return { byId, ignored };
}
