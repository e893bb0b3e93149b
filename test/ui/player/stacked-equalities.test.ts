import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { findExample } from '../../../src/data/examples';
import { Trace } from '../../../src/engine/trace';
import { traceProblem } from '../../../src/nn/run';
import { layerTex } from '../../../src/ui/player/layer-tex';
import { ShownNumbers } from '../../../src/ui/player/shown-numbers';
import { stackedEqualities } from '../../../src/ui/player/stacked-equalities';
import { computeStops } from '../../../src/ui/player/stops';
import { TraceIndex } from '../../../src/ui/player/trace-index';

describe('stackedEqualities', () => {
  it('puts each side of a chain of equalities after the first on its own line', () => {
    expect(stackedEqualities('a = b + c = d')).toBe('\\begin{aligned}a &= b + c \\\\ &= d\\end{aligned}');
  });

  it('leaves one equality, and the signs inside braces and matrices, alone', () => {
    expect(stackedEqualities('a = b')).toBe('a = b');
    expect(stackedEqualities('x_{i=1} = \\begin{bmatrix} a=1 \\end{bmatrix}')).toBe('x_{i=1} = \\begin{bmatrix} a=1 \\end{bmatrix}');
  });

  it('every layer-view formula of the classic example stays a formula KaTeX typesets', () => {
    const problem = findExample('classic')!.problem;
    const trace = new Trace(traceProblem(problem).trace);
    const index = TraceIndex.of(trace);
    let stacked = 0;
    for (const stop of computeStops(trace, 'layer')) {
      for (const line of layerTex(problem, trace, new ShownNumbers(index, stop), undefined)?.lines ?? []) {
        const tex = stackedEqualities(line);
        if (tex !== line) stacked++;
        expect(() => katex.renderToString(tex, { displayMode: true, throwOnError: true }), line).not.toThrow();
      }
    }
    expect(stacked).toBeGreaterThan(0);
  });
});
