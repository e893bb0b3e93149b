/**
 * A recorded trace arranged as a worked solution: sections by phase (forward, loss, backward,
 * update, forward after the update), groups by layer, every step as one TeX line with its note,
 * and the loss before and after the update. The Markdown and LaTeX exports render this outline,
 * so both say the same thing in the same order.
 */
import { stepTex, stepTexLine } from '../engine/tex';
import type { StepTags, Trace } from '../engine/trace';

export interface OutlineStep {
  /** The step's position in the trace, 1-based as a handout numbers it. */
  number: number;
  /** lhs = rule = substituted = result, as one TeX line. */
  tex: string;
  /** StepTex's plain-text sentence about the step, when it has one. */
  note?: string;
}

export interface OutlineGroup {
  heading?: string;
  steps: OutlineStep[];
}

export interface OutlineSection {
  heading: string;
  groups: OutlineGroup[];
}

export interface TraceOutline {
  sections: OutlineSection[];
  /** The loss of the first forward pass and of the last one, when the trace re-forwards after an update. */
  lossChange?: { before: number; after: number };
}

function afterUpdate(pass: number): string {
  return pass === 1 ? 'after the update' : `after update ${pass}`;
}

/** One section per phase of each pass; a forward pass after an update shows its loss with it. */
function sectionHeading(tags: StepTags): string {
  const { phase, pass } = tags;
  if (pass > 0 && (phase === 'forward' || phase === 'loss')) return `Forward pass ${afterUpdate(pass)}`;
  const suffix = pass > 0 ? ` (${afterUpdate(pass)})` : '';
  switch (phase) {
    case 'forward':
      return `Forward pass${suffix}`;
    case 'loss':
      return `Loss${suffix}`;
    case 'backward':
      return `Backward pass${suffix}`;
    case 'update':
      return `Gradient-descent step${suffix}`;
  }
}

/**
 * Forward and update steps come layer by layer, so they group by layer (and sample). Backward
 * steps interleave layers as the chain rule visits them, so they stay one list. Undefined means
 * "stays in the current group".
 */
function groupHeading(tags: StepTags): string | undefined {
  const { phase, layer, sample, pass } = tags;
  if (phase === 'loss') return pass > 0 ? 'Loss' : undefined;
  if ((phase === 'forward' || phase === 'update') && layer !== undefined) {
    return sample === undefined ? `Layer ${layer}` : `Sample ${sample}, layer ${layer}`;
  }
  return undefined;
}

/** The loss a forward pass ended with: its last loss step (for a batch, the mean after the per-sample losses). */
function lossOfPass(trace: Trace, pass: number): number | undefined {
  let loss: number | undefined;
  for (let i = 0; i < trace.length; i++) {
    const step = trace.step(i);
    const tags = trace.tags(i);
    if (step.kind === 'forward' && tags.phase === 'loss' && tags.pass === pass) loss = step.value;
  }
  return loss;
}

export function outlineTrace(trace: Trace): TraceOutline {
  const sections: OutlineSection[] = [];
  let lastPass = 0;
  for (let i = 0; i < trace.length; i++) {
    const tags = trace.tags(i);
    lastPass = Math.max(lastPass, tags.pass);
    const heading = sectionHeading(tags);
    let section = sections[sections.length - 1];
    if (section === undefined || section.heading !== heading) {
      section = { heading, groups: [] };
      sections.push(section);
    }
    const groupName = groupHeading(tags);
    let group = section.groups[section.groups.length - 1];
    if (group === undefined || (groupName !== undefined && group.heading !== groupName)) {
      group = groupName === undefined ? { steps: [] } : { heading: groupName, steps: [] };
      section.groups.push(group);
    }
    const tex = stepTex(trace, i);
    group.steps.push({ number: i + 1, tex: stepTexLine(tex), ...(tex.note !== undefined && { note: tex.note }) });
  }

  const outline: TraceOutline = { sections };
  const before = lossOfPass(trace, 0);
  const after = lastPass > 0 ? lossOfPass(trace, lastPass) : undefined;
  if (before !== undefined && after !== undefined) outline.lossChange = { before, after };
  return outline;
}
