/** `tracegrad grad PROBLEM`: every a, z, δ, gradient and updated parameter of one problem. */
import { runProblem } from '../../nn/run';
import type { GradResult } from '../../data/result';
import type { Problem } from '../../data/problem';
import { runProblemTensor } from '../../tensor/problem';
import { EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { computeFor, readProblem } from '../files';
import { gradTable } from '../grad-table';
import { jsonText } from '../../data/json-text';
import { nameOption, parseCommandLine, requirePositionals } from '../options';

const ENGINES = ['scalar', 'tensor'] as const;
type Engine = (typeof ENGINES)[number];

const ENGINE_RUNS: Record<Engine, (problem: Problem) => GradResult> = {
  scalar: (problem) => runProblem(problem).result,
  tensor: runProblemTensor,
};

export const grad: Command = {
  name: 'grad',
  summary: 'forward, loss, backward and one gradient-descent step of a problem file',
  usage: `Usage: tracegrad grad PROBLEM [--json] [--engine scalar|tensor]

Runs the network in PROBLEM (a problem file, or - for standard input) forward on its input(s),
computes the loss, backpropagates, and, when the problem has a learningRate, takes one plain
gradient-descent step.

  --json             print exactly the result as JSON, with full float64 precision:
                     { "loss", "output", "layers": [ { "a", "z", "delta", "gradWeights",
                     "gradBiases", "newWeights", "newBiases" } ] } (new* only with a learningRate)
  --engine scalar    the recording scalar engine, in float64 (the default)
  --engine tensor    the vectorised engine used for training; it computes in float32, so its
                     numbers agree with the scalar engine's to about 7 significant digits
`,
  run(args) {
    const { values, positionals } = parseCommandLine('grad', {
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, engine: { type: 'string', default: 'scalar' } },
    });
    const [path] = requirePositionals('grad', positionals, ['PROBLEM']);
    const engine = nameOption(values.engine, 'engine', ENGINES);
    const problem = readProblem(path);
    const result = computeFor(path, () => ENGINE_RUNS[engine](problem));
    process.stdout.write(values.json ? jsonText(result) : gradTable(problem, result));
    return EXIT_OK;
  },
};
