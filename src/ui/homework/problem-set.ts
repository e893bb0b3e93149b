/**
 * A problem set for a class: one problem per seed, exactly what `tracegrad new` writes for the same
 * options (the same generator, the same answer key, the same JSON text, byte for byte), with a
 * worked solution for each, packed as one archive.
 */
import { generateProblem, type GenerateOptions } from '../../data/generate';
import { LIMITS, checkLimit } from '../../data/limits';
import type { Problem } from '../../data/problem';
import type { ZipEntry } from '../../data/zip';
import { Trace } from '../../engine/trace';
import { jsonText, problemFileText } from '../../data/json-text';
import { runProblem, traceProblem } from '../../nn/run';
import { traceToLatex, traceToMarkdown } from '../../nn/trace-export';

export interface ProblemSetOptions extends Omit<GenerateOptions, 'seed'> {
  firstSeed: number;
  lastSeed: number;
}

/** A set larger than a big lecture course is more likely a typo than a plan; it would also be slow. */
export const MAX_PROBLEMS = 500;

export interface SetMember {
  seed: number;
  problem: Problem;
  /** The problem file, as `tracegrad new --out` writes it. */
  problemText: string;
  /** The answer key, as `tracegrad new --answers` (= `tracegrad grad --json`) writes it. */
  keyText: string;
}

export class ProblemSetError extends Error {
  override name = 'ProblemSetError';
}

export function seedsOf({ firstSeed, lastSeed }: Pick<ProblemSetOptions, 'firstSeed' | 'lastSeed'>): number[] {
  if (!Number.isInteger(firstSeed) || !Number.isInteger(lastSeed) || firstSeed < 0 || lastSeed > 0xffffffff) {
    throw new ProblemSetError(`seeds must be whole numbers from 0 to 4294967295, not ${firstSeed} to ${lastSeed}`);
  }
  if (lastSeed < firstSeed) throw new ProblemSetError(`the last seed (${lastSeed}) comes before the first (${firstSeed})`);
  const count = lastSeed - firstSeed + 1;
  if (count > MAX_PROBLEMS) throw new ProblemSetError(`seeds ${firstSeed} to ${lastSeed} make ${count} problems; at most ${MAX_PROBLEMS} at a time`);
  return Array.from({ length: count }, (_unused, i) => firstSeed + i);
}

/** The `GenerateOptions` for one seed; `learningRate` and `batch` only when given, as the CLI does. */
function optionsFor(options: ProblemSetOptions, seed: number): GenerateOptions {
  const generate: GenerateOptions = { sizes: options.sizes, activations: options.activations, loss: options.loss, seed };
  if (options.learningRate !== undefined) generate.learningRate = options.learningRate;
  if (options.batch !== undefined) generate.batch = options.batch;
  return generate;
}

/**
 * Refuses a set too large to show or pack (LimitError) from its options alone, before a single
 * weight is drawn: layer sizes like 3000,3000 or a batch of 1e9 crashed the tab while generating.
 */
export function checkSetSize(options: ProblemSetOptions, problems: number): void {
  const samples = options.batch ?? 1;
  // A size or batch that is not a whole number at all is generateProblem's to explain.
  if (![...options.sizes, samples].every(Number.isSafeInteger)) return;
  options.sizes.forEach((size, i) => checkLimit(LIMITS.layerUnits, size, `layer size ${i + 1} of ${options.sizes.join(',')}`));
  if (options.batch !== undefined) checkLimit(LIMITS.batchSamples, samples, 'the batch');
  let weights = 0;
  for (let i = 1; i < options.sizes.length; i++) weights += options.sizes[i - 1]! * options.sizes[i]!;
  checkLimit(LIMITS.problemSetWork, weights * samples, 'each problem');
  checkLimit(LIMITS.problemSetTotalWork, problems * weights * samples, `the set of ${problems} problems`);
}

export function makeProblemSet(options: ProblemSetOptions): SetMember[] {
  const seeds = seedsOf(options);
  checkSetSize(options, seeds.length);
  return seeds.map((seed) => {
    const problem = generateProblem(optionsFor(options, seed));
    return { seed, problem, problemText: problemFileText(problem), keyText: jsonText(runProblem(problem).result) };
  });
}

/** The `tracegrad new` command that makes the same problem, for the archive's read-me. */
export function cliCommand(options: ProblemSetOptions, seed: number): string {
  const parts = [
    'tracegrad new',
    `--sizes ${options.sizes.join(',')}`,
    `--activations ${options.activations.join(',')}`,
    `--loss ${options.loss}`,
    `--seed ${seed}`,
  ];
  if (options.learningRate !== undefined) parts.push(`--learning-rate ${options.learningRate}`);
  if (options.batch !== undefined) parts.push(`--batch ${options.batch}`);
  return parts.join(' ');
}

const fileStem = (seed: number): string => `seed-${seed}`;

/** Every file of the archive: problems, answer keys, worked solutions (Markdown and LaTeX), a read-me. */
export function problemSetFiles(members: readonly SetMember[], options: ProblemSetOptions): ZipEntry[] {
  const files: ZipEntry[] = [];
  for (const member of members) {
    const stem = fileStem(member.seed);
    const trace = new Trace(traceProblem(member.problem).trace);
    const exportOptions = { problem: member.problem, title: `Backpropagation, step by step: problem ${stem}` };
    files.push(
      { name: `problems/${stem}.json`, content: member.problemText },
      { name: `keys/${stem}.json`, content: member.keyText },
      { name: `solutions/${stem}.md`, content: traceToMarkdown(trace, exportOptions) },
      { name: `solutions/${stem}.tex`, content: traceToLatex(trace, exportOptions) },
    );
  }
  const first = members[0];
  const readme = [
    'A tracegrad problem set.',
    '',
    'problems/  one problem file per student (give out these)',
    'keys/      the answer keys: what `tracegrad grad --json` prints (keep these)',
    'solutions/ worked solutions, every step of the backward pass (Markdown and LaTeX)',
    '',
    'Grade a student\'s answers with',
    '  tracegrad check problems/seed-N.json their-answers.json',
    'or in the browser on the "Check my answers" page.',
    '',
    first === undefined ? '' : `Each file is what tracegrad new writes for its seed, e.g.\n  ${cliCommand(options, first.seed)} --out problems/${fileStem(first.seed)}.json --answers keys/${fileStem(first.seed)}.json`,
    '',
  ].join('\n');
  return [{ name: 'README.txt', content: readme }, ...files];
}
