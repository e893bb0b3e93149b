/**
 * The numbers put into a formula card's rule: four significant figures, unless redoing the line
 * from four-figure numbers would miss the printed result, then the fewest figures that land.
 */
import { describe, expect, it } from 'vitest';
import { recordTrace } from '../../src/engine/tape';
import { operandFigures, stepTex } from '../../src/engine/tex';
import { Trace } from '../../src/engine/trace';
import { Value } from '../../src/engine/value';

function record(work: () => void): Trace {
  return new Trace(recordTrace(work).trace);
}

const backwardInto = (trace: Trace, label: string): number => trace.toData().steps.findIndex((step) => step.kind === 'backward' && trace.node(step.input).meta.label === label);

describe('operand figures', () => {
  it('a saturated sigmoid: z = 0.99996 would read 1 × (1 − 1) = 0 at four figures, so its operands get more', () => {
    const trace = record(() => {
      const a = Value.leaf(10.2, { label: 'a' });
      a.sigmoid().with({ label: 'z' }).mul(Value.leaf(3, { label: 'w' })).with({ label: 'y' }).backward();
    });
    const index = backwardInto(trace, 'a');
    const tex = stepTex(trace, index);
    expect(operandFigures(trace, index)).toBeGreaterThan(4);
    // Redone by hand: 3 × z (1 − z) with the z the card prints lands on the printed result.
    const match = /^3 \\times ([\d.]+)\\,\(1 - ([\d.]+)\)$/.exec(tex.substituted);
    expect(match, tex.substituted).not.toBeNull();
    const z = Number(match![1]);
    expect(z).toBe(Number(match![2]));
    const printed = Number(tex.result.replace(/ \\times 10\^\{(-?\d+)\}$/, 'e$1'));
    expect(Math.abs(3 * z * (1 - z) - printed)).toBeLessThanOrEqual(5e-4 * Math.abs(printed));
  });

  it('a product that four figures redo keeps four figures', () => {
    const trace = record(() => {
      Value.leaf(0.008771, { label: 'd' }).mul(Value.leaf(0.05, { label: 'x' })).with({ label: 'g' }).backward();
    });
    const forward = trace.toData().steps.findIndex((step) => step.kind === 'forward');
    expect(operandFigures(trace, forward)).toBe(4);
    expect(stepTex(trace, forward).substituted).toBe('0.008771 \\times 0.05');
    expect(stepTex(trace, forward).result).toBe('4.386 \\times 10^{-4}');
  });

  it('a weighted sum that nearly cancels shows the figures that make it add up', () => {
    const trace = record(() => {
      Value.leaf(1.23456, { label: 'p' }).sub(Value.leaf(1.23411, { label: 'q' })).with({ label: 'r' }).backward();
    });
    const forward = trace.toData().steps.findIndex((step) => step.kind === 'forward');
    // At four figures this reads 1.235 − 1.234 = 4.5e-4: off by more than a factor of two.
    expect(stepTex(trace, forward).substituted).toBe('1.23456 - 1.23411');
    expect(stepTex(trace, forward).result).toBe('4.5 \\times 10^{-4}');
  });
});
