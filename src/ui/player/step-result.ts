/** The number a step produces: what predict mode asks the student for. */
import type { Trace } from '../../engine/trace';

export function resultOf(trace: Trace, step: number): number {
  const current = trace.step(step);
  switch (current.kind) {
    case 'forward':
      return current.value;
    case 'backward':
      return current.contribution;
    case 'gradient':
      return current.grad;
    case 'update':
      return current.newValue;
  }
}
