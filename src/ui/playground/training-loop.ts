/**
 * Training interleaved with drawing on the main thread: each animation frame trains mini-batches
 * until an epoch ends or the time budget is spent, then draws once. A frame never trains for much
 * longer than the budget, so the page keeps answering and drawing while it learns; at most one
 * epoch per frame keeps the pace watchable on tiny networks.
 */
export interface LoopHooks {
  /** One mini-batch; true when it completed an epoch. */
  train(): boolean;
  draw(): void;
}

/** Milliseconds of training per frame: leaves most of a 33 ms (30 fps) frame for drawing and input. */
export const FRAME_BUDGET_MS = 12;

export function trainInFrames(hooks: LoopHooks, budget = FRAME_BUDGET_MS, now: () => number = () => performance.now()): () => void {
  let handle = requestAnimationFrame(frame);
  let stopped = false;
  function frame(): void {
    if (stopped) return;
    const start = now();
    while (!hooks.train() && now() - start < budget);
    hooks.draw();
    handle = requestAnimationFrame(frame);
  }
  return () => {
    stopped = true;
    cancelAnimationFrame(handle);
  };
}
