// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { Trace } from '../../../src/engine/trace';
import { traceProblem } from '../../../src/nn/run';
import { parseExpression } from '../../../src/nn/expression';
import { recordExpression } from '../../../src/nn/expression-trace';
import GraphView from '../../../src/ui/player/GraphView.svelte';
import { TraceIndex } from '../../../src/ui/player/trace-index';
import { benchProblem } from '../../../bench/player-layout';
import { reactiveProps } from '../reactive-props.svelte';
import { flushSync, mount, unmount } from '../svelte-client';
import { classicProblem } from '../../helpers/classic';


const classic = new Trace(traceProblem(classicProblem()).trace);
const classicIndex = new TraceIndex(classic);

function idOf(trace: Trace, label: string): number {
  const node = trace.toData().nodes.find((candidate) => candidate.meta.label === label);
  if (node === undefined) throw new Error(`no node labelled ${label}`);
  return node.id;
}

/** The last step of the first backward pass (the step before the first update). */
const lastBackwardStep = classic.toData().steps.findIndex((step) => step.kind === 'update') - 1;

let mounted: { component: ReturnType<typeof mount>; target: HTMLElement } | null = null;

function render(step: number, trace = classic, index = classicIndex, jumps: number[] = []): HTMLElement {
  const target = document.createElement('div');
  document.body.append(target);
  const component = mount(GraphView, { target, props: { trace, index, step, onjump: (to: number) => jumps.push(to) } });
  flushSync();
  mounted = { component, target };
  return target;
}

/**
 * The classic graph opens collapsed in happy-dom's 960 × 540 (fitted expanded, its numbers would
 * be under 12 px, see "opening fitted" below); the tests of the records themselves open it up.
 */
function renderExpanded(step: number, jumps: number[] = []): HTMLElement {
  const target = render(step, classic, classicIndex, jumps);
  target.querySelector<HTMLButtonElement>('button[title="Expand every neuron"]')!.click();
  flushSync();
  return target;
}

/** Where the layout's origin is drawn and at what zoom, from the picture's translate(…) scale(…). */
function drawnAt(target: HTMLElement): { x: number; y: number; k: number } {
  const transform = target.querySelector('.viewport svg > g')!.getAttribute('transform')!;
  const [x, y, k] = /translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(transform)!.slice(1).map(Number) as [number, number, number];
  return { x, y, k };
}

afterEach(() => {
  if (mounted !== null) {
    void unmount(mounted.component);
    mounted.target.remove();
    mounted = null;
  }
});

function shown(target: HTMLElement, id: number, which: 'data' | 'grad'): string | undefined {
  const text = target.querySelector(`[data-segment="${id}"] .${which}-value`);
  return text === null ? undefined : (text.textContent ?? '').trim();
}

function currentNodes(target: HTMLElement): number[] {
  return [...target.querySelectorAll('button[aria-current="step"]')].map((button) => Number(button.getAttribute('data-node'))).sort((p, q) => p - q);
}

