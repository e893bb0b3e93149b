/**
 * The one place that turns a recorded step into TeX: the rule in symbols, the rule with the
 * numbers of that moment put in, and the result (see docs/NOTATION.md, "Reading a formula on screen").
 * Built on demand from the trace, so recording never pays for it.
 */
import { formatNumber, texNumber, texOperand } from './format';
import { OPS, joinTerms, predictionOf, targetOf, type Operand, type TexContext } from './ops';
import type { Trace } from './trace';
import type { BackwardStep, TraceNode } from './trace-data';

export interface StepTex {
  /** What the step computes, e.g. "\frac{\partial L}{\partial W^{[2]}_{11}}". */
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

/** The node's TeX name; unlabelled intermediate nodes are called v_{id}. */
export function symbolOf(node: TraceNode): string {
  return node.meta.label ?? `v_{${node.id}}`;
}

/** The TeX name of ∂L/∂node: its conventional name (δ) when it has one. */
export function gradSymbolOf(node: TraceNode): string {
  return node.meta.gradLabel ?? `\\frac{\\partial L}{\\partial ${symbolOf(node)}}`;
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

function contexts(trace: Trace, node: TraceNode, index: number, outValue: number, link: SymbolLinker): { symbolic: TexContext; numeric: TexContext } {
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
    ins: values.map((value) => texOperand(value.data)),
    out: texOperand(outValue),
    attrs: node.attrs,
    values,
    times: TIMES,
    numeric: true,
    target: (k) => texOperand(targetOf(node.op, node.attrs, k)),
    predicted: (k) => texOperand(predictionOf(node.op, values, k)),
  };
  return { symbolic, numeric };
}

/** The symbolic and numeric form of one edge's contribution: upstream × local derivative. */
function contributionTerms(trace: Trace, step: BackwardStep, index: number, link: SymbolLinker): { symbols: string; numbers: string; fromRoot: boolean } {
  const node = trace.node(step.node);
  const definition = OPS[node.op];
  const { symbolic, numeric } = contexts(trace, node, index, trace.valueAt(step.node, index + 1), link);
  const localSymbols = definition.texLocal(symbolic, step.inputIndex);
  const localNumbers = definition.texLocal(numeric, step.inputIndex);
  // Straight from the loss, ∂L/∂L = 1 adds nothing to read.
  const fromRoot = trace.backwardStartOf(index) >= 0 && trace.step(trace.backwardStartOf(index)).node === step.node;
  if (fromRoot) return { symbols: localSymbols, numbers: localNumbers, fromRoot };
  const upstream = link(gradSymbolOf(node), node.id, 'grad');
  if (localSymbols === '1') return { symbols: upstream, numbers: `${texOperand(step.upstreamGrad)}${TIMES}1`, fromRoot };
  return {
    symbols: `${upstream}${THIN_SPACE}${asFactor(localSymbols)}`,
    numbers: `${texOperand(step.upstreamGrad)}${TIMES}${asFactor(localNumbers)}`,
    fromRoot,
  };
}

export function stepTex(trace: Trace, index: number, link: SymbolLinker = plainSymbols): StepTex {
  const step = trace.step(index);
  const node = trace.node(step.node);
  switch (step.kind) {
    case 'forward': {
      const { symbolic, numeric } = contexts(trace, node, index, step.value, link);
      const definition = OPS[node.op];
      return {
        lhs: symbolOf(node),
        relation: '=',
        rule: definition.texForward(symbolic),
        substituted: definition.texForward(numeric),
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
          lhs: `\\frac{\\partial L}{\\partial ${symbolOf(node)}}`,
          relation: '=',
          rule: '1',
          substituted: '1',
          result: '1',
          note: 'Backward starts at the loss: it changes one-for-one with itself.',
        };
      }
      const edges = trace.contributionsTo(step.node, index);
      const terms = edges.map((edgeIndex) => {
        const edge = trace.step(edgeIndex) as BackwardStep;
        return { ...contributionTerms(trace, edge, edgeIndex, link), value: edge.contribution };
      });
      const single = terms.length === 1;
      return {
        lhs: gradSymbolOf(node),
        relation: '=',
        rule: single ? terms[0]!.symbols : joinTerms(terms.map((term) => asFactor(term.symbols))),
        substituted: single ? texNumber(terms[0]!.value) : joinTerms(terms.map((term) => texOperand(term.value))),
        result: texNumber(step.grad),
        note:
          step.contributions === 1
            ? 'This gradient is complete: it has one contribution.'
            : `This node feeds ${step.contributions} places, so its gradient is the sum of ${step.contributions} contributions.`,
      };
    }
    case 'update': {
      const symbol = symbolOf(node);
      return {
        lhs: symbol,
        relation: '\\leftarrow',
        rule: `${symbol} - \\alpha${THIN_SPACE}${link(gradSymbolOf(node), node.id, 'grad')}`,
        substituted: `${texOperand(step.oldValue)} - ${texOperand(step.learningRate)}${TIMES}${texOperand(step.grad)}`,
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

/** A TeX name read aloud or printed as text: "W^{[2]}_{11}" becomes "W[2]_11". */
export function texToText(tex: string): string {
  return tex
    .replace(/\\frac\{\\partial L\}\{\\partial (.*)\}$/, '∂L/∂$1')
    .replace(/\\delta/g, 'δ')
    .replace(/\\sigma/g, 'σ')
    .replace(/\\hat\{y\}/g, 'ŷ')
    .replace(/\\alpha/g, 'α')
    .replace(/\^\{/g, '')
    .replace(/_\{/g, '_')
    .replace(/[{}]/g, '');
}
