/** `tracegrad new`: a reproducible practice problem and its answer key, or one per student of a roster. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateProblem, type GenerateOptions } from '../../data/generate';
import { LIMITS, checkLimit, networkOperations } from '../../data/limits';
import { parseRoster, RosterError } from '../../data/roster';
import { courseFiles, type CourseOptions } from '../../nn/course';
import { ACTIVATIONS, LOSSES } from '../../data/problem';
import { runProblem } from '../../nn/run';
import { CliError, EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { displayName, readText, writeText } from '../files';
import { jsonText, problemFileText } from '../../data/json-text';
import { listOption, nameOption, nonNegativeOption, parseCommandLine, wholeNumberOption } from '../options';

export const newProblem: Command = {
  name: 'new',
  summary: 'make a reproducible practice problem (and its answer key) from a seed, or one per student of a roster',
  usage: `Usage: tracegrad new --sizes 2,3,2 --activations sigmoid,sigmoid --loss half_sse --seed 7
                     [--learning-rate 0.5] [--batch N] [--out FILE] [--answers KEY]
       tracegrad new --sizes … --activations … --loss … --roster ROSTER.csv --out-dir DIR [--salt S]
                     [--learning-rate 0.5] [--batch N]

Makes a problem file with weights, biases and inputs drawn uniformly from [-1, 1] and rounded to two
decimals, so it can be worked by hand. Targets suit the loss: for half_sse and mse they lie where
the output activation can reach (0.01–0.99 for sigmoid, 0–1 for relu, -1–1 otherwise); bce targets
are 0 or 1; cross_entropy targets are class indices (0-based). The same options and seed always
give the same file, byte for byte.

  --sizes         layer widths from the input to the output, e.g. 2,3,2
  --activations   one per layer: ${ACTIVATIONS.join(', ')}
                  (for cross_entropy the last may be left out: softmax is implied)
  --loss          ${LOSSES.join(', ')}
  --seed          a whole number from 0 to 4294967295
  --learning-rate include a learning rate, so the answer has one gradient-descent step
  --batch N       N samples (inputs/targets) instead of one (input/target)
  --out FILE      write the problem to FILE instead of standard output
  --answers KEY   also write the answer key (the output of tracegrad grad --json) to KEY

With --roster, one problem per student instead of one from --seed. ROSTER.csv is CSV with a header
row and an id column (other columns are kept). Each student's seed comes from the id and --salt
(default empty), so the same roster and options give the same files and a student added later
leaves everyone else's problem as it was. Written to DIR:
  DIR/<id>/problem.json   the student's problem
  DIR/<id>/key.json       its answer key (what tracegrad grad --json prints)
  DIR/roster.csv          the roster's columns plus seed
An id that is empty, repeated or not safe as a folder name is an error naming its line.
`,
  run(args) {
    const { values } = parseCommandLine('new', {
      args,
      options: {
        sizes: { type: 'string' },
        activations: { type: 'string' },
        loss: { type: 'string' },
        seed: { type: 'string' },
        'learning-rate': { type: 'string' },
        batch: { type: 'string' },
        out: { type: 'string' },
        answers: { type: 'string' },
        roster: { type: 'string' },
        'out-dir': { type: 'string' },
        salt: { type: 'string' },
      },
    });
    const { sizes, activations, loss, seed, roster } = values;
    const required = ['sizes', 'activations', 'loss', roster === undefined ? 'seed' : 'out-dir'] as const;
    const missing = required.filter((flag) => values[flag] === undefined);
    if (sizes === undefined || activations === undefined || loss === undefined || missing.length > 0) {
      throw new CliError(`new: missing ${missing.map((flag) => `--${flag}`).join(', ')} (see tracegrad new --help)`);
    }
    const shared: CourseOptions = {
      sizes: listOption(sizes, 'sizes').map((size) => wholeNumberOption(size, 'sizes')),
      activations: listOption(activations, 'activations').map((name) => nameOption(name, 'activations', ACTIVATIONS)),
      loss: nameOption(loss, 'loss', LOSSES),
    };
    if (values['learning-rate'] !== undefined) shared.learningRate = nonNegativeOption(values['learning-rate'], 'learning-rate');
    if (values.batch !== undefined) shared.batch = wholeNumberOption(values.batch, 'batch');
    checkGeneratedSize(shared);

    if (roster !== undefined) {
      const stray = (['seed', 'out', 'answers'] as const).find((flag) => values[flag] !== undefined);
      if (stray !== undefined) throw new CliError(`new: --${stray} does not go with --roster (each student's seed comes from the id; files go to --out-dir)`);
      writeCourse(roster, values['out-dir']!, shared, values.salt ?? '');
      return EXIT_OK;
    }
    const stray = (['out-dir', 'salt'] as const).find((flag) => values[flag] !== undefined);
    if (stray !== undefined) throw new CliError(`new: --${stray} goes with --roster only`);
    const options: GenerateOptions = { ...shared, seed: wholeNumberOption(seed!, 'seed') };

    const problem = generateProblem(options);
    const text = problemFileText(problem);
    if (values.answers !== undefined) writeText(values.answers, jsonText(runProblem(problem).result));
    if (values.out !== undefined) writeText(values.out, text);
    else process.stdout.write(text);
    return EXIT_OK;
  },
};

/**
 * Refuses, before anything is drawn, a problem larger than the stated limits: one that `grad` and
 * `check` would refuse, or one too big to work by hand at all. Sizes below 1 are left to
 * generateProblem, which says what a size must be.
 */
function checkGeneratedSize({ sizes, batch, loss }: CourseOptions): void {
  checkLimit(LIMITS.layers, sizes.length - 1, '--sizes');
  sizes.forEach((size) => checkLimit(LIMITS.layerUnits, size, 'a layer in --sizes'));
  checkLimit(LIMITS.classes, sizes[sizes.length - 1]!, 'the output layer in --sizes');
  if (batch !== undefined) checkLimit(LIMITS.batchSamples, batch, '--batch');
  if (sizes.some((size) => size < 1) || (batch !== undefined && batch < 1)) return;
  const layers = sizes.slice(1).map((units, index) => ({ inputs: sizes[index]!, units, softmax: loss === 'cross_entropy' && index === sizes.length - 2 }));
  checkLimit(LIMITS.cliWork, networkOperations(layers, batch ?? 1), 'the network');
}

/** Writes the course folder; the options are checked first, so a bad option writes nothing. */
function writeCourse(rosterPath: string, outDir: string, options: CourseOptions, salt: string): void {
  generateProblem({ ...options, seed: 0 });
  let roster;
  try {
    roster = parseRoster(readText(rosterPath));
  } catch (error) {
    if (error instanceof RosterError) throw new CliError(`${displayName(rosterPath)}: ${error.message}`);
    throw error;
  }
  for (const file of courseFiles(roster, options, salt)) {
    const path = join(outDir, file.path);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new CliError(`${dirname(path)}: cannot make the folder: ${error instanceof Error ? error.message : String(error)}`);
    }
    writeText(path, file.content);
  }
}
