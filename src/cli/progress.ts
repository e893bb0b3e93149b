/**
 * A one-line progress bar for long runs, redrawn in place on a terminal. It writes only when the
 * stream is a terminal, so stderr piped into a file or a test never fills with carriage returns.
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

const BAR_WIDTH = 24;
/** Redrawing more often than this costs time and shows nothing a person could read. */
const REDRAW_MS = 100;

export class ProgressBar {
  private lastDraw = -Infinity;
  private shown = false;

  constructor(private readonly stream: ProgressStream) {}

  /** Draws `done` of `total` with a label after the bar; skipped when drawn less than 100 ms ago unless `force`. */
  update(done: number, total: number, label: string, force = false): void {
    if (this.stream.isTTY !== true) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${label}`;
    // Cut to the terminal's width: a wrapped line could not be overwritten by the next `\r`.
    const width = Math.max(10, (this.stream.columns ?? 80) - 1);
    this.stream.write(`\r\x1b[2K${line.slice(0, width)}`);
    this.shown = true;
  }

  /** Erases the bar, so the next line of output starts on a clean line. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
