/**
 * How the command line fails: every problem becomes one line on stderr, `tracegrad: <what and
 * where>`, and an exit code a script can act on. Nothing ever reaches the user as a stack trace.
 */
import { escapeControlCharacters } from '../data/control-characters';
import { GenerateError } from '../data/generate';
import { LimitError } from '../data/limits';
import { MnistDataError } from '../data/mnist';
import { ProblemError } from '../data/problem';
import { texToText } from '../engine/tex';
import { TraceFormatError } from '../engine/trace';
import { EngineError } from '../engine/value';

export const EXIT_OK = 0;
/** A check ran and found wrong answers (or gradcheck found a wrong gradient, or mnist training diverged). */
export const EXIT_WRONG = 1;
/** Bad input or usage: nothing was checked. */
export const EXIT_BAD_INPUT = 2;

/** Bad input or usage, with a message that already says what is wrong and where. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Errors that describe the user's input, as opposed to a bug in tracegrad. */
function isInputError(error: unknown): error is Error {
  return error instanceof CliError || error instanceof ProblemError || error instanceof GenerateError || error instanceof EngineError || error instanceof TraceFormatError || error instanceof MnistDataError || error instanceof LimitError;
}

/**
 * An engine's message with its node names in plain text, as a terminal shows them: "a^{[2]}_{1}"
 * becomes "a⁽²⁾₁". Only names with scripts and TeX commands are converted, so words such as
 * half_sse stay as they are.
 */
export function engineMessageText(message: string): string {
  return message.replace(/\\?[A-Za-z]+(?:[\^_]\{[^{}]*\})+|\\mathcal\{[A-Za-z]\}|\\[A-Za-z]+/g, texToText);
}

/** A quoted string from a file (a key, a file name) longer than this is cut in messages. */
const QUOTED_MAX = 80;
/** And the whole line: a message must fit a terminal's scrollback, whatever the file held. */
const LINE_MAX = 2_000;

/** The message with long quoted text cut to its start, e.g. an answers key of five million characters. */
function shortened(message: string): string {
  const quotesCut = message.replace(/"([^"]*)"/g, (quoted, inner: string) =>
    inner.length > QUOTED_MAX ? `"${inner.slice(0, QUOTED_MAX)}…" (${inner.length} characters)` : quoted,
  );
  return quotesCut.length > LINE_MAX ? `${quotesCut.slice(0, LINE_MAX)}… (${quotesCut.length - LINE_MAX} more characters)` : quotesCut;
}

/**
 * The one line printed for a failure: line breaks are folded into one, and control characters
 * (which a message may quote from a file) are shown as escapes, never sent to the terminal.
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const plain = error instanceof EngineError ? engineMessageText(message) : message;
  const oneLine = shortened(escapeControlCharacters(plain.replace(/\s*\n\s*/g, ' ').trim()));
  return isInputError(error) ? `tracegrad: ${oneLine}` : `tracegrad: unexpected error (a bug in tracegrad, please report it): ${oneLine}`;
}
