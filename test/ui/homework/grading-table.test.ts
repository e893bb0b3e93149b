// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { gradeAnswers } from '../../../src/nn/grading';
import { runProblem } from '../../../src/nn/run';
import GradingTable from '../../../src/ui/homework/GradingTable.svelte';
import { classicProblem } from '../../helpers/classic';
import { flushSync, mount, unmount } from '../svelte-client';

describe('the grading table of #/check', () => {
  it('typesets every name, those without a box in the form (the last layer’s z) too: no raw TeX', () => {
    const problem = classicProblem();
    const expected = runProblem(problem).result;
    const grading = gradeAnswers(expected, problem, expected);
    const target = document.createElement('div');
    document.body.append(target);
    // No box knows any name, as for the last layer's z: every row falls back on the grader's name.
    const table = mount(GradingTable, { target, props: { grading, texOf: () => undefined, reveal: false } });
    flushSync();
    try {
      const names = [...target.querySelectorAll('tbody tr td:nth-child(2)')];
      expect(names).toHaveLength(grading.items.length);
      for (const cell of names) {
        expect(cell.querySelector('.katex'), cell.textContent ?? '').not.toBeNull();
        expect(cell.querySelector('.katex-error, .tex-error')).toBeNull();
      }
      const shown = [...target.querySelectorAll('tbody .katex-html')].map((element) => element.textContent).join(' ');
      expect(shown).not.toMatch(/\^\{|_\{|\\/);
    } finally {
      void unmount(table);
      target.remove();
    }
  });
});
