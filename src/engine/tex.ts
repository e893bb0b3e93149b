/**
 * The one place that turns a recorded step into TeX: the rule in symbols, the rule with the
 * numbers of that moment put in, and the result (see docs/NOTATION.md, "Reading a formula on screen").
 * Built on demand from the trace, so recording never pays for it.
 */
import { formatNumber, roundToFigures, SIGNIFICANT_FIGURES, texNumber, texOperand, texOperandFigures } from './format';
import { OP_TEX, joinTerms, type TexContext } from './op-tex';
import { OPS, predictionOf, targetOf, type Operand } from './ops';
import type { Trace } from './trace';
import type { BackwardStep, TraceNode, TraceStep } from './trace-data';

export interface StepTex {
  /** What the step computes, e.g. "\frac{\partial \mathcal{L}}{\partial W^{[2]}_{11}}". */
  lhs: string;
  /** "=", "\mathrel{+}=" for one contribution of several, or "\leftarrow" for an update. */
  relation: string;
  /** The rule in symbols. */
  rule: string;
  /** The same rule with the numbers put in. */
  substituted: string;
  /** The resulting number. */
  result: string;
  /** A plain-text sentence worth showing beside the formula, when there is one. */
  note?: string;
}

/**
 * Wraps the TeX of a symbol that stands for a node's value or gradient, e.g. to make it a link in
 * a formula card. The default leaves it as it is.
 */
export type SymbolLinker = (tex: string, nodeId: number, stands: 'value' | 'grad') => string;
const plainSymbols: SymbolLinker = (tex) => tex;

/**
 * The node's TeX name; a constant without a name is its number (lesson 6's v = 2u, not v = u v₁),
 * and other unlabelled intermediate nodes are called v_{id}.
 */
export function symbolOf(node: TraceNode): string {
  if (node.meta.label !== undefined) return node.meta.label;
  return node.meta.role === 'constant' ? texOperand(node.value) : `v_{${node.id}}`;
}

/** The TeX name of ∂ℒ/∂node: its conventional name (δ) when it has one. */
export function gradSymbolOf(node: TraceNode): string {
  return node.meta.gradLabel ?? `\\frac{\\partial \\mathcal{L}}{\\partial ${symbolOf(node)}}`;
}

const THIN_SPACE = '\\,';
const TIMES = ' \\times ';

/** Whether a TeX expression is a sum or difference at its top level (outside every group). */
function isTopLevelSum(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const char = tex[i];
    if (char === '{' || char === '(') depth++;
    else if (char === '}' || char === ')') depth--;
    else if (depth === 0 && (char === '+' || char === '-') && tex[i - 1] === ' ' && tex[i + 1] === ' ') return true;
  }
  return false;
}

/** Wraps a factor that is a sum or difference, so juxtaposing it reads as a product. */
function asFactor(tex: string): string {
  return isTopLevelSum(tex) ? `\\left(${tex}\\right)` : tex;
}

function sampleSuperscript(node: TraceNode): string {
  return node.meta.sample === undefined ? '' : `^{(${node.meta.sample})}`;
}

/** The most figures an operand gets; past this a line is as redoable as doubles make it. */
const MAX_OPERAND_FIGURES = 8;

/** The line a step's card writes with numbers, recomputed from its operands rounded to `digits`. */
function redoLine(trace: Trace, index: number, digits: number): number {
  const round = (x: number): number => roundToFigures(x, digits);
  const step = trace.step(index);
  const node = trace.node(step.node);
  const rounded = (at: number): Operand[] => node.inputs.map((id) => ({ data: round(trace.valueAt(id, at)) }));
  switch (step.kind) {
    case 'forward':
      return OPS[node.op].forward(rounded(index), node.attrs);
    case 'backward': {
      const local = OPS[node.op].local(rounded(index), round(trace.valueAt(step.node, index + 1)), step.inputIndex, node.attrs);
      return isFromRoot(trace, step, index) ? local : round(step.upstreamGrad) * local;
    }
    case 'gradient': {
      // Where backward starts, ∂ℒ/∂ℒ = 1 has no operands at all.
      if (step.contributions === 0) return step.grad;
      return trace.contributionsTo(step.node, index).reduce((total, edge) => total + round((trace.step(edge) as BackwardStep).contribution), 0);
    }
    case 'update':
      return round(step.oldValue) - round(step.learningRate) * round(step.grad);
  }
}

