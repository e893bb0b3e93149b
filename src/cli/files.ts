/**
 * Reading and writing the files commands name. Every failure becomes a CliError that starts with
 * the file's name, so a message points at the file as well as at the place inside it.
 * The name `-` means standard input, so commands can be piped together.
 */
import { writeFileSync } from 'node:fs';
import { LIMITS, LimitError, checkLimit, problemOperations, type Limit } from '../data/limits';
import { parseJsonText } from '../data/json-text';
import { parseProblemText, ProblemError, type Problem } from '../data/problem';
import { EngineError } from '../engine/value';
import { CliError, engineMessageText } from './cli-error';
import { displayName, ioReason, readTextCapped } from './input';

export { displayName };

/** A text file a command reads (problem, answers, roster), at most LIMITS.cliFileBytes long. */
export function readText(path: string): string {
  return readTextCapped(path, LIMITS.cliFileBytes);
}

export function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`${path}: cannot write: ${ioReason(error)}`);
  }
}

/**
 * The problem in the file at `path`, refused before any work when its network is larger than the
 * command takes: more layers, output units or samples than anything may have, or more operations
 * (problemOperations) than `work` (grad and check by default; gradcheck and trace take less).
 */
export function readProblem(path: string, work: Limit = LIMITS.cliWork): Problem {
  const text = readText(path);
  try {
    const problem = parseProblemText(text);
    checkLimit(LIMITS.layers, problem.layers.length, 'the network');
    checkLimit(LIMITS.classes, problem.layers[problem.layers.length - 1]!.weights.length, 'the network');
    checkLimit(LIMITS.cliSamples, problem.inputs.length, 'the batch');
    checkLimit(work, problemOperations(problem), 'the network');
    return problem;
  } catch (error) {
    if (error instanceof ProblemError || error instanceof LimitError) throw new CliError(`${displayName(path)}: ${error.message}`);
    throw error;
  }
}

/**
 * Runs `compute` (an engine on the problem read from `path`) and reports an engine's refusal (a
 * value that overflowed, a log of 0) as the file's fault, its node names in plain text.
 */
export function computeFor<T>(path: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof EngineError) throw new CliError(`${displayName(path)}: ${engineMessageText(error.message)}`);
    throw error;
  }
}

/** Any JSON file; what it must contain is the caller's to check. */
export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return parseJsonText(text);
  } catch (error) {
    throw new CliError(`${displayName(path)}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
