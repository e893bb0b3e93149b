/**
 * Small expressions for the computation-graph lessons, recorded by the engine so that the graph
 * view and the formula card can replay them like any network. Each is built from labelled Values
 * so every node has a name on screen.
 */
import { recordTrace } from '../../../engine/tape';
import { Trace } from '../../../engine/trace';
import { Value } from '../../../engine/value';

export const EXPRESSIONS = {
  /** f = (x·y + z)·x: x is used twice, so its gradient is the sum of two contributions. */
  fork: {
    title: 'f = (x·y + z)·x at x = 2, y = −3, z = 4',
    build: () => {
      const x = Value.leaf(2, { label: 'x' });
      const y = Value.leaf(-3, { label: 'y' });
      const z = Value.leaf(4, { label: 'z' });
      const q = x.mul(y).with({ label: 'q' });
      const s = q.add(z).with({ label: 's' });
      const f = s.mul(x).with({ label: 'f' });
      f.backward();
    },
  },
  /** z = v·w with v = 2u and w = u²: the multivariate chain rule, two paths from u to z. */
  paths: {
    title: 'z = v·w with v = 2u, w = u², at u = 1.5',
    build: () => {
      const u = Value.leaf(1.5, { label: 'u' });
      // The constant first, so the card reads v = 2u as the lesson writes it.
      const v = Value.constant(2).mul(u).with({ label: 'v' });
      const w = u.pow(2).with({ label: 'w' });
      const z = v.mul(w).with({ label: 'z' });
      z.backward();
    },
  },
  /** One sigmoid neuron with half squared error: the smallest thing that is a network. */
  neuron: {
    title: 'ℒ = ½(σ(w₁x₁ + w₂x₂ + b) − y)² at x = (1, 2), y = 1',
    build: () => {
      const x1 = Value.constant(1, { label: 'x_1', role: 'input' });
      const x2 = Value.constant(2, { label: 'x_2', role: 'input' });
      const w1 = Value.leaf(0.5, { label: 'w_1' });
      const w2 = Value.leaf(-0.3, { label: 'w_2' });
      const b = Value.leaf(0.1, { label: 'b' });
      const a = w1.mul(x1).add(w2.mul(x2)).add(b).with({ label: 'a' });
      const yHat = a.sigmoid().with({ label: '\\hat y' });
      const loss = Value.constant(0.5).mul(yHat.sub(1).pow(2)).with({ label: '\\mathcal{L}' });
      loss.backward();
    },
  },
} as const;

export type ExpressionName = keyof typeof EXPRESSIONS;

const cache = new Map<ExpressionName, Trace>();

/** The recorded trace of a named expression (recorded once per page). */
export function expressionTrace(name: ExpressionName): Trace {
  let trace = cache.get(name);
  if (trace === undefined) {
    trace = new Trace(recordTrace(EXPRESSIONS[name].build).trace);
    cache.set(name, trace);
  }
  return trace;
}