describe('GraphView on the classic 2-2-2 example', () => {
  test('at step 0 only a^{[1]}_1 of the computed values has its data shown, and no gradient is shown', () => {
    const target = renderExpanded(0);
    const a11 = idOf(classic, 'a^{[1]}_{1}');
    expect(shown(target, a11, 'data')).toBe('0.3775');
    for (const node of classic.toData().nodes) {
      const data = shown(target, node.id, 'data');
      if (data === undefined) continue;
      if (node.op !== 'leaf' && node.id !== a11) expect(data, `${node.meta.label} shown early`).toBe('');
      expect(shown(target, node.id, 'grad'), `grad of ${node.meta.label} shown early`).toBe('');
    }
    // Leaves are given, so their values are there from the start.
    expect(shown(target, idOf(classic, 'W^{[2]}_{11}'), 'data')).toBe('0.4');
  });

  test('at the last backward step the gradient of W^{[2]}_{11} shows 0.08217', () => {
    const target = renderExpanded(lastBackwardStep);
    expect(shown(target, idOf(classic, 'W^{[2]}_{11}'), 'grad')).toBe('0.08217');
    expect(shown(target, idOf(classic, 'a^{[2]}_{1}'), 'grad')).toBe('0.1385');
  });

  test('no value or gradient is ever shown before the step that computes it', () => {
    const props = reactiveProps({ trace: classic, index: classicIndex, step: 0 });
    const target = document.createElement('div');
    document.body.append(target);
    mounted = { component: mount(GraphView, { target, props }), target };
    flushSync();
    target.querySelector<HTMLButtonElement>('button[title="Expand every neuron"]')!.click();
    for (let step = 0; step < classic.length; step++) {
      props.step = step;
      flushSync();
      for (const segment of target.querySelectorAll('[data-segment]')) {
        const id = Number(segment.getAttribute('data-segment'));
        const data = (segment.querySelector('.data-value')?.textContent ?? '').trim();
        const grad = (segment.querySelector('.grad-value')?.textContent ?? '').trim();
        if (classicIndex.valueAfter(id, step) === undefined) expect(data, `data of node ${id} at step ${step}`).toBe('');
        else expect(data, `data of node ${id} at step ${step}`).not.toBe('');
        // A gradient still being summed may show its running total, marked "…", on the node receiving it now.
        if (classicIndex.gradAfter(id, step) === undefined && grad !== '') {
          expect(grad.endsWith('…')).toBe(true);
          expect(classicIndex.nodesOfStep(step)).toContain(id);
        }
      }
    }
    // 73 re-renders in happy-dom: slow on a busy two-core machine, not in a browser.
  }, 30_000);

  test('the node(s) the current step touches are marked as current, for forward and backward steps', () => {
    for (const step of [0, 8, 20, lastBackwardStep]) {
      const target = renderExpanded(step);
      expect(currentNodes(target)).toEqual([...classicIndex.nodesOfStep(step)].sort((p, q) => p - q));
      const outlined = target.querySelectorAll('.record.current');
      expect(outlined.length).toBe(classicIndex.nodesOfStep(step).length);
      unmount(mounted!.component);
      mounted!.target.remove();
      mounted = null;
    }
  });

  test('a backward step draws its edge (input → op → node) highlighted and dashed', () => {
    const step = classic.toData().steps.findIndex((candidate) => candidate.kind === 'backward');
    const target = render(step);
    const hot = target.querySelectorAll('path.edge.hot.backward');
    // The line from the input into the op, and the op's line to the node sending the gradient.
    expect(hot.length).toBe(2);
  });

  test('clicking a node calls onjump with the step that produced it', () => {
    const jumps: number[] = [];
    const target = renderExpanded(lastBackwardStep, jumps);
    const z11 = idOf(classic, 'z^{[1]}_{1}');
    const button = target.querySelector<HTMLButtonElement>(`button[data-node="${z11}"]`)!;
    button.click();
    expect(jumps).toEqual([classicIndex.producerOf(z11, lastBackwardStep)]);
    expect(jumps).toEqual([2]);
    // A weight before any update is given: nothing produced it, so its button does nothing.
    const weight = target.querySelector<HTMLButtonElement>(`button[data-node="${idOf(classic, 'W^{[1]}_{11}')}"]`)!;
    expect(weight.disabled).toBe(true);
  });

  test('collapsing hides weights: one neuron by its toggle, then all, then expand all brings them back', () => {
    const target = renderExpanded(0);
    const weight = (label: string): Element | null => target.querySelector(`button[data-node="${idOf(classic, label)}"]`);
    expect(weight('W^{[2]}_{11}')).not.toBeNull();

    target.querySelector<HTMLButtonElement>('button[aria-label="Collapse neuron 1 of layer 2"]')!.click();
    flushSync();
    expect(weight('W^{[2]}_{11}')).toBeNull();
    expect(weight('b^{[2]}_{1}')).toBeNull();
    expect(weight('W^{[2]}_{21}')).not.toBeNull();
    expect(target.querySelector('button[aria-label="Expand neuron 1 of layer 2"]')?.getAttribute('aria-expanded')).toBe('false');

    target.querySelector<HTMLButtonElement>('button[title="Collapse every neuron"]')!.click();
    flushSync();
    for (const label of ['W^{[1]}_{11}', 'W^{[1]}_{22}', 'b^{[1]}_{2}', 'W^{[2]}_{22}']) expect(weight(label)).toBeNull();
    expect(target.querySelectorAll('.record.neuron')).toHaveLength(4);

    target.querySelector<HTMLButtonElement>('button[title="Expand every neuron"]')!.click();
    flushSync();
    expect(weight('W^{[1]}_{11}')).not.toBeNull();
    expect(target.querySelectorAll('.record.neuron')).toHaveLength(0);
  });

  test('the picture has role img and a summary, and every control has a name', () => {
    const target = renderExpanded(20);
    const svg = target.querySelector('svg[role="img"]')!;
    expect(svg.getAttribute('aria-label')).toMatch(/^Computation graph, first pass: 23 value records and 9 operations\. Step 20 \(backward\) touches/);
    // A button is named by its aria-label or, where that would differ from what it shows, its text.
    for (const button of target.querySelectorAll('button')) expect(button.getAttribute('aria-label') ?? button.textContent?.trim()).toBeTruthy();
  });
});

