/**
 * The progress of this browser, as one piece of reactive state shared by the home page, the
 * lessons index and the lesson page. Read from localStorage on first use, written back on every
 * change. Storage that is missing or full (private windows) only means progress is not kept.
 */
import { PROGRESS_KEY, loadProgress, markSeen, markSolved, serializeProgress, type Progress } from './progress';

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
  }

  private save(): void {
    try {
      globalThis.localStorage?.setItem(PROGRESS_KEY, serializeProgress(this.current));
    } catch {
      // Not saved; the session still works.
    }
  }

  seen(lessonId: string, step: number): void {
    const next = markSeen(this.current, lessonId, step);
    if (next === this.current) return;
    this.current = next;
    this.save();
  }

  solved(lessonId: string, exerciseId: string): void {
    const next = markSolved(this.current, lessonId, exerciseId);
    if (next === this.current) return;
    this.current = next;
    this.save();
  }

  isSolved(lessonId: string, exerciseId: string): boolean {
    return this.current.lessons[lessonId]?.solved.includes(exerciseId) ?? false;
  }

  dismissNotice(): void {
    this.notice = undefined;
  }
}

export const progress = new ProgressState();
