// @vitest-environment happy-dom
import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { morphChildren } from '../../src/ui/morph';

function fragmentOf(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

function typeset(tex: string): string {
  return katex.renderToString(tex, { displayMode: true, output: 'html', throwOnError: false });
}

function elementsOf(root: Element): Element[] {
  return [...root.querySelectorAll('*')];
}

describe('morphChildren', () => {
  test('ends with exactly the new markup, whatever the two trees look like', () => {
    const pairs: [string, string][] = [
      ['<b>a</b><i>b</i>', '<i>b</i><b>a</b>'],
      ['<p class="x">one <em>two</em></p>', '<p>one</p><p>two</p><!-- note -->'],
      ['', '<span data-node="3" style="top: 1em">x</span>'],
      ['<span>x</span><span>y</span><span>z</span>', 'text only'],
      [typeset('\\frac{\\partial L}{\\partial W^{[2]}_{11}} = \\delta^{[2]}_1 z^{[1]}_1'), typeset('a^{[1]}_1 = \\sum_k W_{1k} x_k + b_1')],
    ];
    for (const [before, after] of pairs) {
      const target = document.createElement('div');
      target.innerHTML = before;
      morphChildren(target, fragmentOf(after));
      const expected = document.createElement('div');
      expected.innerHTML = after;
      expect(target.innerHTML).toBe(expected.innerHTML);
    }
  });

  test('keeps every span of a formula whose shape did not change and rewrites only the text that did', () => {
    const target = document.createElement('div');
    target.innerHTML = typeset('\\frac{\\partial L}{\\partial W^{[2]}_{11}} = \\delta^{[2]}_1 z^{[1]}_1');
    const before = elementsOf(target);
    const next = typeset('\\frac{\\partial L}{\\partial W^{[2]}_{12}} = \\delta^{[2]}_1 z^{[1]}_2');
    morphChildren(target, fragmentOf(next));
    expect(target.innerHTML).toBe(next);
    const after = elementsOf(target);
    expect(after.length).toBe(before.length);
    after.forEach((element, i) => expect(element).toBe(before[i]));
  });

  test('attributes that the new markup drops are removed and changed ones rewritten', () => {
    const target = document.createElement('div');
    target.innerHTML = '<span class="a" style="height: 1em" data-x="1">k</span>';
    const span = target.firstElementChild;
    morphChildren(target, fragmentOf('<span class="b">k</span>'));
    expect(target.firstElementChild).toBe(span);
    expect(target.innerHTML).toBe('<span class="b">k</span>');
  });
});
