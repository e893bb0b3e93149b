/**
 * Keeps a box's content inside the box by shrinking its type: the attachment sets `--fit-scale`
 * (1 when the content fits, less when it would overflow) and the box's CSS multiplies its
 * font-size by it. Used where scrolling is not an option: a player in a slide, on a projector,
 * a lesson step presented as one screen.
 */
import type { Attachment } from 'svelte/attachments';

/** Below this the text is unreadable anyway; the box then overflows rather than shrink further. */
const SMALLEST_SCALE = 0.4;

function overflowRatio(element: HTMLElement): number {
  const height = element.scrollHeight / Math.max(1, element.clientHeight);
  const width = element.scrollWidth / Math.max(1, element.clientWidth);
  return Math.max(height, width);
}

/**
 * Measures the content at full size, then shrinks it in proportion; wrapping makes text height
 * not quite proportional to its size, so a few more passes finish the job. The result
 * depends only on the content and the box, so the observer's next report changes nothing.
 */
function fit(element: HTMLElement): void {
  let scale = 1;
  element.style.setProperty('--fit-scale', '1');
  for (let pass = 0; pass < 5; pass++) {
    const ratio = overflowRatio(element);
    if (ratio <= 1.005) break;
    scale = Math.max(SMALLEST_SCALE, (scale / ratio) * 0.98);
    element.style.setProperty('--fit-scale', String(scale));
    if (scale === SMALLEST_SCALE) break;
  }
}

/** Refits whenever the box or anything inside it changes size (a new step's formula, say). */
export const shrinkToFit: Attachment<HTMLElement> = (element) => {
  if (typeof ResizeObserver === 'undefined') return;
  let scheduled = false;
  const refit = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      fit(element);
    });
  };
  const resizes = new ResizeObserver(refit);
  resizes.observe(element);
  const changes = new MutationObserver(refit);
  changes.observe(element, { childList: true, subtree: true, characterData: true });
  // A web font arriving (KaTeX's) widens the text without changing any element's box.
  document.fonts.addEventListener('loadingdone', refit);
  refit();
  return () => {
    resizes.disconnect();
    changes.disconnect();
    document.fonts.removeEventListener('loadingdone', refit);
  };
};
