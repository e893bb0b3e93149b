/**
 * Reading and writing the files commands name. Every failure becomes a CliError that starts with
 * the file's name, so a message points at the file as well as at the place inside it.
 * The name `-` means standard input, so commands can be piped together.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseProblemText, ProblemError, type Problem } from '../data/problem';
import { CliError } from './cli-error';

const STDIN = '-';

function reason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

export function readText(path: string): string {
  try {
    return readFileSync(path === STDIN ? 0 : path, 'utf8');
  } catch (error) {
    throw new CliError(`${displayName(path)}: cannot read: ${reason(error)}`);
  }
}

export function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`${path}: cannot write: ${reason(error)}`);
  }
}

/** The file's name as messages show it. */
export function displayName(path: string): string {
  return path === STDIN ? 'standard input' : path;
}

export function readProblem(path: string): Problem {
  const text = readText(path);
  try {
    return parseProblemText(text);
  } catch (error) {
    if (error instanceof ProblemError) throw new CliError(`${displayName(path)}: ${error.message}`);
    throw error;
  }
}

/** Any JSON file; what it must contain is the caller's to check. */
export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${displayName(path)}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