function resultOf(step: TraceStep): number {
  switch (step.kind) {
    case 'forward':
      return step.value;
    case 'backward':
      return step.contribution;
    case 'gradient':
      return step.grad;
    case 'update':
      return step.newValue;
  }
}

/**
 * How close a line redone from its printed operands must come to the true result: as close as the
 * printed four-figure result itself is (half a unit in the fourth figure, 5e-4 relatively), so the
 * redone number is within the grader's rtol 1e-3 with room to spare and differs from the printed
 * result by at most one in the last figure (a tie such as 0.1385 × 0.45 = 0.062325 may round up).
 */
const REDO_RTOL = 5e-4;
const REDO_ATOL = 1e-12;

/**
 * How many significant figures the numbers put into a step's rule get. Four, like every number,
 * when redoing the line on a calculator from those four-figure numbers lands on the result (see
 * REDO_RTOL). Not always: each rounded operand is off by up to 5e-4 relatively, so a product of
 * two or three of them can be off by 1e-3 to 1.5e-3 (past the grader's rtol 1e-3), a weighted sum
 * that nearly cancels more, and 1 − z with z = 0.99996 shown as 1 is off entirely. Then, and only
 * then, the operands get more figures, the fewest that make the line land, so the card can always
 * be checked by hand. The result itself is always printed to four figures.
 */
export function operandFigures(trace: Trace, index: number): number {
  return figuresToLand((digits) => redoLine(trace, index, digits), resultOf(trace.step(index)));
}

/** The fewest figures (four or more) with which `redo`, a line recomputed from operands rounded to them, lands on `result`. */
export function figuresToLand(redo: (digits: number) => number, result: number): number {
  for (let digits = SIGNIFICANT_FIGURES; digits < MAX_OPERAND_FIGURES; digits++) {
    if (Math.abs(redo(digits) - result) <= REDO_RTOL * Math.abs(result) + REDO_ATOL) return digits;
  }
  return MAX_OPERAND_FIGURES;
}

function contexts(trace: Trace, node: TraceNode, index: number, outValue: number, link: SymbolLinker, digits: number): { symbolic: TexContext; numeric: TexContext } {
  const values: Operand[] = node.inputs.map((id) => ({ data: trace.valueAt(id, index) }));
  const sample = sampleSuperscript(node);
  const symbolic: TexContext = {
    ins: node.inputs.map((id) => link(symbolOf(trace.node(id)), id, 'value')),
    out: link(symbolOf(node), node.id, 'value'),
    attrs: node.attrs,
    values,
    times: THIN_SPACE,
    numeric: false,
    target: (k) => `y${sample}_{${k + 1}}`,
    predicted: (k) => `\\hat{y}${sample}_{${k + 1}}`,
  };
  const numeric: TexContext = {
    ins: values.map((value) => texOperandFigures(value.data, digits)),
    out: texOperandFigures(outValue, digits),
    attrs: node.attrs,
    values,
    times: TIMES,
    numeric: true,
    target: (k) => texOperandFigures(targetOf(node.op, node.attrs, k), digits),
    predicted: (k) => texOperandFigures(predictionOf(node.op, values, k), digits),
  };
  return { symbolic, numeric };
}

/** Whether a backward edge leaves the node backward started from (the loss). */
function isFromRoot(trace: Trace, step: BackwardStep, index: number): boolean {
  const start = trace.backwardStartOf(index);
  return start >= 0 && trace.step(start).node === step.node;
}

