/**
 * "Work it by hand, then check it": every key number a worked solution prints, copied as printed
 * into an answer sheet, is marked right by the grader at its default tolerance. Before numbers
 * had four significant figures, a sheet copied from the classic example's solution scored 35 of
 * 52 (0.01 for δ^{[1]}_2 = 0.009954, 0.0822 for 0.08217, …).
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/data/examples';
import { generateProblem, type GenerateOptions } from '../../src/data/generate';
import type { Problem } from '../../src/data/problem';
import { stepTex, stepTexLine } from '../../src/engine/tex';
import { Trace } from '../../src/engine/trace';
import { runProblem, traceProblem } from '../../src/nn/run';
import { traceToLatex, traceToMarkdown } from '../../src/nn/trace-export';
import { fixture, runCli } from '../cli/run-cli';
import { classicProblem } from '../helpers/classic';
import { gradeCopied, linesOfLatex, linesOfMarkdown, parseStepLine, parseTexNumber, type CopiedGrading } from '../helpers/shown-answers';

function expectAllRight(grading: CopiedGrading): void {
  const wrong = grading.items.filter((item) => !item.ok).map((item) => `${item.path}: printed ${item.given}, key ${item.expected}`);
  expect(wrong).toEqual([]);
  expect(grading.missing).toEqual([]);
}

/** Problems `tracegrad new` makes: several shapes and seeds, every loss, one sample and a batch. */
const GENERATED: GenerateOptions[] = [
  { sizes: [2, 2, 2], activations: ['sigmoid', 'sigmoid'], loss: 'half_sse', seed: 7, learningRate: 0.5 },
  { sizes: [3, 4, 2], activations: ['tanh', 'identity'], loss: 'mse', seed: 11, learningRate: 0.1 },
  { sizes: [2, 3, 1], activations: ['relu', 'sigmoid'], loss: 'bce', seed: 3, learningRate: 1 },
  { sizes: [4, 3, 3], activations: ['sigmoid'], loss: 'cross_entropy', seed: 42, learningRate: 0.3 },
  { sizes: [2, 3, 3, 2], activations: ['tanh', 'relu', 'sigmoid'], loss: 'half_sse', seed: 2024, learningRate: 0.05 },
  { sizes: [3, 2, 2], activations: ['sigmoid', 'softmax'], loss: 'cross_entropy', seed: 5, batch: 3, learningRate: 0.5 },
  { sizes: [2, 2, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', seed: 99, batch: 2 },
  { sizes: [2, 4, 2], activations: ['relu', 'identity'], loss: 'mse', seed: 123456, batch: 4, learningRate: 0.01 },
];

const CASES: [string, Problem][] = [
  ...EXAMPLES.map((example): [string, Problem] => [`example ${example.id}`, example.problem]),
  ...GENERATED.map((options): [string, Problem] => [`new --sizes ${options.sizes.join(',')} --loss ${options.loss} --seed ${options.seed}${options.batch ? ` --batch ${options.batch}` : ''}`, generateProblem(options)]),
];

describe.each(CASES)('%s: every key number a worked solution prints passes check', (_name, problem) => {
  const recorded = new Trace(traceProblem(problem).trace);
  const key = runProblem(problem).result;

  it('in the Markdown solution', () => {
    expectAllRight(gradeCopied(linesOfMarkdown(traceToMarkdown(recorded, { problem })), problem, key));
  });

  it('in the LaTeX solution', () => {
    expectAllRight(gradeCopied(linesOfLatex(traceToLatex(recorded, { problem })), problem, key));
  });

  it('on the formula card at every step the player can show', () => {
    let afterUpdate = false;
    const lines = Array.from({ length: recorded.length }, (_, i) => {
      afterUpdate ||= recorded.passOf(i) > 0 && recorded.phaseOf(i) !== 'update' && recorded.phaseOf(i) !== 'backward';
      return parseStepLine(stepTexLine(stepTex(recorded, i)), afterUpdate);
    });
    expectAllRight(gradeCopied(lines, problem, key));
  });
});

describe('tracegrad trace, copied', () => {
  // The command itself, end to end, on the classic example.
  const problem = classicProblem();
  const key = runProblem(problem).result;

  it.each(['md', 'tex'] as const)('--format %s: every key number is right', (format) => {
    const run = runCli(['trace', fixture('classic.json'), '--format', format]);
    expect(run.status).toBe(0);
    const lines = format === 'md' ? linesOfMarkdown(run.stdout) : linesOfLatex(run.stdout);
    const grading = gradeCopied(lines, problem, key);
    expectAllRight(grading);
    // All 39 of the key (loss, ŷ, a, z, δ, ∂ℒ/∂W, ∂ℒ/∂b, new W and b), most of them more than once.
    expect(new Set(grading.items.map((item) => item.path)).size).toBe(39);
    expect(grading.items.length).toBeGreaterThan(39);
  });
});

describe('a product on the card can be redone from what it shows', () => {
  /** A printed operand: plain or scientific, bracketed when negative or scientific. */
  const NUMBER = String.raw`-?\d+(?:\.\d+)?(?: \\times 10\^\{-?\d+\})?`;
  const OPERAND = String.raw`(\\left\(${NUMBER}\\right\)|${NUMBER})`;
  /** A substituted line made only of factors: "a \times b" or "a \times z\,(1 - z)". */
  const PRODUCT = new RegExp(String.raw`^${OPERAND} \\times ${OPERAND}(?:\\,\(1 - ${OPERAND}\))?$`);
  const unwrap = (tex: string): number => parseTexNumber(tex.replace(/^\\left\((.*)\\right\)$/, '$1'));

  it.each(CASES)('%s', (_name, problem) => {
    const recorded = new Trace(traceProblem(problem).trace);
    let products = 0;
    for (let i = 0; i < recorded.length; i++) {
      const tex = stepTex(recorded, i);
      const match = PRODUCT.exec(tex.substituted);
      if (match === null) continue;
      products++;
      const [, first, second, oneMinus] = match;
      const redone = unwrap(first!) * unwrap(second!) * (oneMinus === undefined ? 1 : 1 - unwrap(oneMinus));
      const printed = parseTexNumber(tex.result);
      // The classic's "0.0088 × 0.05 = 4.386×10⁻⁴" (4 decimals in, 4 figures out) missed by 0.3 %.
      expect(Math.abs(redone - printed), `step ${i + 1}: ${tex.substituted} = ${tex.result}`).toBeLessThanOrEqual(1e-3 * Math.abs(printed) + 1e-12);
    }
    expect(products).toBeGreaterThan(0);
  });

  it('the classic δ^{[1]}_2 reads 0.04137 × 0.5969 (1 − 0.5969) = 0.009954, and its gradient 0.009954 × 0.05 = 4.977 × 10⁻⁴', () => {
    const recorded = new Trace(traceProblem(classicProblem()).trace);
    const lines = Array.from({ length: recorded.length }, (_, i) => stepTexLine(stepTex(recorded, i)));
    expect(lines).toContain('\\delta^{[1]}_{2} = \\frac{\\partial \\mathcal{L}}{\\partial z^{[1]}_{2}}\\,z^{[1]}_{2}\\,(1 - z^{[1]}_{2}) = 0.04137 \\times 0.5969\\,(1 - 0.5969) = 0.009954');
    expect(lines).toContain('\\frac{\\partial \\mathcal{L}}{\\partial W^{[1]}_{21}} = \\delta^{[1]}_{2}\\,x_{1} = 0.009954 \\times 0.05 = 4.977 \\times 10^{-4}');
  });
});
