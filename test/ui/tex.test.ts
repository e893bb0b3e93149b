// @vitest-environment happy-dom
import { afterEach, describe, expect, test, vi } from 'vitest';
import Tex from '../../src/ui/Tex.svelte';
import { reactiveProps } from './reactive-props.svelte';
import { flushSync, mount, unmount } from './svelte-client';

let cleanup: (() => void) | null = null;

afterEach(() => {
  cleanup?.();
  cleanup = null;
  vi.restoreAllMocks();
});

function render(tex: string, display = true): { props: { tex: string; display: boolean }; target: HTMLElement } {
  const target = document.createElement('div');
  document.body.append(target);
  const props = reactiveProps({ tex, display });
  const component = mount(Tex, { target, props });
  flushSync();
  cleanup = () => {
    void unmount(component);
    target.remove();
  };
  return { props, target };
}

describe('Tex', () => {
  test('typesets a formula, and a new formula of the same shape reuses the spans of the old one', () => {
    const { props, target } = render('\\delta^{[2]}_1 = 0.1385');
    expect(target.querySelector('.katex')).not.toBeNull();
    expect(target.textContent).toContain('0.1385');
    const spansBefore = [...target.querySelectorAll('.katex-html *')];
    props.tex = '\\delta^{[2]}_2 = 0.0623';
    flushSync();
    const spansAfter = [...target.querySelectorAll('.katex-html *')];
    expect(target.textContent).toContain('0.0623');
    expect(target.textContent).not.toContain('0.1385');
    expect(spansAfter).toHaveLength(spansBefore.length);
    spansAfter.forEach((span, i) => expect(span).toBe(spansBefore[i]));
  });

  test('a bad formula shows what is wrong beside it and logs it; a good one afterwards clears it', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { props, target } = render('\\frac{1}{');
    const note = target.querySelector('.tex-error');
    expect(note?.textContent).toMatch(/KaTeX parse error/);
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^Tex: KaTeX parse error/));
    props.tex = '\\frac{1}{2}';
    flushSync();
    expect(target.querySelector('.tex-error')).toBeNull();
    expect(target.querySelector('.katex .mfrac')).not.toBeNull();
  });

  test('no whitespace surrounds an inline formula, so "($x$)" reads "(x)"', () => {
    const { target } = render('x', false);
    const host = target.querySelector('.tex')!;
    expect(host.tagName).toBe('SPAN');
    expect(host.firstChild?.nodeType).toBe(Node.ELEMENT_NODE);
    expect(host.lastChild?.nodeType).toBe(Node.ELEMENT_NODE);
  });
});