/** The symbolic and numeric form of one edge's contribution: upstream × local derivative. */
function contributionTerms(trace: Trace, step: BackwardStep, index: number, link: SymbolLinker): { symbols: string; numbers: string; fromRoot: boolean } {
  const node = trace.node(step.node);
  const opTex = OP_TEX[node.op];
  const digits = operandFigures(trace, index);
  const { symbolic, numeric } = contexts(trace, node, index, trace.valueAt(step.node, index + 1), link, digits);
  const localSymbols = opTex.local(symbolic, step.inputIndex);
  const localNumbers = opTex.local(numeric, step.inputIndex);
  // Straight from the loss, ∂ℒ/∂ℒ = 1 adds nothing to read.
  const fromRoot = isFromRoot(trace, step, index);
  if (fromRoot) return { symbols: localSymbols, numbers: localNumbers, fromRoot };
  const upstream = link(gradSymbolOf(node), node.id, 'grad');
  if (localSymbols === '1') return { symbols: upstream, numbers: `${texOperandFigures(step.upstreamGrad, digits)}${TIMES}1`, fromRoot };
  return {
    symbols: `${upstream}${THIN_SPACE}${asFactor(localSymbols)}`,
    numbers: `${texOperandFigures(step.upstreamGrad, digits)}${TIMES}${asFactor(localNumbers)}`,
    fromRoot,
  };
}

export function stepTex(trace: Trace, index: number, link: SymbolLinker = plainSymbols): StepTex {
  const step = trace.step(index);
  const node = trace.node(step.node);
  switch (step.kind) {
    case 'forward': {
      const { symbolic, numeric } = contexts(trace, node, index, step.value, link, operandFigures(trace, index));
      const opTex = OP_TEX[node.op];
      return {
        lhs: symbolOf(node),
        relation: '=',
        rule: opTex.forward(symbolic),
        substituted: opTex.forward(numeric),
        result: texNumber(step.value),
      };
    }
    case 'backward': {
      const input = trace.node(step.input);
      const { symbols, numbers } = contributionTerms(trace, step, index, link);
      const shared = step.contributionCount > 1;
      const note = OPS[node.op].backwardNote;
      const runningTotal = shared
        ? `Contribution ${step.contributionIndex} of ${step.contributionCount}: the running total of ${texToText(gradSymbolOf(input))} is now ${formatNumber(step.accumulatedGrad)}.`
        : undefined;
      const notes = [note, runningTotal].filter((text): text is string => text !== undefined);
      return {
        lhs: gradSymbolOf(input),
        relation: shared ? '\\mathrel{+}=' : '=',
        rule: symbols,
        substituted: numbers,
        result: texNumber(step.contribution),
        ...(notes.length > 0 && { note: notes.join(' ') }),
      };
    }
    case 'gradient': {
      if (step.contributions === 0) {
        return {
          // ∂ℒ/∂ℒ for a network's loss; an expression's result names its own (∂f/∂f).
          lhs: gradSymbolOf(node),
          relation: '=',
          rule: '1',
          substituted: '1',
          result: '1',
          note: 'Backward starts at the loss: it changes one-for-one with itself.',
        };
      }
      const edges = trace.contributionsTo(step.node, index);
      const digits = operandFigures(trace, index);
      const terms = edges.map((edgeIndex) => {
        const edge = trace.step(edgeIndex) as BackwardStep;
        return { ...contributionTerms(trace, edge, edgeIndex, link), value: edge.contribution };
      });
      const single = terms.length === 1;
      return {
        lhs: gradSymbolOf(node),
        relation: '=',
        rule: single ? terms[0]!.symbols : joinTerms(terms.map((term) => asFactor(term.symbols))),
        substituted: single ? texNumber(terms[0]!.value) : joinTerms(terms.map((term) => texOperandFigures(term.value, digits))),
        result: texNumber(step.grad),
        note:
          step.contributions === 1
            ? 'This gradient is complete: it has one contribution.'
            : `This node feeds ${step.contributions} places, so its gradient is the sum of ${step.contributions} contributions.`,
      };
    }
    case 'update': {
      const symbol = symbolOf(node);
      const digits = operandFigures(trace, index);
      return {
        lhs: symbol,
        relation: '\\leftarrow',
        rule: `${symbol} - \\alpha${THIN_SPACE}${link(gradSymbolOf(node), node.id, 'grad')}`,
        substituted: `${texOperandFigures(step.oldValue, digits)} - ${texOperandFigures(step.learningRate, digits)}${TIMES}${texOperandFigures(step.grad, digits)}`,
        result: texNumber(step.newValue),
      };
    }
  }
}

