/**
 * Tells elements whether their content is wider than they are, without forcing the browser to lay
 * out the page: one shared ResizeObserver reports after the browser's own layout, and all reads
 * are done before any listener writes. (Reading scrollWidth in an effect after every update made
 * each formula on the player's screen force a layout of its own, several per step.)
 */
type Listener = (overflowing: boolean) => void;

const watched = new Map<Element, Listener>();
let observer: ResizeObserver | undefined;

function hostOf(target: Element): Element | undefined {
  if (watched.has(target)) return target;
  const parent = target.parentElement;
  return parent !== null && watched.has(parent) ? parent : undefined;
}

function check(hosts: Iterable<Element>): void {
  // Every read first: a listener's write would otherwise make the next read lay out again.
  const results = [...hosts].map((host) => [host, host.scrollWidth > host.clientWidth + 1] as const);
  for (const [host, overflowing] of results) watched.get(host)?.(overflowing);
}

function report(entries: ResizeObserverEntry[]): void {
  const hosts = new Set<Element>();
  for (const entry of entries) {
    const host = hostOf(entry.target);
    if (host !== undefined) hosts.add(host);
  }
  check(hosts);
}

/**
 * Watches `host` (its own width) and its first child (the content, whose width changes with what
 * it shows) until the returned function is called; watch again after the content is replaced.
 */
export function watchOverflow(host: Element, listener: Listener): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {};
  if (observer === undefined) {
    observer = new ResizeObserver(report);
    // A formula's content box is as wide as its line, not as its glyphs, so it does not resize
    // when the math fonts arrive and widen the glyphs; look again then.
    document.fonts?.addEventListener('loadingdone', () => check(watched.keys()));
  }
  const content = host.firstElementChild;
  observer.observe(host);
  if (content !== null) observer.observe(content);
  watched.set(host, listener);
  return () => {
    observer?.unobserve(host);
    if (content !== null) observer?.unobserve(content);
    watched.delete(host);
  };
}

/**
 * For a box that scrolls sideways (a formula, a wide table): while its content is wider than it,
 * it is a region named `label` in the tab order, so a keyboard can scroll it too (axe: scrollable-region-focusable);
 * otherwise it is no tab stop. Use it as an attachment that reads the content it shows, so it is
 * attached again when that content is replaced.
 */
export function focusableWhileWide(host: HTMLElement, label = 'Formula (scrolls sideways)'): () => void {
  return watchOverflow(host, (wider) => {
    if (wider) {
      host.tabIndex = 0;
      host.setAttribute('role', 'region');
      host.setAttribute('aria-label', label);
    } else {
      host.removeAttribute('tabindex');
      host.removeAttribute('role');
      host.removeAttribute('aria-label');
    }
  });
}
