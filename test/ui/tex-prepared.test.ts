// @vitest-environment happy-dom
import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { prepareTex, texElements } from '../../src/ui/tex-prepared';

const markupOf = (fragment: DocumentFragment): string => {
  const box = document.createElement('div');
  box.append(fragment);
  return box.innerHTML;
};

describe('formulas prepared ahead', () => {
  test('a prepared formula is handed out once, as the elements KaTeX typesets it into', () => {
    const source = 'W^{[1]} = \\begin{bmatrix} 0.15 & 0.2 \\\\ 0.25 & 0.3 \\end{bmatrix}';
    prepareTex(source, true);
    const first = texElements(source, true);
    const second = texElements(source, true);
    expect(first).not.toBe(second);
    const reference = document.createElement('div');
    reference.innerHTML = katex.renderToString(source, { displayMode: true, throwOnError: true });
    // Reading a fragment's markup moves its nodes out, as putting it into the page does.
    const [firstMarkup, secondMarkup] = [markupOf(first), markupOf(second)];
    expect(firstMarkup).toBe(reference.innerHTML);
    expect(secondMarkup).toBe(reference.innerHTML);
  });

  test('display and inline are prepared apart', () => {
    prepareTex('x^2', false);
    expect(markupOf(texElements('x^2', true))).toContain('katex-display');
    expect(markupOf(texElements('x^2', false))).not.toContain('katex-display');
  });
});