/** The whole step as one TeX line, lhs = rule = substituted = result, without saying anything twice. */
export function stepTexLine(tex: StepTex): string {
  const parts = [tex.rule, tex.substituted, tex.result].filter((part, i, all) => i === 0 || part !== all[i - 1]);
  return `${tex.lhs} ${tex.relation} ${parts.join(' = ')}`;
}

const SUPERSCRIPT: Record<string, string> = {
  ...Object.fromEntries([...'0123456789'].map((digit, i) => [digit, '⁰¹²³⁴⁵⁶⁷⁸⁹'[i]!])),
  // The layer's square brackets have no superscript form; parentheses are what Unicode offers.
  '[': '⁽',
  ']': '⁾',
  '(': '⁽',
  ')': '⁾',
  '+': '⁺',
  '-': '⁻',
  i: 'ⁱ',
  l: 'ˡ',
  n: 'ⁿ',
  T: 'ᵀ',
};

const SUBSCRIPT: Record<string, string> = {
  ...Object.fromEntries([...'0123456789'].map((digit, i) => [digit, '₀₁₂₃₄₅₆₇₈₉'[i]!])),
  '(': '₍',
  ')': '₎',
  '+': '₊',
  '-': '₋',
  ',': ',',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  l: 'ₗ',
  m: 'ₘ',
  n: 'ₙ',
};

/** A script in Unicode when every character has a form; otherwise marked by ^( ) or _( ), still unambiguous. */
function script(text: string, forms: Record<string, string>, mark: string): string {
  const chars = [...text];
  return chars.every((char) => char in forms) ? chars.map((char) => forms[char]).join('') : `${mark}(${text})`;
}

const SYMBOLS: [RegExp, string][] = [
  [/\\mathcal\{L\}/g, 'ℒ'],
  [/\\hat\{y\}/g, 'ŷ'],
  [/\\delta/g, 'δ'],
  [/\\Delta/g, 'Δ'],
  [/\\sigma/g, 'σ'],
  [/\\alpha/g, 'α'],
  [/\\ell/g, 'ℓ'],
];

/**
 * A TeX name as plain text for screen readers, chips and terminals, written as the card writes it:
 * "W^{[2]}_{11}" becomes "W⁽²⁾₁₁", "\frac{\partial \mathcal{L}}{\partial a^{[1]}_{2}}" "∂ℒ/∂a⁽¹⁾₂".
 */
export function texToText(tex: string): string {
  const derivative = /^\\frac\{\\partial (.*?)\}\{\\partial (.*)\}$/.exec(tex);
  if (derivative !== null) return `∂${texToText(derivative[1]!)}/∂${texToText(derivative[2]!)}`;
  let text = tex;
  for (const [pattern, symbol] of SYMBOLS) text = text.replace(pattern, symbol);
  return text
    .replace(/\^\{([^{}]*)\}/g, (_match, inner: string) => script(inner, SUPERSCRIPT, '^'))
    .replace(/_\{([^{}]*)\}/g, (_match, inner: string) => script(inner, SUBSCRIPT, '_'))
    .replace(/\^([0-9a-zA-Z])/g, (_match, inner: string) => script(inner, SUPERSCRIPT, '^'))
    .replace(/_([0-9a-zA-Z])/g, (_match, inner: string) => script(inner, SUBSCRIPT, '_'))
    .replace(/[{}]/g, '');
}
