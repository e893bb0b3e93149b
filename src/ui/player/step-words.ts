/** A short heading for a step: where it is and what it computes, e.g. "Backward · layer 2 · neuron 1 · δ". */
import type { StepRole, Trace } from '../../engine/trace';

const ROLE_WORDS: Record<StepRole, string> = {
  'pre-activation': 'weighted sum a',
  activation: 'activation z',
  loss: 'loss',
  delta: 'error term δ',
  'weight-gradient': 'weight gradient',
  'bias-gradient': 'bias gradient',
  'activation-gradient': 'gradient of an activation',
  update: 'gradient-descent step',
  op: 'operation',
};

const PHASE_WORDS = { forward: 'Forward', loss: 'Loss', backward: 'Backward', update: 'Update' } as const;

export function describeStep(trace: Trace, step: number): string {
  const tags = trace.tags(step);
  const parts = [tags.pass > 0 ? `${PHASE_WORDS[tags.phase]} (new weights)` : PHASE_WORDS[tags.phase]];
  if (tags.layer !== undefined && tags.layer > 0) parts.push(`layer ${tags.layer}`);
  if (tags.neuron !== undefined && tags.layer !== undefined && tags.layer > 0) parts.push(`neuron ${tags.neuron}`);
  if (tags.sample !== undefined) parts.push(`sample ${tags.sample}`);
  parts.push(ROLE_WORDS[tags.role]);
  return parts.join(' · ');
}
