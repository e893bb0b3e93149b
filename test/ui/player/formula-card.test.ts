// @vitest-environment happy-dom
import katex from 'katex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Trace } from '../../../src/engine/trace';
import type { TraceStep } from '../../../src/engine/trace-data';
import { traceProblem } from '../../../src/nn/run';
import FormulaCard from '../../../src/ui/player/FormulaCard.svelte';
import { prepareCard } from '../../../src/ui/player/formula-card';
import { TraceIndex } from '../../../src/ui/player/trace-index';
import { classicProblem } from '../../helpers/classic';
import { randomProblem } from '../../helpers/random-problem';
import { flushSync, mount, unmount } from '../svelte-client';

const trace = new Trace(traceProblem(classicProblem()).trace);
const index = new TraceIndex(trace);
const labelOf = (id: number): string | undefined => trace.node(id).meta.label;

function find(predicate: (step: TraceStep) => boolean): number {
  const found = trace.toData().steps.findIndex(predicate);
  if (found < 0) throw new Error('no such step');
  return found;
}

/** The TeX without the \htmlData{…}{…} wrappers that make symbols clickable. */
function withoutLinks(tex: string): string {
  const marker = '\\htmlData{';
  let text = tex;
  for (let start = text.indexOf(marker); start >= 0; start = text.indexOf(marker)) {
    const bodyStart = text.indexOf('}{', start) + 2;
    let depth = 1;
    let end = bodyStart;
    while (depth > 0) {
      if (text[end] === '{') depth++;
      if (text[end] === '}') depth--;
      end++;
    }
    text = text.slice(0, start) + text.slice(bodyStart, end - 1) + text.slice(end);
  }
  return text;
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

interface Rendered {
  target: HTMLElement;
  jumps: number[];
  /** The TeX of each formula line, as the card typeset it. */
  line(name: 'rule' | 'substituted' | 'result'): string | undefined;
}

function render(step: number, options: { concealed?: boolean } = {}): Rendered {
  const target = document.createElement('div');
  document.body.append(target);
  const rendered: Rendered = {
    target,
    jumps: [],
    line: (name) => {
      const tex = target.querySelector(`[data-line="${name}"]`)?.getAttribute('data-tex');
      return tex === undefined || tex === null ? undefined : withoutLinks(tex);
    },
  };
  const component = mount(FormulaCard, {
    target,
    props: {
      trace,
      index,
      step,
      concealed: options.concealed ?? false,
      onjump: (to: number) => rendered.jumps.push(to),
    },
  });
  flushSync();
  cleanup = () => {
    void unmount(component);
    target.remove();
  };
  return rendered;
}

describe('the formula card shows every kind of step', () => {
  it('a forward step: the weighted sum with its numbers', () => {
    const card = render(0);
    expect(card.target.querySelector('h2')?.textContent).toBe('Forward · layer 1 · neuron 1 · weighted sum a');
    expect(card.line('rule')).toContain('a^{[1]}_{1} = W^{[1]}_{11}');
    expect(card.line('substituted')).toBe('= 0.15 \\times 0.05 + 0.2 \\times 0.1 + 0.35');
    expect(card.line('result')).toBe('= 0.3775');
  });

  it('the loss', () => {
    const card = render(find((step) => step.kind === 'forward' && trace.node(step.node).meta.role === 'loss'));
    expect(card.target.querySelector('h2')?.textContent).toBe('Loss · loss');
    expect(card.line('result')).toBe('= 0.2984');
  });

  it('the start of backward: ∂L/∂L = 1, with its note', () => {
    const card = render(find((step) => step.kind === 'gradient' && step.contributions === 0));
    expect(card.line('rule')).toBe('\\frac{\\partial \\mathcal{L}}{\\partial \\mathcal{L}} = 1');
    expect(card.target.querySelector('.note')?.textContent).toContain('Backward starts at the loss');
  });

  it('a backward edge: upstream gradient times local derivative', () => {
    const card = render(find((step) => step.kind === 'backward' && labelOf(step.input) === 'W^{[2]}_{11}'));
    expect(card.target.querySelector('h2')?.textContent).toBe('Backward · layer 2 · neuron 1 · weight gradient');
    expect(card.line('substituted')).toBe('= 0.1385 \\times 0.5933');
    expect(card.line('result')).toBe('= 0.08217');
  });

  it('one contribution of several says so, with the running total', () => {
    const card = render(find((step) => step.kind === 'backward' && step.contributionCount === 2 && step.contributionIndex === 1));
    expect(card.line('rule')).toContain('\\mathrel{+}=');
    expect(card.target.querySelector('.note')?.textContent).toMatch(/^Contribution 1 of 2: the running total of ∂ℒ\/∂z⁽¹⁾₁ is now 0\.0554\.$/);
  });

  it('a gradient that sums contributions shows the sum', () => {
    const card = render(find((step) => step.kind === 'gradient' && step.contributions === 2));
    expect(card.line('rule')).toContain('\\delta^{[2]}_{1}\\,W^{[2]}_{11} + \\delta^{[2]}_{2}\\,W^{[2]}_{21}');
    expect(card.line('substituted')).toBe('= 0.0554 + \\left(-0.01905\\right)');
    expect(card.line('result')).toBe('= 0.03635');
  });

  it('an update step', () => {
    const card = render(find((step) => step.kind === 'update' && labelOf(step.node) === 'W^{[2]}_{11}'));
    expect(card.target.querySelector('h2')?.textContent).toBe('Update · layer 2 · neuron 1 · gradient-descent step');
    expect(card.line('rule')).toContain('\\leftarrow');
    expect(card.line('substituted')).toBe('= 0.4 - 0.5 \\times 0.08217');
    expect(card.line('result')).toBe('= 0.3589');
  });

  it('a forward step after the update is marked as using the new weights', () => {
    const card = render(trace.length - 1);
    expect(card.target.querySelector('h2')?.textContent).toBe('Loss (new weights) · loss');
    expect(card.line('result')).toBe('= 0.2805');
  });
});

describe('links and predict mode', () => {
  it('a symbol links to the step that produced it', () => {
    const weightStep = find((step) => step.kind === 'backward' && labelOf(step.input) === 'W^{[2]}_{11}');
    const card = render(weightStep);
    const buttons = [...card.target.querySelectorAll<HTMLButtonElement>('.sources button')];
    const z = buttons.find((button) => button.textContent?.startsWith('z⁽¹⁾₁'));
    expect(z?.textContent).toBe('z⁽¹⁾₁\u00a0= 0.5933');
    z!.click();
    expect(card.jumps).toEqual([index.forwardStepOf(trace.toData().nodes.find((node) => node.meta.label === 'z^{[1]}_{1}')!.id)]);
    // A click on the symbol inside the formula does the same.
    card.target.querySelector<HTMLElement>('[data-line="rule"] [data-node]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(card.jumps.length).toBe(2);
  });

  it('concealed (predict mode asking), it shows neither the result nor the note that holds the running total', () => {
    const shared = find((step) => step.kind === 'backward' && step.contributionCount > 1);
    expect(render(shared).target.querySelector('.note')?.textContent).toContain('running total');
    cleanup?.();
    const card = render(shared, { concealed: true });
    expect(card.line('result')).toBeUndefined();
    expect(card.target.querySelector('.note')).toBeNull();
  });
});

describe('for screen readers', () => {
  it('the drawn lines are hidden from them and the step is given in words, without its result while a guess is awaited', () => {
    const weightStep = find((step) => step.kind === 'backward' && labelOf(step.input) === 'W^{[2]}_{11}');
    const shown = render(weightStep);
    const words = (card: Rendered): string | null | undefined => card.target.querySelector('[data-formula-words]')?.textContent;
    expect(words(shown)).toBe('Backward, layer 2, neuron 1: ∂ℒ/∂W⁽²⁾₁₁ receives δ⁽²⁾₁ times the local derivative: 0.1385 × 0.5933 = 0.08217.');
    for (const line of shown.target.querySelectorAll('[data-line]')) expect(line.getAttribute('aria-hidden')).toBe('true');
    cleanup?.();
    const asked = render(weightStep, { concealed: true });
    expect(words(asked)).toBe('Backward, layer 2, neuron 1: ∂ℒ/∂W⁽²⁾₁₁ receives δ⁽²⁾₁ times the local derivative: predict the result.');
  });
});

describe('typesetting ahead', () => {
  it('a card typeset ahead by prepareCard is shown without typesetting again, for every kind of step', () => {
    // A network of its own, so that no card above has put these formulas in the cache already.
    const ahead = new Trace(traceProblem(randomProblem({ sizes: [2, 2, 2], hidden: 'tanh', loss: 'cross_entropy', seed: 11, learningRate: 0.3 })).trace);
    const aheadIndex = new TraceIndex(ahead);
    const typeset = vi.spyOn(katex, 'renderToString');
    try {
      const kinds = ['forward', 'backward', 'gradient', 'update'] as const;
      let typesetAhead = 0;
      for (const kind of kinds) {
        const step = ahead.toData().steps.findIndex((candidate) => candidate.kind === kind);
        typeset.mockClear();
        prepareCard(ahead, aheadIndex, step);
        // (A line identical to one typeset for an earlier step is in the cache already.)
        typesetAhead += typeset.mock.calls.length;
        typeset.mockClear();
        const target = document.createElement('div');
        document.body.append(target);
        const card = mount(FormulaCard, { target, props: { trace: ahead, index: aheadIndex, step } });
        flushSync();
        expect(target.querySelector('[data-line="rule"] .katex')).not.toBeNull();
        expect(typeset, `${kind} step ${step} shown`).not.toHaveBeenCalled();
        unmount(card);
        target.remove();
      }
      expect(typesetAhead).toBeGreaterThan(kinds.length);
    } finally {
      typeset.mockRestore();
    }
  });
});
