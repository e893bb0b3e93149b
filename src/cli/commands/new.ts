/** `tracegrad new`: a reproducible practice problem, and optionally its answer key. */
import { generateProblem, type GenerateOptions } from '../../data/generate';
import { ACTIVATIONS, LOSSES, problemToJson } from '../../data/problem';
import { runProblem } from '../../nn/run';
import { CliError, EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { writeText } from '../files';
import { jsonText } from '../../data/json-text';
import { listOption, nameOption, nonNegativeOption, parseCommandLine, wholeNumberOption } from '../options';

export const newProblem: Command = {
  name: 'new',
  summary: 'make a reproducible practice problem (and its answer key) from a seed',
  usage: `Usage: tracegrad new --sizes 2,3,2 --activations sigmoid,sigmoid --loss half_sse --seed 7
                     [--learning-rate 0.5] [--batch N] [--out FILE] [--answers KEY]

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
      },
    });
    const { sizes, activations, loss, seed } = values;
    if (sizes === undefined || activations === undefined || loss === undefined || seed === undefined) {
      const missing = (['sizes', 'activations', 'loss', 'seed'] as const).filter((flag) => values[flag] === undefined);
      throw new CliError(`new: missing ${missing.map((flag) => `--${flag}`).join(', ')} (see tracegrad new --help)`);
    }
    const options: GenerateOptions = {
      sizes: listOption(sizes, 'sizes').map((size) => wholeNumberOption(size, 'sizes')),
      activations: listOption(activations, 'activations').map((name) => nameOption(name, 'activations', ACTIVATIONS)),
      loss: nameOption(loss, 'loss', LOSSES),
      seed: wholeNumberOption(seed, 'seed'),
    };
    if (values['learning-rate'] !== undefined) options.learningRate = nonNegativeOption(values['learning-rate'], 'learning-rate');
    if (values.batch !== undefined) options.batch = wholeNumberOption(values.batch, 'batch');

    const problem = generateProblem(options);
    const text = jsonText(problemToJson(problem));
    if (values.answers !== undefined) writeText(values.answers, jsonText(runProblem(problem).result));
    if (values.out !== undefined) writeText(values.out, text);
    else process.stdout.write(text);
    return EXIT_OK;
  },
};
