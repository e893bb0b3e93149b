/**
 * Scales a box's first child (CSS zoom, so its clicks, canvases and text scale together) to the
 * largest size at which it fits the box: the playground's network and plot on a projector, where
 * a 38 px neuron tile should become a 90 px one rather than sit in an empty middle.
 */
import type { Attachment } from 'svelte/attachments';

/** Past this the picture only gets blurrier (its canvases are drawn for the page's pixel size). */
const LARGEST_ZOOM = 4;

function fit(box: HTMLElement, content: HTMLElement): void {
  content.style.zoom = '1';
  const natural = content.getBoundingClientRect();
  if (natural.width === 0 || natural.height === 0) return;
  let zoom = Math.max(0.25, Math.min(LARGEST_ZOOM, box.clientWidth / natural.width, box.clientHeight / natural.height) * 0.98);
  content.style.zoom = String(zoom);
  // What the child's box leaves out (a row of buttons drawn above it, a margin) still has to fit.
  for (let pass = 0; pass < 3; pass++) {
    const overflow = Math.max(box.scrollHeight / Math.max(1, box.clientHeight), box.scrollWidth / Math.max(1, box.clientWidth));
    if (overflow <= 1.005) break;
    zoom = Math.max(0.25, (zoom / overflow) * 0.98);
    content.style.zoom = String(zoom);
  }
}

export const zoomToFit: Attachment<HTMLElement> = (box) => {
  const content = box.firstElementChild;
  if (!(content instanceof HTMLElement) || typeof ResizeObserver === 'undefined') return;
  let scheduled = false;
  const refit = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      fit(box, content);
    });
  };
  const resizes = new ResizeObserver(refit);
  resizes.observe(box);
  resizes.observe(content);
  refit();
  return () => {
    resizes.disconnect();
    content.style.zoom = '';
  };
};