describe('opening fitted, with numbers never under 12 px', () => {
  test('the classic graph, fitted expanded, would write its numbers under 12 px in 960 × 540: it opens collapsed, at zoom 1, following the step', () => {
    const target = render(20);
    expect(target.querySelector<HTMLButtonElement>('button[title="Collapse every neuron"]')!.disabled).toBe(true);
    expect(target.querySelectorAll('.record.neuron')).toHaveLength(4);
    // Collapsed it is still wider than 960 px at zoom 1, so it is not shrunk: the step's record is in view instead.
    expect(drawnAt(target).k).toBe(1);
    expect(target.querySelector('[data-too-big]')?.textContent).toMatch(/Too big to fit readably/);
    const current = target.querySelector('.record.current')!;
    const [x, y] = /translate\(([-\d.e]+) ([-\d.e]+)\)/.exec(current.getAttribute('transform')!)!.slice(1).map(Number) as [number, number];
    const width = Number(current.querySelector('.frame')!.getAttribute('width'));
    const at = drawnAt(target);
    expect(at.x + x).toBeGreaterThanOrEqual(0);
    expect(at.x + x + width).toBeLessThanOrEqual(960);
    expect(at.y + y).toBeGreaterThanOrEqual(0);
    expect(at.y + y + 40).toBeLessThanOrEqual(540);
  });

  test('a graph that fits with readable numbers is fitted whole, and the toolbar says nothing', () => {
    // f = x·y: three records and one op, well inside 960 × 540 at zoom 1.
    const trace = new Trace(recordExpression(parseExpression('x*y', ['x', 'y']), { x: 2, y: -3 }).trace);
    const target = render(0, trace, new TraceIndex(trace));
    const at = drawnAt(target);
    expect(at.k).toBeGreaterThanOrEqual(1);
    expect(at.x).toBeGreaterThan(0);
    expect(at.y).toBeGreaterThan(0);
    expect(target.querySelector('[data-too-big]')).toBeNull();
  });
});

