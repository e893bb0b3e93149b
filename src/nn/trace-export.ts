/**
 * A recorded trace as a worked solution a lecturer can hand out: Markdown (with $…$ math, for
 * KaTeX/MathJax renderers) or a standalone LaTeX document. `tracegrad trace` and the player's
 * export buttons both call these, so the handout and the screen agree.
 */
import type { Problem } from '../data/problem';
import { texNumber } from '../engine/format';
import type { Trace } from '../engine/trace';
import { LOSS_LABEL } from './labels';
import { outlineTrace, type TraceOutline } from './trace-outline';

/** Prose with inline math kept apart, so each format can escape its text and delimit its math. */
type RichText = ({ text: string } | { math: string })[];

export interface TraceExportOptions {
  /** The document's title, e.g. the problem file's name. */
  title?: string;
  /** The problem the trace ran, stated first so the handout stands on its own. */
  problem?: Problem;
}

const DEFAULT_TITLE = 'Backpropagation, worked step by step';

function columnVector(values: readonly number[]): string {
  return `\\begin{bmatrix} ${values.map(texNumber).join(' \\\\ ')} \\end{bmatrix}`;
}

function matrix(rows: readonly (readonly number[])[]): string {
  return `\\begin{bmatrix} ${rows.map((row) => row.map(texNumber).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

/** The problem as sentences with math: sizes and loss, each layer's W and b, each sample. */
function problemStatement(problem: Problem): RichText[] {
  const sizes = [problem.inputs[0]!.length, ...problem.layers.map((layer) => layer.weights.length)];
  const rate: RichText = problem.learningRate === undefined ? [{ text: ', no gradient-descent step' }] : [{ text: ', learning rate ' }, { math: `\\alpha = ${texNumber(problem.learningRate)}` }];
  const lines: RichText[] = [[{ text: `Layer sizes ${sizes.join(', ')} (input first), loss ${problem.loss}` }, ...rate, { text: '.' }]];
  problem.layers.forEach((layer, index) => {
    const l = index + 1;
    lines.push([
      { text: `Layer ${l} (${layer.activation}): ` },
      { math: `W^{[${l}]} = ${matrix(layer.weights)},\\quad b^{[${l}]} = ${columnVector(layer.biases)}` },
    ]);
  });
  problem.inputs.forEach((input, i) => {
    const mark = problem.singleSample ? '' : `^{(${i + 1})}`;
    const target = problem.targets[i]!;
    const y = typeof target === 'number' ? texNumber(target) : columnVector(target);
    const classNote: RichText = typeof target === 'number' ? [{ text: ' (a class index, counting from 0)' }] : [];
    lines.push([{ text: problem.singleSample ? 'Input and target: ' : `Sample ${i + 1}: ` }, { math: `x${mark} = ${columnVector(input)},\\quad y${mark} = ${y}` }, ...classNote]);
  });
  return lines;
}

function lossChangeMath(change: NonNullable<TraceOutline['lossChange']>): RichText {
  return [
    { text: 'The gradient-descent step changed the loss from ' },
    { math: `${LOSS_LABEL} = ${texNumber(change.before)}` },
    { text: ' to ' },
    { math: `${LOSS_LABEL} = ${texNumber(change.after)}` },
    { text: '.' },
  ];
}

// ---- Markdown ----

/** Characters that would start emphasis, code or math in Markdown prose. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_$[\]<>]/g, (char) => `\\${char}`);
}

function markdownText(rich: RichText): string {
  return rich.map((part) => ('math' in part ? `$${part.math}$` : escapeMarkdown(part.text))).join('');
}

export function traceToMarkdown(trace: Trace, options: TraceExportOptions = {}): string {
  const outline = outlineTrace(trace);
  const lines: string[] = [`# ${escapeMarkdown(options.title ?? DEFAULT_TITLE)}`, ''];
  if (options.problem !== undefined) {
    lines.push('## Problem', '', ...problemStatement(options.problem).map((line) => `- ${markdownText(line)}`), '');
  }
  for (const section of outline.sections) {
    lines.push(`## ${section.heading}`, '');
    for (const group of section.groups) {
      if (group.heading !== undefined) lines.push(`### ${group.heading}`, '');
      for (const step of group.steps) {
        const note = step.note === undefined ? '' : ` — ${escapeMarkdown(step.note)}`;
        lines.push(`${step.number}. $${step.tex}$${note}`);
      }
      lines.push('');
    }
  }
  if (outline.lossChange !== undefined) lines.push(markdownText(lossChangeMath(outline.lossChange)), '');
  return lines.join('\n');
}

