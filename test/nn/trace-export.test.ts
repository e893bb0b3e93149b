import katex from 'katex';
import { describe, it, expect } from 'vitest';
import type { Problem } from '../../src/data/problem';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { traceToLatex, traceToMarkdown } from '../../src/nn/trace-export';
import { classicProblem } from '../helpers/classic';
import { randomProblem } from '../helpers/random-problem';

const classic = classicProblem();

const traceOf = (problem: Problem): Trace => new Trace(traceProblem(problem).trace);

/** The $…$ spans of a text with no escaped dollars: every other piece. */
const mathSpans = (text: string): string[] => text.split('$').filter((_, i) => i % 2 === 1);

/** KaTeX accepts a subset of LaTeX, so math it renders strictly will also compile. */
function expectRenders(spans: readonly string[]): void {
  for (const tex of spans) expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' }), tex).not.toThrow();
}

describe('a trace as a Markdown worked solution', () => {
  const trace = traceOf(classic);
  const markdown = traceToMarkdown(trace, { title: 'Mazur’s example', problem: classic });

  it('lists every step once, numbered in order, under its phase and layer', () => {
    const numbers = markdown.split('\n').flatMap((line) => /^(\d+)\. \$/.exec(line)?.[1] ?? []).map(Number);
    expect(numbers).toEqual(Array.from({ length: trace.length }, (_, i) => i + 1));
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings.slice(0, 5)).toEqual(['# Mazur’s example', '## Problem', '## Forward pass', '### Layer 1', '### Layer 2']);
  });

  it('shows the classic numbers and the loss before and after the step', () => {
    expect(markdown).toContain('$\\frac{\\partial \\mathcal{L}}{\\partial W^{[2]}_{11}} = \\delta^{[2]}_{1}\\,z^{[1]}_{1} = 0.1385 \\times 0.5933 = 0.08217$');
    expect(markdown).toContain('The gradient-descent step changed the loss from $\\mathcal{L} = 0.2984$ to $\\mathcal{L} = 0.2805$.');
  });

  it('keeps notes as escaped prose, and all of its math renders', () => {
    expect(markdown).toContain('— Contribution 1 of 2: the running total of ∂ℒ/∂z⁽¹⁾₁ is now 0.0554.');
    expectRenders(mathSpans(markdown));
  });

  it('renders for every loss, softmax included, and for batches', () => {
    for (const loss of ['mse', 'bce', 'cross_entropy'] as const) {
      const problem = randomProblem({ sizes: [2, 3, 2], hidden: 'tanh', loss, batch: 2, seed: 11, learningRate: 0.1 });
      const text = traceToMarkdown(traceOf(problem), { problem });
      expect(text).toContain('### Sample 2, layer 1');
      expectRenders(mathSpans(text));
    }
  });
});

describe('a trace as a LaTeX document', () => {
  const latex = traceToLatex(traceOf(classic), { title: 'Worked example #1 & 50% of the marks', problem: classic });

  it('is a standalone document with the packages its math needs', () => {
    expect(latex.startsWith('\\documentclass[11pt]{article}\n')).toBe(true);
    for (const line of ['\\usepackage{amsmath}', '\\usepackage{amssymb}', '\\begin{document}', '\\end{document}']) expect(latex).toContain(line);
    expect(latex).toContain('\\title{Worked example \\#1 \\& 50\\% of the marks}');
    // pdfLaTeX has no text glyph for ∂, so notes write it as math.
    expect(latex).toContain('the running total of $\\partial$$\\mathcal{L}$/$\\partial$z${}^{(1)}{}_{1}$ is now 0.0554.');
  });

  it('has balanced environments and braces, and math that renders', () => {
    const begins = latex.match(/\\begin\{itemize\}/g) ?? [];
    const ends = latex.match(/\\end\{itemize\}/g) ?? [];
    expect(begins.length).toBe(ends.length);
    const unescaped = latex.replace(/\\[{}]/g, '');
    expect(unescaped.split('{').length).toBe(unescaped.split('}').length);
    expectRenders(mathSpans(latex.replace(/\\\$/g, '')));
  });
});
