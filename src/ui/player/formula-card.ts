/**
 * What the formula card shows for a step, apart from the component: the step's TeX with every
 * symbol linked to the step that produced it, and its lines typeset. Kept here so the player can
 * typeset the next step's card while the browser is idle, exactly as the card will show it.
 */
import katex from 'katex';
import { stepTex, symbolOf, texToText, type StepTex, type SymbolLinker } from '../../engine/tex';
import type { Trace } from '../../engine/trace';
import { parseFragment } from '../morph';
import { TypesetCache } from '../typeset-cache';
import { StepMemo } from './step-memo';
import type { TraceIndex } from './trace-index';

export interface CardLink {
  node: number;
  stands: 'value' | 'grad';
  label: string;
  target: number;
}

export interface CardContent {
  tex: StepTex;
  /** The symbols the formula shows that came from another step. */
  links: CardLink[];
  /** TeX of each line: the rule, then (when they differ from the line before) the numbers and the result. */
  rule: string;
  substituted?: string;
  result?: string;
}

/** The step a symbol's number came from, if it came from a step at all. */
export function producerOf(index: TraceIndex, node: number, stands: 'value' | 'grad', step: number): number | undefined {
  return stands === 'value' ? index.producerOf(node, step) : index.gradientStepOf(node, step);
}

// The card of a stop is built when the player prepares it ahead and again when it is shown: once is enough.
const contents = new StepMemo<CardContent>();

/** What the card shows at a step (the same object for the same step, from the last few asked for). */
export function cardContent(trace: Trace, index: TraceIndex, step: number): CardContent {
  return contents.get(index, String(step), () => buildCardContent(trace, index, step));
}

function buildCardContent(trace: Trace, index: TraceIndex, step: number): CardContent {
  const links = new Map<string, CardLink>();
  const link: SymbolLinker = (tex, node, stands) => {
    const target = producerOf(index, node, stands, step);
    if (target === undefined) return tex;
    const name = stands === 'value' ? texToText(symbolOf(trace.node(node))) : texToText(tex);
    links.set(`${stands}:${node}`, { node, stands, label: name, target });
    return `\\htmlData{node=${node}, stands=${stands}}{${tex}}`;
  };
  const tex = stepTex(trace, step, link);
  // Templates are handed every operand; list only the symbols the formula actually shows.
  const shown = `${tex.lhs} ${tex.rule}`;
  const used = [...links.values()].filter((entry) => shown.includes(`\\htmlData{node=${entry.node}, stands=${entry.stands}}`));
  return {
    tex,
    links: used.filter((entry) => entry.target !== step),
    rule: `${tex.lhs} ${tex.relation} ${tex.rule}`,
    ...(tex.substituted !== tex.rule && { substituted: `= ${tex.substituted}` }),
    ...(tex.result !== tex.substituted && { result: `= ${tex.result}` }),
  };
}

// Glyphs only, no MathML copy: the card says its step in words for screen readers instead (see
// FormulaCard.svelte), and the MathML copy was a third of what the browser laid out at each step.
const typesetLines = new TypesetCache((source) =>
  katex.renderToString(source, {
    displayMode: true,
    output: 'html',
    throwOnError: false,
    // Only the two data attributes our own linker writes (data-node, data-stands); no other
    // command (\href, \url, \includegraphics, \htmlStyle…) and no other attribute is trusted.
    trust: (context) => context.command === '\\htmlData' && Object.keys(context.attributes).every((name) => name === 'data-node' || name === 'data-stands'),
    strict: 'ignore',
  }),
);

function typesetCardLine(source: string): string {
  return typesetLines.get(source);
}

// Lines typeset and parsed into elements ahead of time, each used once. Only the stops either
// side of the current one are prepared, so a handful is plenty; the oldest go first.
const PREPARED_LIMIT = 12;
const preparedLines = new Map<string, DocumentFragment>();

/** The elements of a typeset line: prepared ahead if they were, else typeset and parsed now. */
export function cardLineElements(source: string): DocumentFragment {
  const prepared = preparedLines.get(source);
  if (prepared === undefined) return parseFragment(typesetCardLine(source));
  preparedLines.delete(source);
  return prepared;
}

/**
 * Typesets a step's card and parses its lines into elements now, before the step is shown (the
 * player calls it between presses), so that showing the step later only has to insert them
 * (parsing KaTeX's markup was a good part of a step's time).
 */
export function prepareCard(trace: Trace, index: TraceIndex, step: number): void {
  const content = cardContent(trace, index, step);
  for (const line of [content.rule, content.substituted, content.result]) {
    if (line === undefined || preparedLines.has(line)) continue;
    preparedLines.set(line, parseFragment(typesetCardLine(line)));
    if (preparedLines.size > PREPARED_LIMIT) preparedLines.delete(preparedLines.keys().next().value!);
  }
}
