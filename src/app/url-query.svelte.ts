/**
 * A page's state kept in its URL's query, both ways: written into the URL as the state changes,
 * and read back when the URL changes from outside (a pasted link, the back button, another page's
 * link). Writes replace the history entry instead of pushing one, so stepping through a trace or
 * moving a slider does not fill the back button's history. Call it while the page is created.
 */
import { untrack } from 'svelte';
import { router, type HashLocation } from './router.svelte';

export interface QuerySync {
  /** The page's path, e.g. `/player`. */
  path: string;
  /** The query of the current state, or undefined while there is nothing to write. The state it reads is tracked. */
  write(): string | undefined;
  /** Applies a query the page did not write itself. */
  apply(query: URLSearchParams): void;
  /**
   * The query of the page's first state, when the page read the URL itself before the sync
   * started: that URL is then neither applied again nor rewritten.
   */
  initial?: string;
  /** How long a write waits for the state to settle (browsers throttle, then drop, rapid history writes); 0 or absent writes at once. */
  delayMs?: number;
}

export interface QueryWriter {
  /** Writes whatever is still waiting, at once (when the page is left). */
  writeNow(): void;
}

export function syncQuery(sync: QuerySync): QueryWriter {
  let written = sync.initial ?? '';
  let seen: HashLocation | undefined = sync.initial === undefined ? undefined : untrack(() => router.location);

  function replace(text: string): void {
    written = text;
    history.replaceState(history.state, '', `#${sync.path}?${text}`);
  }

  $effect(() => {
    const location = router.location;
    if (location === seen) return;
    seen = location;
    if (location.path === sync.path && location.query.toString() !== written) untrack(() => sync.apply(location.query));
  });

  $effect(() => {
    const text = sync.write();
    // Nothing new, unless the URL has lost its query (the page was opened without one).
    if (text === undefined || (text === written && window.location.hash.includes('?'))) return;
    if (!sync.delayMs) {
      replace(text);
      return;
    }
    const timer = setTimeout(() => replace(text), sync.delayMs);
    return () => clearTimeout(timer);
  });

  return {
    writeNow() {
      const text = untrack(() => sync.write());
      if (text !== undefined && text !== written) replace(text);
    },
  };
}
