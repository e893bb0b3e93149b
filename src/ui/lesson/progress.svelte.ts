/**
 * The progress of this browser, as one piece of reactive state shared by the home page, the
 * lessons index and the lesson page. Read from localStorage on first use, written back on every
 * change. Storage that is missing or full (private windows) only means progress is not kept.
 *
 * Several tabs share the one stored value: each change re-reads it and merges before writing
 * (so a tab never writes over steps another tab saved), and a `storage` event, which the browser
 * sends to the other tabs when one writes, merges their progress into this tab's as it happens.
 */
import { PROGRESS_KEY, loadProgress, markSeen, markSolved, mergeProgress, serializeProgress, type Progress } from './progress';

function readStorage(): string | null {
  try {
    return globalThis.localStorage?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    return null;
  }
}

class ProgressState {
  /** Replaced as a whole on every change, never mutated. */
  current: Progress = $state.raw({ version: 1, lessons: {} });
  /** Why saved progress was discarded, until the student dismisses it. */
  notice: string | undefined = $state();

  constructor() {
    const loaded = loadProgress(readStorage());
    this.current = loaded.progress;
    this.notice = loaded.notice;
    // Overwrite the unreadable data now, so the notice appears once, not on every page load.
    if (loaded.notice !== undefined) this.save();
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === PROGRESS_KEY) this.mergeStored(event.newValue);
      });
    }
  }

  /** Takes in what another tab saved; unreadable data is left to that tab (this one keeps its own). */
  private mergeStored(raw: string | null): void {
    const stored = loadProgress(raw);
    if (stored.notice === undefined) this.current = mergeProgress(this.current, stored.progress);
  }

  private save(): void {
    try {
      globalThis.localStorage?.setItem(PROGRESS_KEY, serializeProgress(this.current));
    } catch {
      // Not saved; the session still works.
    }
  }

  /** Read, merge, mark, write: the stored value may have changed in another tab since this one read it. */
  private record(mark: (progress: Progress) => Progress): void {
    if (mark(this.current) === this.current) return;
    this.mergeStored(readStorage());
    this.current = mark(this.current);
    this.save();
  }

  seen(lessonId: string, step: number): void {
    this.record((progress) => markSeen(progress, lessonId, step));
  }

  solved(lessonId: string, exerciseId: string): void {
    this.record((progress) => markSolved(progress, lessonId, exerciseId));
  }

  isSolved(lessonId: string, exerciseId: string): boolean {
    return this.current.lessons[lessonId]?.solved.includes(exerciseId) ?? false;
  }

  dismissNotice(): void {
    this.notice = undefined;
  }
}

export const progress = new ProgressState();
