import { describe, expect, it } from 'vitest';
import { EngineError, Value } from '../../src/engine/value';
import { recordTrace } from '../../src/engine/tape';

/** Central finite difference of f at the leaves' current values, for leaf `index`. */
function numericGradient(leaves: Value[], f: () => Value, index: number, h = 1e-6): number {
  const leaf = leaves[index]!;
  const original = leaf.data;
  leaf.data = original + h;
  const plus = f().data;
  leaf.data = original - h;
  const minus = f().data;
  leaf.data = original;
  return (plus - minus) / (2 * h);
}

function expectGradientsMatchFiniteDifferences(values: number[], build: (leaves: Value[]) => Value): void {
  const leaves = values.map((x, i) => Value.leaf(x, { label: `p_${i}` }));
  const f = () => build(leaves);
  f().backward();
  const analytic = leaves.map((leaf) => leaf.grad);
  analytic.forEach((grad, i) => {
    const numeric = numericGradient(leaves, f, i);
    expect(Math.abs(grad - numeric), `∂/∂p_${i}: backprop ${grad} vs finite difference ${numeric}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
  });
}

describe('every op matches central finite differences', () => {
  const cases: [string, number[], (v: Value[]) => Value][] = [
    ['add', [0.3, -1.2], ([a, b]) => a!.add(b!)],
    ['sub', [0.3, -1.2], ([a, b]) => a!.sub(b!)],
    ['mul', [0.3, -1.2], ([a, b]) => a!.mul(b!)],
    ['div', [0.3, -1.2], ([a, b]) => a!.div(b!)],
    ['neg', [0.7], ([a]) => a!.neg()],
    ['pow (integer)', [0.7], ([a]) => a!.pow(3)],
    ['pow (fractional)', [0.7], ([a]) => a!.pow(-1.5)],
    ['exp', [0.7], ([a]) => a!.exp()],
    ['log', [0.7], ([a]) => a!.log()],
    ['tanh', [0.7], ([a]) => a!.tanh()],
    ['sigmoid', [-0.7], ([a]) => a!.sigmoid()],
    ['relu (positive side)', [0.7], ([a]) => a!.relu()],
    ['relu (negative side)', [-0.7], ([a]) => a!.relu()],
    ['step', [0.7], ([a]) => a!.step()],
    ['sum', [0.1, 0.2, -0.3], (v) => Value.sum(v)],
    ['mean', [0.1, 0.2, -0.3], (v) => Value.mean(v)],
    ['linear', [0.1, 0.2, -0.3, 0.5, 0.4], ([w1, w2, x1, x2, b]) => Value.linear([w1!, w2!], [x1!, x2!], b!)],
    ['softmax (own output)', [0.1, 2.0, -0.3], (v) => Value.softmax(v)[1]!],
    ['softmax (other output)', [0.1, 2.0, -0.3], (v) => Value.softmax(v)[0]!],
    ['logsumexp', [0.1, 2.0, -0.3], (v) => Value.logSumExp(v)],
    ['half_sse', [0.1, 0.8], (v) => Value.apply('half_sse', v, [0.3, 0.2])],
    ['mse', [0.1, 0.8], (v) => Value.apply('mse', v, [0.3, 0.2])],
    ['bce (on logits)', [0.1, -0.8], (v) => Value.apply('bce', v, [1, 0])],
    ['cross_entropy (on logits)', [0.1, 2.0, -0.3], (v) => Value.apply('cross_entropy', v, [2])],
    ['a composite expression', [0.4, -0.9], ([a, b]) => a!.mul(b!).add(a!.tanh()).sub(b!.exp().div(a!.pow(2).add(1))).sigmoid()],
  ];
  it.each(cases)('%s', (_name, values, build) => expectGradientsMatchFiniteDifferences(values, build));
});

describe('gradient accumulation', () => {
  it('a node used twice receives the sum of both gradients (b = a + a; c = b + b)', () => {
    const a = Value.leaf(3);
    const b = a.add(a);
    const c = b.add(b);
    c.backward();
    expect(c.data).toBe(12);
    expect(b.grad).toBe(2);
    expect(a.grad).toBe(4);
  });

  it('a node used in two different ops sums its contributions (a·b + a)', () => {
    const a = Value.leaf(2);
    const b = Value.leaf(5);
    a.mul(b).add(a).backward();
    expect(a.grad).toBe(6);
    expect(b.grad).toBe(2);
  });

  it('calling backward() twice gives the same gradients, not twice them', () => {
    const a = Value.leaf(-1.5);
    const b = Value.leaf(0.25);
    const out = a.mul(b).add(a).tanh();
    out.backward();
    const first = [a.grad, b.grad];
    out.backward();
    expect([a.grad, b.grad]).toEqual(first);
  });

  it('constants receive no gradient and are not walked into', () => {
    const x = Value.constant(2);
    const w = Value.leaf(3);
    w.mul(x).backward();
    expect(w.grad).toBe(2);
    expect(x.grad).toBe(0);
  });
});

describe('deep graphs', () => {
  it('backward through a 100,000-node chain does not overflow the stack', () => {
    const x = Value.leaf(1);
    let node = x;
    for (let i = 0; i < 100_000; i++) node = node.add(0.5);
    node.backward();
    expect(node.data).toBe(50_001);
    expect(x.grad).toBe(1);
  });

  it('records a 100,000-node chain as plain data', () => {
    const { trace } = recordTrace(() => {
      let node = Value.leaf(1);
      for (let i = 0; i < 100_000; i++) node = node.mul(1);
      node.backward();
    });
    expect(trace.steps.filter((step) => step.kind === 'forward')).toHaveLength(100_000);
    expect(trace.steps.filter((step) => step.kind === 'backward')).toHaveLength(100_000);
  });
});

describe('numerical stability', () => {
  it('sigmoid saturates without overflow at ±1000', () => {
    expect(Value.leaf(1000).sigmoid().data).toBe(1);
    expect(Value.leaf(-1000).sigmoid().data).toBe(0);
  });

  it('softmax and log-sum-exp survive logits of 1000', () => {
    const logits = [1000, 1001, 999].map((x) => Value.leaf(x));
    const probabilities = Value.softmax(logits).map((p) => p.data);
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    expect(probabilities[1]).toBeCloseTo(Math.exp(1) / (1 + Math.exp(1) + Math.exp(-1)), 12);
    expect(Value.logSumExp(logits).data).toBeCloseTo(1001 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), 9);
  });

  it('cross-entropy and bce on huge logits stay finite', () => {
    expect(Value.apply('cross_entropy', [Value.leaf(800), Value.leaf(-800)], [1]).data).toBeCloseTo(1600, 6);
    expect(Value.apply('bce', [Value.leaf(-800)], [1]).data).toBeCloseTo(800, 6);
  });
});

describe('errors name the node at fault', () => {
  it('log of a non-positive number names the node', () => {
    const a = Value.leaf(-0.5, { label: 'z^{[1]}_{2}' });
    expect(() => a.log()).toThrow(EngineError);
    expect(() => a.log()).toThrow('log of a non-positive number: z^{[1]}_{2} = -0.5');
  });

  it('log of 0 is an error too', () => {
    expect(() => Value.constant(0, { label: 'u' }).log()).toThrow('log of a non-positive number: u = 0');
  });

  it('division by zero names the divisor', () => {
    expect(() => Value.leaf(1).div(Value.leaf(0, { label: 'v' }))).toThrow('division by zero: v = 0');
  });

  it('an op that would produce NaN or infinity says which and from what', () => {
    expect(() => Value.leaf(-2, { label: 'x' }).pow(0.5)).toThrow('pow produced NaN from x = -2');
    expect(() => Value.leaf(1000, { label: 'x' }).exp()).toThrow('exp produced ∞ from x = 1000');
  });

  it('a leaf must be finite', () => {
    expect(() => Value.leaf(Number.NaN, { label: 'w' })).toThrow('a leaf value must be a finite number, not NaN (w)');
  });
});

describe('the step function', () => {
  it('is 1 at and above 0, 0 below, and passes no gradient back', () => {
    const a = Value.leaf(0);
    expect(a.step().data).toBe(1);
    expect(Value.leaf(-0.1).step().data).toBe(0);
    const out = a.mul(2).step();
    out.backward();
    expect(a.grad).toBe(0);
  });
});
