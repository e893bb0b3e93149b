/**
 * A recorded trace as Beamer slides for a lecturer's PDF deck: one frame per run of a phase
 * (forward, loss, backward, update, forward with the new weights), one overlay per stop of the
 * player (stepping by operation), each showing the network in TikZ with what the step touches
 * highlighted (the edge of its weight, its neuron), each neuron's z written under it once computed,
 * and the formula card's three lines: the rule,
 * the numbers put in, the result. A standalone document that pdflatex compiles (beamer, amsmath,
 * amssymb, TikZ).
 */
import type { Problem } from '../data/problem';
import { texNumber } from '../engine/format';
import { computeStops } from '../engine/stops';
import { stepTex } from '../engine/tex';
import type { Phase, Trace } from '../engine/trace';

export interface BeamerOptions {
  title?: string;
  problem: Problem;
}

const PHASE_TITLES: Record<Phase, string> = { forward: 'Forward pass', loss: 'Loss', backward: 'Backward pass', update: 'Gradient-descent step' };

/** Centimetres between layer columns and between neurons of a column. */
const COLUMN_GAP = 2.4;
const ROW_GAP = 1.35;

/** What a step touches in the picture: the edges (layer, neuron, input) of its weights, and its neurons. */
interface Touched {
  edges: Set<string>;
  neurons: Set<string>;
}

const edgeKey = (layer: number, neuron: number, input: number): string => `${layer}-${neuron}-${input}`;
const neuronKey = (layer: number, neuron: number): string => `${layer}-${neuron}`;

function touchedBy(trace: Trace, index: number): Touched {
  const step = trace.step(index);
  const ids = step.kind === 'backward' ? [step.node, step.input] : [step.node];
  const edges = new Set<string>();
  const neurons = new Set<string>();
  for (const id of ids) {
    const node = trace.node(id);
    // A weight is an edge; so is the product w·z it feeds, and the step through that product.
    const weights = [node, ...(node.op === 'mul' ? node.inputs.map((input) => trace.node(input)) : [])].filter((candidate) => candidate.meta.role === 'weight');
    for (const weight of weights) {
      const { layer, neuron, input } = weight.meta;
      if (layer !== undefined && neuron !== undefined && input !== undefined) edges.add(edgeKey(layer, neuron, input));
    }
    const { layer, neuron, role } = node.meta;
    if (weights.length === 0 && role !== 'weight' && layer !== undefined && neuron !== undefined) neurons.add(neuronKey(layer, neuron));
  }
  return { edges, neurons };
}

/**
 * Where each neuron's activation z (an input's x) is computed in each pass: its forward step and
 * value, keyed by pass then neuron. An input is given, so it has no step (and is the same in every
 * pass). A batch has one node per sample for each neuron, so no single number: those are left out.
 */
function activationsOf(trace: Trace): Map<string, { step: number; value: number }> {
  const found = new Map<string, { step: number; value: number }>();
  for (let id = 0; id < trace.nodeCount; id++) {
    const node = trace.node(id);
    const { role, layer, neuron, sample } = node.meta;
    if (role === 'input' && sample === undefined && layer !== undefined && neuron !== undefined) found.set(`0:${neuronKey(layer, neuron)}`, { step: -1, value: node.value });
  }
  for (let index = 0; index < trace.length; index++) {
    const step = trace.step(index);
    if (step.kind !== 'forward') continue;
    const { role, layer, neuron, sample } = trace.node(step.node).meta;
    if (role === 'activation' && sample === undefined && layer !== undefined && neuron !== undefined) {
      found.set(`${trace.passOf(index)}:${neuronKey(layer, neuron)}`, { step: index, value: step.value });
    }
  }
  return found;
}

/** Shrinks a formula line to the column's width when it is wider, never enlarges it. */
const PREAMBLE = String.raw`\documentclass[aspectratio=169]{beamer}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{tikz}
\setbeamertemplate{navigation symbols}{}
\newsavebox{\cardline}
\newcommand{\fitline}[1]{\sbox{\cardline}{$\displaystyle #1$}\ifdim\wd\cardline>\linewidth\resizebox{\linewidth}{!}{\usebox{\cardline}}\else\usebox{\cardline}\fi\par\medskip}
\tikzset{neuron/.style={circle, draw, thick, minimum size=9mm, inner sep=0pt, font=\small},
  now/.style={draw=orange!80!black, line width=2.2pt},
  edge/.style={draw=blue!60, thick},
  number/.style={font=\scriptsize, fill=white, inner sep=1pt}}`;

