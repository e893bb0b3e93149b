/**
 * KaTeX output kept for formulas already typeset, and typesetting done ahead while the browser is
 * idle. Stepping through a trace shows a new formula at every press; typesetting it is a good part
 * of a step's time, so the player asks for the next step's formulas before they are needed.
 */

/** Enough for the steps around the current one and a few views of a lesson. */
const CAPACITY = 400;

export class TypesetCache<Typeset> {
  private readonly entries = new Map<string, Typeset>();

  constructor(private readonly typeset: (source: string) => Typeset) {}

  get(source: string): Typeset {
    const cached = this.entries.get(source);
    if (cached !== undefined) {
      // Re-inserted, so the map's order is least recently used first.
      this.entries.delete(source);
      this.entries.set(source, cached);
      return cached;
    }
    const fresh = this.typeset(source);
    this.entries.set(source, fresh);
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return fresh;
  }
}

/** Runs work done ahead of time; a formula that fails will fail again when shown, and say why there. */
function runAhead(task: () => void): void {
  try {
    task();
  } catch {
    // Left for the real render.
  }
}

interface IdleDeadline {
  timeRemaining(): number;
}
type IdleScheduler = (callback: (deadline: IdleDeadline) => void) => number;

/**
 * Runs the tasks one by one while the browser is idle (requestIdleCallback where it exists, else a
 * timer), and stops when the returned function is called. Errors are left for the real render.
 */
export function whenIdle(tasks: readonly (() => void)[]): () => void {
  let next = 0;
  let cancelled = false;
  const scheduler = (globalThis as { requestIdleCallback?: IdleScheduler }).requestIdleCallback;
  const schedule = (run: (deadline: IdleDeadline) => void): void => {
    if (scheduler !== undefined) scheduler(run);
    else setTimeout(() => run({ timeRemaining: () => 8 }), 16);
  };
  const work = (deadline: IdleDeadline): void => {
    while (!cancelled && next < tasks.length && deadline.timeRemaining() > 2) runAhead(tasks[next++]!);
    if (!cancelled && next < tasks.length) schedule(work);
  };
  if (tasks.length > 0) schedule(work);
  return () => {
    cancelled = true;
  };
}

/**
 * Runs the task once the browser has drawn the next frame, without waiting for it to be idle: for
 * the work the next press most likely needs (the next step's card). When presses come a frame
 * apart, as when → is held down, an idle callback may never get its turn between them. Errors
 * are left for the real render, as in whenIdle.
 */
export function afterNextFrame(task: () => void): () => void {
  let cancelled = false;
  const run = (): void => {
    if (!cancelled) runAhead(task);
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 16);
  return () => {
    cancelled = true;
  };
}
