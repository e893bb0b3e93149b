/** `tracegrad trace PROBLEM --format md|tex|json`: every recorded step, as a handout or as data. */
import { basename } from 'node:path';
import { escapeControlCharacters } from '../../data/control-characters';
import { LIMITS } from '../../data/limits';
import { Trace } from '../../engine/trace';
import { traceProblem } from '../../nn/run';
import { traceToBeamer } from '../../nn/trace-beamer';
import { traceToLatex, traceToMarkdown } from '../../nn/trace-export';
import { EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { computeFor, displayName, readProblem } from '../files';
import { nameOption, parseCommandLine, requirePositionals } from '../options';

const FORMATS = ['md', 'tex', 'json', 'beamer'] as const;

export const trace: Command = {
  name: 'trace',
  summary: 'every recorded step with its formula and numbers: a worked solution (md, tex), lecture slides (beamer) or the trace (json)',
  usage: `Usage: tracegrad trace PROBLEM --format md|tex|json|beamer

Records the run of PROBLEM step by step (forward pass, loss, backward pass edge by edge, the
gradient-descent step and the forward pass after it) and prints every step in order.

  --format md     Markdown with $…$ math: a worked solution to hand out (the default)
  --format tex    the same as a standalone LaTeX document (amsmath, amssymb)
  --format json   the trace itself, which the player can load
  --format beamer Beamer slides for a PDF deck: one overlay per stop of the player, the network
                  in TikZ with the step's edge highlighted, and the formula card's three lines
`,
  run(args) {
    const { values, positionals } = parseCommandLine('trace', { args, allowPositionals: true, options: { format: { type: 'string', default: 'md' } } });
    const [path] = requirePositionals('trace', positionals, ['PROBLEM']);
    const format = nameOption(values.format, 'format', FORMATS);
    const problem = readProblem(path, format === 'json' ? LIMITS.traceJsonWork : LIMITS.traceWork);
    const recorded = computeFor(path, () => traceProblem(problem).trace);
    const options = { title: `Backpropagation, step by step: ${escapeControlCharacters(basename(displayName(path)))}`, problem };
    if (format === 'json') process.stdout.write(`${JSON.stringify(recorded)}\n`);
    else if (format === 'beamer') process.stdout.write(traceToBeamer(new Trace(recorded), options));
    else process.stdout.write((format === 'md' ? traceToMarkdown : traceToLatex)(new Trace(recorded), options));
    return EXIT_OK;
  },
};
