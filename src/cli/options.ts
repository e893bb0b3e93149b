/**
 * Command-line options: node's strict parseArgs, with its errors turned into one-line usage
 * messages, and the conversions from option text to numbers and names that every command shares.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** Parses `args` strictly (unknown options are errors); messages name the command. */
export function parseCommandLine<T extends ParseArgsConfig>(command: string, config: T): Parsed<T> {
  try {
    return parseArgs(config);
  } catch (error) {
    // Node's messages go on to explain `--`; the first sentence is the part that says what is wrong.
    const message = error instanceof Error ? error.message : String(error);
    // `--lr -1`: node takes -1 for an option and gives up; say how to write such a value.
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
    if (ambiguous !== null) {
      throw new CliError(`${command}: the value after ${ambiguous[1]} starts with "-"; write it as ${ambiguous[1]}=VALUE (see tracegrad ${command} --help)`);
    }
    const firstSentence = message.split(/\.\s/)[0]!.replace(/\.$/, '');
    throw new CliError(`${command}: ${firstSentence} (see tracegrad ${command} --help)`);
  }
}

/** Exactly the named positional arguments, in order: one string per name. */
export function requirePositionals<const Names extends readonly string[]>(command: string, positionals: readonly string[], names: Names): { [K in keyof Names]: string } {
  if (positionals.length < names.length) {
    throw new CliError(`${command}: missing ${names.slice(positionals.length).join(' and ')} (usage: tracegrad ${command} ${names.join(' ')} …)`);
  }
  if (positionals.length > names.length) throw new CliError(`${command}: unexpected argument "${positionals[names.length]}"`);
  return positionals as { [K in keyof Names]: string };
}

export function numberOption(value: string, flag: string): number {
  const number = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(number)) throw new CliError(`--${flag} must be a number, not "${value}"`);
  return number;
}

export function nonNegativeOption(value: string, flag: string): number {
  const number = numberOption(value, flag);
  if (number < 0) throw new CliError(`--${flag} must not be negative, not ${value}`);
  return number;
}

export function wholeNumberOption(value: string, flag: string): number {
  const number = numberOption(value, flag);
  if (!Number.isInteger(number)) throw new CliError(`--${flag} must be a whole number, not "${value}"`);
  return number;
}

/** One of a fixed set of names, e.g. an activation or a format. */
export function nameOption<Name extends string>(value: string, flag: string, names: readonly Name[]): Name {
  const found = names.find((name) => name === value);
  if (found === undefined) throw new CliError(`--${flag} must be one of ${names.join(', ')}, not "${value}"`);
  return found;
}

/** A comma-separated list, e.g. `--sizes 2,3,2`. */
export function listOption(value: string, flag: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new CliError(`--${flag} must be a comma-separated list without empty entries, not "${value}"`);
  return items;
}
