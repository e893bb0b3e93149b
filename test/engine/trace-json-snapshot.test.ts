/**
 * The JSON a trace is written as (`tracegrad trace --format json`, `tracegrad expr --format json`)
 * is a file format players and scripts read: changing how a trace is held in memory must not
 * change a byte of it. The hashes below were taken from the object-per-step implementation, before
 * traces moved into typed arrays.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import { parseExpression } from '../../src/nn/expression';
import { recordExpression } from '../../src/nn/expression-trace';
import { traceProblem } from '../../src/nn/run';
import { fixture, runCli } from '../cli/run-cli';
import { randomProblem } from '../helpers/random-problem';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const jsonLine = (value: unknown): string => `${JSON.stringify(value)}\n`;

const EXAMPLE_HASHES: Record<string, string> = {
  classic: '1255944347cb25fa8832e8dfd50456f53aa82cb48f13ab51c5518ec4c1ff0c93',
  xor: '84f996d6430d9308cc224738be4ce8d1575daa92746db3d83f8f48ebbaa1450d',
  softmax: '69f3691e79cc23ff6596f56151fcd9071a2316c6f4530f41f99ed394ab7da2c4',
  deep: '56bffe7256886eed289dce8026f66519f62c0dde12c1381fa39c57ca3d25ab17',
};

describe('trace JSON stays byte for byte what it was', () => {
  it.each(EXAMPLES.map((example) => [example.id, example]))('the %s example', (id, example) => {
    expect(sha256(jsonLine(traceProblem(example.problem).trace))).toBe(EXAMPLE_HASHES[id]);
  });

  it('a batch of three samples', () => {
    const batch = randomProblem({ sizes: [3, 4, 2], hidden: 'tanh', loss: 'mse', batch: 3, seed: 5, learningRate: 0.1 });
    expect(sha256(jsonLine(traceProblem(batch).trace))).toBe('f3af9358b7e8509394c5d2ac868395d6f8d8e909dc76778b1d43009506e85dcf');
  });

  it('an expression', () => {
    const recorded = recordExpression(parseExpression('x*y + exp(x)/y^2 - log(y)', ['x', 'y']), { x: 0.5, y: 2 });
    expect(sha256(jsonLine(recorded.trace))).toBe('0b3d5cba3cbc682fb53d54fb3fdb41a4a30e4c8aeef7e8b1ab7986b27c547875');
  });

  it('tracegrad trace --format json prints the same bytes', () => {
    const run = runCli(['trace', fixture('classic.json'), '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(sha256(run.stdout)).toBe(EXAMPLE_HASHES.classic);
  });
});