// ---- LaTeX ----

/**
 * Characters of LaTeX's syntax, and the Unicode symbols plain-text notes use (∂ℒ/∂z⁽¹⁾₁), which
 * pdfLaTeX cannot typeset as text.
 */
const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '∂': '$\\partial$',
  'ℒ': '$\\mathcal{L}$',
  'ℓ': '$\\ell$',
  'δ': '$\\delta$',
  'σ': '$\\sigma$',
  'α': '$\\alpha$',
  'ŷ': '$\\hat{y}$',
  '−': '$-$',
  '×': '$\\times$',
  '·': '$\\cdot$',
  '≤': '$\\le$',
  '≥': '$\\ge$',
  '∞': '$\\infty$',
};

/** Unicode super- and subscripts of plain-text names (W⁽²⁾₁₁): which script each is, and its character. */
const SCRIPTS: Record<string, ['^' | '_', string]> = {
  ...Object.fromEntries([...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((char, digit): [string, ['^', string]] => [char, ['^', String(digit)]])),
  ...Object.fromEntries([...'₀₁₂₃₄₅₆₇₈₉'].map((char, digit): [string, ['_', string]] => [char, ['_', String(digit)]])),
  '⁽': ['^', '('],
  '⁾': ['^', ')'],
  'ⁱ': ['^', 'i'],
  'ˡ': ['^', 'l'],
  'ⱼ': ['_', 'j'],
  'ₖ': ['_', 'k'],
};

/** A run of Unicode scripts as one piece of math, each script merged: "⁽¹⁾₁" becomes "${}^{(1)}_{1}$". */
function scriptsAsMath(run: string): string {
  const groups: { mark: '^' | '_'; text: string }[] = [];
  for (const char of run) {
    const [mark, text] = SCRIPTS[char]!;
    const last = groups[groups.length - 1];
    if (last?.mark === mark) last.text += text;
    else groups.push({ mark, text });
  }
  return `$${groups.map((group) => `{}${group.mark}{${group.text}}`).join('')}$`;
}

function escapeLatex(text: string): string {
  return text
    .replace(/[\\{}$&%#_^~∂ℒℓδσαŷ−×·≤≥∞]/g, (char) => LATEX_SPECIALS[char] ?? char)
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉⁽⁾ⁱˡⱼₖ]+/g, scriptsAsMath);
}

function latexText(rich: RichText): string {
  return rich.map((part) => ('math' in part ? `$${part.math}$` : escapeLatex(part.text))).join('');
}

export function traceToLatex(trace: Trace, options: TraceExportOptions = {}): string {
  const outline = outlineTrace(trace);
  const lines: string[] = [
    '\\documentclass[11pt]{article}',
    '\\usepackage[margin=2cm]{geometry}',
    '\\usepackage{amsmath}',
    // \mathbb (the indicator in cross-entropy) comes from amssymb.
    '\\usepackage{amssymb}',
    `\\title{${escapeLatex(options.title ?? DEFAULT_TITLE)}}`,
    '\\date{}',
    '\\begin{document}',
    '\\maketitle',
    '',
  ];
  if (options.problem !== undefined) {
    lines.push('\\section*{Problem}', '\\begin{itemize}', ...problemStatement(options.problem).map((line) => `\\item ${latexText(line)}`), '\\end{itemize}', '');
  }
  for (const section of outline.sections) {
    lines.push(`\\section*{${escapeLatex(section.heading)}}`);
    for (const group of section.groups) {
      if (group.heading !== undefined) lines.push(`\\subsection*{${escapeLatex(group.heading)}}`);
      lines.push('\\begin{itemize}');
      for (const step of group.steps) {
        const note = step.note === undefined ? '' : `\\\\ \\emph{${escapeLatex(step.note)}}`;
        lines.push(`\\item[${step.number}.] $${step.tex}$${note}`);
      }
      lines.push('\\end{itemize}', '');
    }
  }
  if (outline.lossChange !== undefined) lines.push(latexText(lossChangeMath(outline.lossChange)), '');
  lines.push('\\end{document}', '');
  return lines.join('\n');
}
