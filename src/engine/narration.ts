/**
 * Each step in words, for screen readers (an aria-live line) and for anyone who prefers a sentence
 * to a formula. Built from the trace, like the TeX, so the words and the formula always agree.
 */
import { formatNumber, roundToFigures, textOperandFigures } from './format';
import { OPS } from './ops';
import { figuresToLand, gradSymbolOf, operandFigures, symbolOf, texToText } from './tex';
import type { StepTags, Trace } from './trace';
import type { TraceNode } from './trace-data';

const PHASE_WORDS = { forward: 'Forward', loss: 'Loss', backward: 'Backward', update: 'Update' } as const;

const nameOf = (node: TraceNode): string => texToText(symbolOf(node));
const gradNameOf = (node: TraceNode): string => texToText(gradSymbolOf(node));

function where(tags: StepTags): string {
  const parts: string[] = [PHASE_WORDS[tags.phase]];
  if (tags.pass > 0) parts[0] += ` (after the update)`;
  if (tags.layer !== undefined && tags.layer > 0) parts.push(`layer ${tags.layer}`);
  if (tags.neuron !== undefined && tags.layer !== undefined && tags.layer > 0) parts.push(`neuron ${tags.neuron}`);
  if (tags.sample !== undefined) parts.push(`sample ${tags.sample}`);
  return parts.join(', ');
}

/** "a, b, c" — or, for long lists, the first three and a count, so a sentence stays a sentence. */
function list(names: readonly string[]): string {
  return names.length > 4 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

export function narrateStep(trace: Trace, index: number, ask = false): string {
  const step = trace.step(index);
  const node = trace.node(step.node);
  // In predict mode the sentence stops before the result and asks for it instead.
  const tell = (statement: string, result: string): string => `${where(trace.tags(index))}: ${statement}${ask ? ': predict the result.' : `${result}.`}`;
  // Operands as the formula card writes them: as many figures as redoing the line needs, and
  // negative ones in brackets so a product never reads as a subtraction.
  const operand = (x: number): string => textOperandFigures(x, operandFigures(trace, index));
  switch (step.kind) {
    case 'forward': {
      const inputs = node.inputs.map((id) => nameOf(trace.node(id)));
      const value = `, which is ${formatNumber(step.value)}`;
      if (node.op === 'linear') {
        const n = node.attrs[0]!;
        return tell(`${nameOf(node)} is the weighted sum of ${list(inputs.slice(n, 2 * n))} with weights ${list(inputs.slice(0, n))}, plus ${inputs[2 * n]}`, value);
      }
      return tell(`${nameOf(node)} is ${OPS[node.op].description} of ${list(inputs)}`, value);
    }
    case 'backward': {
      const input = trace.node(step.input);
      // The sentence multiplies the local derivative as one number (the card writes it out), so its
      // two factors get the figures that make their product land, as the card's operands do.
      const digits = figuresToLand((d) => roundToFigures(step.upstreamGrad, d) * roundToFigures(step.localDerivative, d), step.contribution);
      const factor = (x: number): string => textOperandFigures(x, digits);
      const shared = step.contributionCount > 1 ? ` (contribution ${step.contributionIndex} of ${step.contributionCount}, running total ${formatNumber(step.accumulatedGrad)})` : '';
      // Asking, the sentence leaves the numbers to the card: the local derivative can be the result
      // itself (times ∂ℒ/∂ℒ = 1), and the card writes it out, z(1 − z), rather than as one number.
      const product = ask ? '' : `: ${factor(step.upstreamGrad)} × ${factor(step.localDerivative)}`;
      return tell(`${gradNameOf(input)} receives ${gradNameOf(node)} times the local derivative${product}`, ` = ${formatNumber(step.contribution)}${shared}`);
    }
    case 'gradient':
      if (step.contributions === 0) return tell(`backward starts at ${nameOf(node)}`, ` with ${gradNameOf(node)} = 1`);
      return tell(`${gradNameOf(node)} is complete: ${step.contributions === 1 ? 'one contribution' : `the sum of ${step.contributions} contributions`}`, `, ${formatNumber(step.grad)}`);
    case 'update':
      return tell(`${nameOf(node)} becomes ${operand(step.oldValue)} − ${operand(step.learningRate)} × ${operand(step.grad)}`, ` = ${formatNumber(step.newValue)}`);
  }
}
