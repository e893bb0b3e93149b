/**
 * The numbers the pictures (network, graph and layer views) draw at a step, and the one place
 * that decides them. Normally they are the numbers after the step has run. In predict mode, while
 * the student is asked for the step's result, they are the numbers from before it: otherwise the
 * answer would be on screen beside the question. Every view reads its numbers here and nowhere
 * else, so concealing the result is one rule, not one per view.
 */
import type { TraceIndex } from './trace-index';

export class ShownNumbers {
  /** The step whose numbers are drawn: the one shown, or the one before it while it is concealed. */
  private readonly after: number;
  /** A gradient the concealed step completes by summing (its contributions were shown on their own steps). */
  private readonly summedGradient: number | undefined;

  constructor(
    readonly index: TraceIndex,
    readonly step: number,
    readonly concealed = false,
  ) {
    this.after = concealed ? step - 1 : step;
    const current = index.trace.step(step);
    // The last contribution already completed the gradient in the index, one step earlier: the
    // sum the step asks for would stand in the pictures unless it is hidden by name.
    this.summedGradient = concealed && current.kind === 'gradient' && current.contributions > 1 ? current.node : undefined;
  }

  /** A node's value, or undefined if it is not computed yet (or is the concealed result). */
  value(id: number): number | undefined {
    return this.index.valueAfter(id, this.after);
  }

  /** ∂ℒ/∂node, or undefined while it is not complete (or is the concealed result). */
  grad(id: number): number | undefined {
    return id === this.summedGradient ? undefined : this.index.gradAfter(id, this.after);
  }

  /**
   * A gradient still being summed, while a backward step adds to it: its running total, shown on
   * the node that receives the contribution.
   */
  runningGrad(id: number): number | undefined {
    if (this.after < 0) return undefined;
    const drawn = this.index.trace.step(this.after);
    if (drawn.kind !== 'backward' || drawn.input !== id || drawn.contributionIndex >= drawn.contributionCount) return undefined;
    return drawn.accumulatedGrad;
  }

  /** The local derivative ∂node/∂input, once backward has crossed that edge. */
  localDerivative(node: number, input: number): number | undefined {
    return this.index.localDerivativeAfter(node, input, this.after);
  }
}