function escapeText(text: string): string {
  return text.replace(/[\\{}$&#^_%~]/g, (char) => (char === '\\' ? '\\textbackslash{}' : char === '^' || char === '~' ? `\\${char}{}` : `\\${char}`));
}

/** The network as a TikZ picture, with the overlays at which each edge and neuron is highlighted. */
function networkPicture(
  sizes: readonly number[],
  edgeOverlays: Map<string, number[]>,
  neuronOverlays: Map<string, number[]>,
  numberAt: (layer: number, neuron: number) => readonly string[],
): string {
  const tallest = Math.max(...sizes);
  const y = (size: number, j: number): number => ((size - 1) / 2 - (j - 1)) * ROW_GAP * Math.min(1, 4 / tallest);
  const lines = ['\\begin{tikzpicture}[x=1cm, y=1cm]'];
  const when = (overlays: number[] | undefined): string => (overlays === undefined || overlays.length === 0 ? '' : `<${overlays.join(',')}>`);
  for (let layer = 1; layer < sizes.length; layer++) {
    for (let j = 1; j <= sizes[layer]!; j++) {
      for (let k = 1; k <= sizes[layer - 1]!; k++) {
        const from = `n${layer - 1}-${k}`;
        const to = `n${layer}-${j}`;
        const position = (l: number, n: number): string => `(${(l * COLUMN_GAP).toFixed(2)}, ${y(sizes[l]!, n).toFixed(2)})`;
        lines.push(`  \\draw[edge] ${position(layer - 1, k)} -- ${position(layer, j)};`);
        const overlays = when(edgeOverlays.get(edgeKey(layer, j, k)));
        if (overlays !== '') lines.push(`  \\draw${overlays}[now] ${position(layer - 1, k)} -- ${position(layer, j)}; % ${from} to ${to}`);
      }
    }
  }
  sizes.forEach((size, layer) => {
    for (let j = 1; j <= size; j++) {
      const name = layer === 0 ? `x_{${j}}` : `z^{[${layer}]}_{${j}}`;
      const at = `(${(layer * COLUMN_GAP).toFixed(2)}, ${y(size, j).toFixed(2)})`;
      lines.push(`  \\node[neuron, fill=${layer === 0 ? 'black!8' : 'white'}] at ${at} {$${name}$};`);
      const overlays = when(neuronOverlays.get(neuronKey(layer, j)));
      if (overlays !== '') lines.push(`  \\node${overlays}[neuron, now, fill=orange!12] at ${at} {$${name}$};`);
      // The number under the neuron, as it stands at each overlay: one node per run of overlays
      // showing the same number, so a frame reads on its own, on paper too.
      const shown = numberAt(layer, j);
      const below = `(${(layer * COLUMN_GAP).toFixed(2)}, ${(y(size, j) - 0.62).toFixed(2)})`;
      for (let first = 0; first < shown.length; ) {
        let last = first;
        while (last + 1 < shown.length && shown[last + 1] === shown[first]) last++;
        if (shown[first] !== '') lines.push(`  \\node<${first + 1}-${last + 1}>[number] at ${below} {$${shown[first]}$};`);
        first = last + 1;
      }
    }
  });
  const last = sizes.length - 1;
  lines.push(`  \\node[draw, rounded corners, thick, minimum size=8mm] at (${(last * COLUMN_GAP + 1.8).toFixed(2)}, 0) {$\\mathcal{L}$};`);
  lines.push('\\end{tikzpicture}');
  return lines.join('\n');
}

/** A run of consecutive stops in one phase of one pass: one frame. */
interface FrameStops {
  phase: Phase;
  pass: number;
  stops: number[];
}

function framesOf(trace: Trace, stops: readonly number[]): FrameStops[] {
  const frames: FrameStops[] = [];
  for (const stop of stops) {
    const phase = trace.phaseOf(stop);
    const pass = trace.passOf(stop);
    const last = frames[frames.length - 1];
    if (last !== undefined && last.phase === phase && last.pass === pass) last.stops.push(stop);
    else frames.push({ phase, pass, stops: [stop] });
  }
  return frames;
}

export function traceToBeamer(trace: Trace, options: BeamerOptions): string {
  const { problem } = options;
  const sizes = [problem.inputs[0]?.length ?? 0, ...problem.layers.map((layer) => layer.weights.length)];
  const stops = computeStops(trace, 'op');
  const activations = activationsOf(trace);
  const out = [PREAMBLE, `\\title{${escapeText(options.title ?? 'Backpropagation, step by step')}}`, '\\date{}', '\\begin{document}', '\\frame{\\titlepage}', ''];
  let number = 0;
  for (const frame of framesOf(trace, stops)) {
    const edgeOverlays = new Map<string, number[]>();
    const neuronOverlays = new Map<string, number[]>();
    const cards: string[] = [];
    frame.stops.forEach((stop, i) => {
      const overlay = i + 1;
      number++;
      const touched = touchedBy(trace, stop);
      for (const key of touched.edges) edgeOverlays.set(key, [...(edgeOverlays.get(key) ?? []), overlay]);
      for (const key of touched.neurons) neuronOverlays.set(key, [...(neuronOverlays.get(key) ?? []), overlay]);
      const tex = stepTex(trace, stop);
      const card = [`\\fitline{${tex.lhs} ${tex.relation} ${tex.rule}}`];
      if (tex.substituted !== tex.rule) card.push(`\\fitline{= ${tex.substituted}}`);
      if (tex.result !== tex.substituted) card.push(`\\fitline{= ${tex.result}}`);
      cards.push(`  \\only<${overlay}>{\\textbf{Stop ${number} of ${stops.length}}\\par\\medskip\n${card.map((line) => `  ${line}`).join('\n')}}`);
    });
    const title = `${PHASE_TITLES[frame.phase]}${frame.pass > 0 ? ' (new weights)' : ''}`;
    out.push(
      `\\begin{frame}{${title}}`,
      '\\begin{columns}[T]',
      '\\begin{column}{0.5\\textwidth}',
      '\\centering',
      `\\resizebox{\\linewidth}{!}{${networkPicture(sizes, edgeOverlays, neuronOverlays, (layer, neuron) => {
        const at = activations.get(`${layer === 0 ? 0 : frame.pass}:${neuronKey(layer, neuron)}`);
        return frame.stops.map((stop) => (at !== undefined && at.step <= stop ? texNumber(at.value) : ''));
      })}}`,
      '\\end{column}',
      '\\begin{column}{0.48\\textwidth}',
      ...cards,
      '\\end{column}',
      '\\end{columns}',
      '\\end{frame}',
      '',
    );
  }
  out.push('\\end{document}', '');
  return out.join('\n');
}
