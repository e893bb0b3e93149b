/** Every number the engines give is finite, or the engine says which node it could not compute. */
import { describe, expect, it } from 'vitest';
import { EngineError, Value } from '../../src/engine/value';
import { parseProblem } from '../../src/data/problem';
import { runProblemTensor } from '../../src/tensor/problem';

describe('the scalar engine', () => {
  it('gives the mean of numbers whose sum overflows: mean(1e308, 1e308) = 1e308, with slope 1/2 each', () => {
    const x = [Value.leaf(1e308), Value.leaf(1e308)];
    const mean = Value.mean(x);
    expect(mean.data).toBe(1e308);
    mean.backward();
    expect(x.map((value) => value.grad)).toEqual([0.5, 0.5]);
  });

  it('keeps the exact mean when the sum does not overflow', () => {
    expect(Value.mean([Value.leaf(0.1), Value.leaf(0.2), Value.leaf(0.3)]).data).toBe((0.1 + 0.2 + 0.3) / 3);
  });

  it('refuses a gradient that overflows in the backward pass and names the node: log at 1e-310 has slope 1e310', () => {
    const x = Value.leaf(1e-310, { label: 'x' });
    const y = x.log().with({ label: 'y' });
    expect(y.data).toBeCloseTo(Math.log(1e-310), 10);
    expect(() => y.backward()).toThrow(EngineError);
    expect(() => y.backward()).toThrow(/the gradient of x became ∞ in the backward pass, through the natural logarithm y/);
  });

  it('refuses a gradient that becomes NaN (∞ − ∞ summed into one node)', () => {
    const x = Value.leaf(1e-310, { label: 'x' });
    const loss = x.log().sub(x.log());
    expect(() => loss.backward()).toThrow(/the gradient of x became/);
  });
});

describe('the tensor engine (float32)', () => {
  const problem = (weight: number) =>
    parseProblem({
      layers: [
        { weights: [[weight]], biases: [0], activation: 'identity' },
        { weights: [[weight]], biases: [0], activation: 'identity' },
      ],
      input: [1],
      target: [0],
      loss: 'half_sse',
    });

  it('refuses a problem number float32 cannot hold, naming the entry', () => {
    expect(() => runProblemTensor(problem(1e155))).toThrow(/^layers\[0\]\.weights\[0\]\[0\] is 1e155, larger than the tensor engine's float32 holds/);
  });

  it('refuses a value that overflows float32, naming it, where float64 would not', () => {
    expect(() => runProblemTensor(problem(1e30))).toThrow(EngineError);
    expect(() => runProblemTensor(problem(1e30))).toThrow(/^a\^\{\[2\]\}_\{1\} became ∞ in the tensor engine's float32/);
  });

  it('refuses a gradient that overflows float32 in the backward pass: δ⁽²⁾ = 1e38 times z⁽¹⁾ = 1e19', () => {
    expect(() => runProblemTensor(problem(1e19))).toThrow(/^the gradient of W\^\{\[2\]\}_\{1,1\} became ∞ in the tensor engine's float32/);
  });

  it('computes what fits: output 1e5 · 1e5 = 1e10, loss 5e19', () => {
    const result = runProblemTensor(problem(1e5));
    expect(result.output[0]).toBe(1e10);
    expect(Math.abs(result.loss / 5e19 - 1)).toBeLessThan(1e-6);
  });
});
