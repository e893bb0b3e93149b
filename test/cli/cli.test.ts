import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { parseProblemText } from '../../src/data/problem';
import { Trace } from '../../src/engine/trace';
import { runProblem, traceProblem } from '../../src/nn/run';
import type { GradResult } from '../../src/data/result';
import { fixture, runCli, REPO, type CliRun } from './run-cli';

const CLASSIC = fixture('classic.json');
const classicProblem = parseProblemText(readFileSync(join(REPO, CLASSIC), 'utf8'));

/** Failures are one line on stderr, never a stack trace. */
function expectOneLineError(run: CliRun, message: string): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`tracegrad: ${message}\n`);
}

describe('tracegrad grad', () => {
  it('prints a readable table of the classic worked example', () => {
    const run = runCli(['grad', CLASSIC]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ℒ = 0.2984');
    expect(run.stdout).toMatch(/W⁽²⁾₁₁\s+0\.4\s+0\.08217\s+0\.3589/);
    expect(run.stdout).toMatch(/j = 1\s+1\.106\s+0\.7514\s+0\.1385/);
  });

  it('prints exactly the GradResult as JSON, reproducing the published digits', () => {
    const run = runCli(['grad', CLASSIC, '--json']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as GradResult;
    expect(result).toEqual(runProblem(classicProblem).result);
    expect(result.loss).toBeCloseTo(0.298371109, 9);
    expect(result.layers[1]!.gradWeights[0]![0]).toBeCloseTo(0.082167041, 9);
    expect(result.layers[1]!.newWeights![0]![0]).toBeCloseTo(0.35891648, 8);
    expect(result.layers[0]!.newWeights![0]![0]).toBeCloseTo(0.149780716, 9);
  });

  it('runs the tensor engine, which agrees to float32 precision', () => {
    const run = runCli(['grad', CLASSIC, '--json', '--engine', 'tensor']);
    expect(run.status).toBe(0);
    const tensor = JSON.parse(run.stdout) as GradResult;
    const scalar = runProblem(classicProblem).result;
    expect(tensor.loss).toBeCloseTo(scalar.loss, 6);
    tensor.layers.forEach((layer, l) =>
      layer.gradWeights.flat().forEach((g, i) => expect(g).toBeCloseTo(scalar.layers[l]!.gradWeights.flat()[i]!, 6)),
    );
  });

  it('rejects an unknown engine with exit code 2', () => {
    expectOneLineError(runCli(['grad', CLASSIC, '--engine', 'quantum']), '--engine must be one of scalar, tensor, not "quantum"');
  });

  it('reports an invalid problem file in one located line, exit code 2', () => {
    const path = fixture('bad-columns.json');
    expectOneLineError(runCli(['grad', path]), `${path}: layers[1].weights has 3 columns but layer 0 has 2 outputs`);
  });

  it('reports a missing file in one line, exit code 2', () => {
    expectOneLineError(runCli(['grad', 'no-such-problem.json']), 'no-such-problem.json: cannot read: no such file');
  });
});

describe('tracegrad check', () => {
  it('passes answers worked by hand to 4 significant figures (exit 0)', () => {
    const run = runCli(['check', CLASSIC, fixture('classic-answers.json')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('21 of 21 correct, 0 wrong.');
    expect(run.stdout).not.toContain('✗');
  });

  it('grades a partial sheet with a wrong answer: JSON report, exit 1, no expected values', () => {
    const run = runCli(['check', CLASSIC, fixture('classic-answers-partial.json'), '--json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as unknown;
    expect(report).toEqual({
      correct: 3,
      wrong: 1,
      items: [
        { path: 'loss', name: 'ℒ', given: 0.2984, ok: true },
        { path: 'layers[1].delta[0]', name: 'δ^{[2]}_{1}', given: 0.1385, ok: true },
        { path: 'layers[1].gradWeights[0][0]', name: '∂ℒ/∂W^{[2]}_{11}', given: 0.0822, ok: true },
        { path: 'layers[1].gradWeights[0][1]', name: '∂ℒ/∂W^{[2]}_{12}', given: 0.09, ok: false },
      ],
    });
  });

  it('shows expected values only with --show-expected', () => {
    const run = runCli(['check', CLASSIC, fixture('classic-answers-partial.json'), '--show-expected']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✗\s+∂ℒ\/∂W⁽²⁾₁₂\s+layers\[1\]\.gradWeights\[0\]\[1\]\s+given 0\.09\s+expected 0\.08267/);
    expect(run.stdout).toContain('3 of 4 correct, 1 wrong.');
  });

  it('fails 4-significant-figure answers when the tolerance is tightened to zero', () => {
    const run = runCli(['check', CLASSIC, fixture('classic-answers.json'), '--rtol', '0', '--atol', '0', '--json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { correct: number; wrong: number };
    expect(report).toMatchObject({ correct: 0, wrong: 21 });
  });

  it('writes a Gradescope results.json with one test per graded number', () => {
    const run = runCli(['check', CLASSIC, fixture('classic-answers-partial.json'), '--format', 'gradescope']);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { score: number; tests: { name: string; score: number; max_score: number; status: string; output: string }[] };
    expect(results.score).toBe(3);
    expect(results.tests).toHaveLength(4);
    expect(results.tests[3]).toEqual({
      name: '∂ℒ/∂W⁽²⁾₁₂ (layers[1].gradWeights[0][1])',
      score: 0,
      max_score: 1,
      status: 'failed',
      output: 'You gave 0.09: not correct.',
    });
  });

  it('rejects an answer sheet that does not fit the problem, naming where (exit 2)', () => {
    const path = fixture('answers-extra-row.json');
    expectOneLineError(runCli(['check', CLASSIC, path]), `${path}: layers[0].gradWeights[2] does not exist: layer 1 has 2 neurons`);
  });
});

describe('tracegrad gradcheck', () => {
  it('agrees with finite differences on a smooth network (exit 0)', () => {
    const run = runCli(['gradcheck', CLASSIC, '--json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { maxRelativeError: number; passed: boolean; parameters: { band: string; nearKink: boolean }[] };
    expect(report.passed).toBe(true);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
    expect(report.parameters).toHaveLength(12);
    expect(report.parameters.every((entry) => entry.band === 'good' && !entry.nearKink)).toBe(true);
  });

  it('flags parameters next to a ReLU kink instead of failing them', () => {
    const run = runCli(['gradcheck', fixture('relu-kink.json')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/W⁽¹⁾₁₁ .* wrong\s+next to a ReLU kink/);
    expect(run.stdout).toMatch(/W⁽²⁾₁₁ .* good\s*$/m);
  });
});

describe('tracegrad new', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracegrad-new-'));
  const base = ['new', '--sizes', '2,3,2', '--activations', 'sigmoid,sigmoid', '--loss', 'half_sse', '--learning-rate', '0.5'];

  it('gives the same bytes for the same seed, and writes an answer key equal to grad --json', () => {
    const problemPath = join(dir, 'seed7.json');
    const keyPath = join(dir, 'seed7-key.json');
    const first = runCli([...base, '--seed', '7']);
    const second = runCli([...base, '--seed', '7', '--out', problemPath, '--answers', keyPath]);
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe('');
    expect(readFileSync(problemPath, 'utf8')).toBe(first.stdout);
    const grad = runCli(['grad', problemPath, '--json']);
    expect(readFileSync(keyPath, 'utf8')).toBe(grad.stdout);
  });

  it('gives a different problem for a different seed', () => {
    const seven = runCli([...base, '--seed', '7']);
    const eight = runCli([...base, '--seed', '8']);
    expect(eight.status).toBe(0);
    expect(eight.stdout).not.toBe(seven.stdout);
    expect(parseProblemText(eight.stdout).layers[0]!.weights).toHaveLength(3);
  });

  it('names the missing options (exit 2)', () => {
    expectOneLineError(runCli(['new', '--sizes', '2,2']), 'new: missing --activations, --loss, --seed (see tracegrad new --help)');
  });
});

describe('tracegrad trace', () => {
  it('writes a Markdown worked solution with every phase and the classic numbers', () => {
    const run = runCli(['trace', CLASSIC, '--format', 'md']);
    expect(run.status).toBe(0);
    const headings = run.stdout.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Problem', '## Forward pass', '## Loss', '## Backward pass', '## Gradient-descent step', '## Forward pass after the update']);
    expect(run.stdout).toContain('= 0.1385 \\times 0.5933 = 0.08217$');
    expect(run.stdout).toContain('changed the loss from $\\mathcal{L} = 0.2984$ to $\\mathcal{L} = 0.2805$');
  });

  it('writes a standalone LaTeX document', () => {
    const run = runCli(['trace', CLASSIC, '--format', 'tex']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\\documentclass/);
    expect(run.stdout).toContain('\\usepackage{amssymb}');
    expect(run.stdout).toContain('\\begin{document}');
    expect(run.stdout.trimEnd()).toMatch(/\\end\{document\}$/);
  });

  it('writes the trace as JSON that loads back with every step', () => {
    const run = runCli(['trace', CLASSIC, '--format', 'json']);
    expect(run.status).toBe(0);
    const trace = Trace.fromJSON(run.stdout);
    expect(trace.length).toBe(traceProblem(classicProblem).trace.steps.length);
    expect(trace.length).toBe(73);
  });
});

describe('the tracegrad command', () => {
  it('prints usage for --help and for a command’s --help', () => {
    const overview = runCli(['--help']);
    expect(overview.status).toBe(0);
    for (const name of ['grad', 'check', 'gradcheck', 'new', 'trace']) expect(overview.stdout).toContain(`  ${name} `);
    const checkHelp = runCli(['check', '--help']);
    expect(checkHelp.status).toBe(0);
    expect(checkHelp.stdout).toContain('--rtol R');
    expect(checkHelp.stdout).toContain('default 0.001');
  });

  it('rejects an unknown command and an unknown option with one line (exit 2)', () => {
    expectOneLineError(runCli(['frobnicate']), 'unknown command "frobnicate" (commands: grad, check, gradcheck, new, grade, gradescope, autograde, trace, expr, mnist)');
    expectOneLineError(runCli(['grad', CLASSIC, '--verbose']), "grad: Unknown option '--verbose' (see tracegrad grad --help)");
  });

  it('runs through the installed bin shim', () => {
    const run = runCli(['grad', CLASSIC, '--json'], 'src/cli/tracegrad.mjs');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as GradResult).loss).toBeCloseTo(0.298371109, 9);
  });
});
