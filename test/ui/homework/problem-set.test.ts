import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateProblem } from '../../../src/data/generate';
import { LimitError } from '../../../src/data/limits';
import { problemToJson } from '../../../src/data/problem';
import { jsonText } from '../../../src/data/json-text';
import { runProblem } from '../../../src/nn/run';
import { cliCommand, makeProblemSet, problemSetFiles, seedsOf, type ProblemSetOptions } from '../../../src/ui/homework/problem-set';
import { runCli } from '../../cli/run-cli';

const OPTIONS: ProblemSetOptions = { sizes: [2, 3, 2], activations: ['sigmoid', 'sigmoid'], loss: 'half_sse', learningRate: 0.5, firstSeed: 7, lastSeed: 9 };

describe('a problem set', () => {
  it('has one member per seed, each the generator’s problem and its grad --json key', () => {
    const members = makeProblemSet(OPTIONS);
    expect(members.map((member) => member.seed)).toEqual([7, 8, 9]);
    for (const member of members) {
      const problem = generateProblem({ sizes: OPTIONS.sizes, activations: OPTIONS.activations, loss: OPTIONS.loss, learningRate: 0.5, seed: member.seed });
      expect(member.problemText).toBe(jsonText(problemToJson(problem)));
      expect(member.keyText).toBe(jsonText(runProblem(problem).result));
    }
  });

  it('writes the same bytes as tracegrad new --out --answers for the same seed (the CLI spawned)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-set-'));
    const [member] = makeProblemSet({ ...OPTIONS, firstSeed: 8, lastSeed: 8 });
    const args = cliCommand(OPTIONS, 8).split(' ').slice(2);
    const run = runCli(['new', ...args, '--out', join(dir, 'p.json'), '--answers', join(dir, 'k.json')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(member!.problemText).toBe(readFileSync(join(dir, 'p.json'), 'utf8'));
    expect(member!.keyText).toBe(readFileSync(join(dir, 'k.json'), 'utf8'));
  });

  it('packs problems, keys, worked solutions in Markdown and LaTeX, and a read-me', () => {
    const members = makeProblemSet({ ...OPTIONS, lastSeed: 8 });
    const files = problemSetFiles(members, OPTIONS);
    expect(files.map((file) => file.name)).toEqual([
      'README.txt',
      'problems/seed-7.json', 'keys/seed-7.json', 'solutions/seed-7.md', 'solutions/seed-7.tex',
      'problems/seed-8.json', 'keys/seed-8.json', 'solutions/seed-8.md', 'solutions/seed-8.tex',
    ]);
    expect(files[3]!.content).toContain('## Backward pass');
    expect(files[4]!.content).toContain('\\documentclass');
    expect(files[0]!.content).toContain('tracegrad new --sizes 2,3,2 --activations sigmoid,sigmoid --loss half_sse --seed 7 --learning-rate 0.5');
  });

  it('refuses a reversed or an oversized seed range with one line saying why', () => {
    expect(() => seedsOf({ firstSeed: 5, lastSeed: 4 })).toThrow('the last seed (4) comes before the first (5)');
    expect(() => seedsOf({ firstSeed: 0, lastSeed: 1000 })).toThrow(/make 1001 problems; at most 500/);
  });

  it('refuses, before generating anything, sizes and batches too large for a sheet, naming the limit and the value', () => {
    const sigmoid = ['sigmoid', 'sigmoid'] as const;
    const refusal = (options: Partial<ProblemSetOptions>): string => {
      try {
        makeProblemSet({ ...OPTIONS, ...options });
        return 'made';
      } catch (error) {
        expect(error).toBeInstanceOf(LimitError);
        return (error as Error).message;
      }
    };
    expect(refusal({ sizes: [3000, 3000], activations: ['sigmoid'] })).toBe('layer size 1 of 3000,3000 has 3000 units; a layer of a generated problem has at most 1000');
    expect(refusal({ sizes: [2, 100_000, 2], activations: [...sigmoid] })).toBe('layer size 2 of 2,100000,2 has 100000 units; a layer of a generated problem has at most 1000');
    expect(refusal({ batch: 1e9 })).toBe('the batch has 1000000000 samples; a generated batch has at most 1000');
    // 2·40 + 40·40 + 40·2 = 1760 weights fit one problem; with a batch of 2 they do not.
    expect(refusal({ sizes: [2, 40, 40, 2], activations: ['tanh', 'tanh', 'sigmoid'], batch: 2 })).toBe('each problem has 3520 weights × samples; a problem of a set has at most 2000');
    // 3 problems of 1760 fit; 12 do not (21120 > 20000).
    expect(makeProblemSet({ ...OPTIONS, sizes: [2, 40, 40, 2], activations: ['tanh', 'tanh', 'sigmoid'] })).toHaveLength(3);
    expect(refusal({ sizes: [2, 40, 40, 2], activations: ['tanh', 'tanh', 'sigmoid'], lastSeed: 18 })).toBe('the set of 12 problems has 21120 weights × samples over all its problems; a problem set has at most 20000');
  });
});