describe('following the step', () => {
  /** Where the layout point (x, y) is drawn, from the picture's translate(…) scale(…). */
  function onScreen(target: HTMLElement, x: number, y: number): { x: number; y: number; k: number } {
    const transform = target.querySelector('.viewport svg > g')!.getAttribute('transform')!;
    const [tx, ty, k] = /translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(transform)!.slice(1).map(Number) as [number, number, number];
    return { x: tx + x * k, y: ty + y * k, k };
  }

  /** The middle of the record that draws node `id`, in layout units. */
  function recordMiddle(target: HTMLElement, id: number): { x: number; y: number } {
    const record = target.querySelector(`[data-segment="${id}"]`)!.closest('.record')!;
    const [x, y] = /translate\(([-\d.e]+) ([-\d.e]+)\)/.exec(record.getAttribute('transform')!)!.slice(1).map(Number) as [number, number];
    return { x: x + Number(record.querySelector('.frame')!.getAttribute('width')) / 2, y: y + 20 };
  }

  /** The node whose number the step changes: a backward step's receiving node, else its node. */
  function changedBy(step: number): number {
    const at = classic.step(step);
    return at.kind === 'backward' ? at.input : at.node;
  }

  test('keeps the record whose number the step changes in the middle, at zoom 1, until Fit', () => {
    const target = document.createElement('div');
    document.body.append(target);
    const props = reactiveProps({ trace: classic, index: classicIndex, step: 20 });
    const component = mount(GraphView, { target, props });
    flushSync();
    mounted = { component, target };
    target.querySelector<HTMLButtonElement>('button[title="Expand every neuron"]')!.click();
    flushSync();
    const follow = [...target.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Follow step')!;
    expect(follow.getAttribute('aria-pressed')).toBe('false');
    follow.click();
    flushSync();
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    // happy-dom measures nothing, so the view is the fallback 960 × 540: its middle is (480, 270).
    for (const step of [20, 3, 40]) {
      props.step = step;
      flushSync();
      expect(target.querySelector(`[data-segment="${changedBy(step)}"]`)?.closest('.record')?.classList.contains('current')).toBe(true);
      const middle = recordMiddle(target, changedBy(step));
      const drawn = onScreen(target, middle.x, middle.y);
      expect(drawn.k).toBe(1);
      expect(drawn.x).toBeCloseTo(480, 0);
      expect(drawn.y).toBeCloseTo(270, 0);
    }
    expect(target.querySelector('[data-too-big]')).toBeNull();
    // Fit stops following; the expanded graph fitted would be unreadable, so Fit collapses it, and
    // the collapsed graph, still too wide for 960 px at 12 px numbers, is drawn at zoom 1 and says so.
    target.querySelector<HTMLButtonElement>('button[aria-label="Fit the whole graph in view"]')!.click();
    flushSync();
    expect(follow.getAttribute('aria-pressed')).toBe('false');
    expect(target.querySelector<HTMLButtonElement>('button[title="Collapse every neuron"]')!.disabled).toBe(true);
    expect(onScreen(target, 0, 0).k).toBe(1);
    expect(target.querySelector('[data-too-big]')?.textContent).toMatch(/following the step/);
  });

  test('starts on when the player presents, and zooming in while following keeps following', () => {
    const target = document.createElement('div');
    document.body.append(target);
    const component = mount(GraphView, { target, props: { trace: classic, index: classicIndex, step: 20, follow: true } });
    flushSync();
    mounted = { component, target };
    const follow = [...target.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Follow step')!;
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    target.querySelector<HTMLButtonElement>('button[aria-label="Zoom in"]')!.click();
    flushSync();
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    expect(onScreen(target, 0, 0).k).toBeCloseTo(1.25);
  });
});

describe('GraphView on a 4-8-8-3 net', () => {
  test('starts with every neuron collapsed, so only inputs, neuron boxes and the loss are drawn', () => {
    const trace = new Trace(traceProblem(benchProblem([4, 8, 8, 3])).trace);
    const target = render(0, trace, new TraceIndex(trace));
    expect(target.querySelectorAll('.record.neuron')).toHaveLength(19);
    expect(target.querySelectorAll('.record.value')).toHaveLength(4 + 1);
    expect(target.querySelector('button[title="Collapse every neuron"]')?.hasAttribute('disabled')).toBe(true);
  });

  test('zoomed out too far to read, it draws boxes and lines without text and says to zoom in; zoomed in, the numbers come back', () => {
    const trace = new Trace(traceProblem(benchProblem([4, 16, 16, 3])).trace);
    const target = render(0, trace, new TraceIndex(trace));
    target.querySelector<HTMLButtonElement>('button[title="Expand every neuron"]')!.click();
    flushSync();
    expect(target.querySelectorAll('.record').length).toBeGreaterThan(300);
    // Expanded, it is far too big to fit with readable numbers: the view stays at zoom 1 …
    expect(drawnAt(target).k).toBe(1);
    expect(target.querySelectorAll('.record text.number').length).toBeGreaterThan(300);
    // … until a person zooms out past where numbers could be read.
    const zoomOut = target.querySelector<HTMLButtonElement>('button[aria-label="Zoom out"]')!;
    for (let press = 0; press < 20 && target.querySelector('[data-overview]') === null; press++) {
      zoomOut.click();
      flushSync();
    }
    expect(drawnAt(target).k).toBeLessThan(0.35);
    expect(target.querySelectorAll('.record text.number')).toHaveLength(0);
    expect(target.querySelector('[data-overview]')?.textContent).toMatch(/Zoom in/);
    // The buttons, and what they say to a screen reader, do not depend on the zoom.
    expect(target.querySelector('.hit.node[data-node]')?.getAttribute('aria-label')).toMatch(/data|not computed yet/);
    const zoomIn = target.querySelector<HTMLButtonElement>('button[aria-label="Zoom in"]')!;
    for (let press = 0; press < 20 && target.querySelector('[data-overview]') !== null; press++) {
      zoomIn.click();
      flushSync();
    }
    expect(target.querySelector('[data-overview]')).toBeNull();
    expect(target.querySelectorAll('.record text.data-value').length).toBeGreaterThan(300);
    expect(target.querySelector('.record text.data-value')?.textContent?.trim()).toMatch(/^-?\d/);
  });
});
