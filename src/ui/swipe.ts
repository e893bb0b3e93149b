/**
 * A horizontal swipe with a finger (or pen) steps: right to left is the next step, left to right
 * the previous one, as pages turn. Mouse drags are left alone (they select text, and the graph
 * view pans with them). The box gets `touch-action: pan-y pinch-zoom`, so the browser still
 * scrolls the page vertically and zooms with two fingers, and only horizontal moves reach here.
 */
import type { Attachment } from 'svelte/attachments';

/** How far a finger must travel sideways before it counts as a swipe, in CSS pixels. */
export const SWIPE_DISTANCE = 48;

export type SwipeDirection = 'next' | 'previous' | undefined;

/**
 * What a finger moving by (dx, dy) means: a swipe only when it went far enough sideways and
 * mostly sideways (at least twice as far as up or down), so a slanted scroll never steps.
 */
export function swipeDirection(dx: number, dy: number): SwipeDirection {
  if (Math.abs(dx) < SWIPE_DISTANCE || Math.abs(dx) < 2 * Math.abs(dy)) return undefined;
  return dx < 0 ? 'next' : 'previous';
}

/**
 * True when the touch began on something that owns its own gestures: a form control (a slider
 * drags sideways) or an element that asked for every touch itself (`touch-action: none`, as the
 * graph view's pannable picture does).
 */
function ownsGesture(target: EventTarget | null, box: HTMLElement): boolean {
  for (let element = target instanceof Element ? target : null; element !== null && element !== box; element = element.parentElement) {
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) return true;
    if (getComputedStyle(element).touchAction === 'none') return true;
  }
  return false;
}

/** Steps with `onswipe` when a finger swipes across the box. */
export function swipe(onswipe: (direction: 'next' | 'previous') => void): Attachment<HTMLElement> {
  return (box) => {
    let start: { pointerId: number; x: number; y: number } | undefined;
    const down = (event: PointerEvent): void => {
      if (event.pointerType === 'mouse' || !event.isPrimary || ownsGesture(event.target, box)) return;
      start = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
    };
    const up = (event: PointerEvent): void => {
      if (start === undefined || event.pointerId !== start.pointerId) return;
      const direction = swipeDirection(event.clientX - start.x, event.clientY - start.y);
      start = undefined;
      if (direction !== undefined) onswipe(direction);
    };
    // The browser took the touch over (a vertical scroll, a pinch): not a swipe.
    const cancel = (event: PointerEvent): void => {
      if (start !== undefined && event.pointerId === start.pointerId) start = undefined;
    };
    const previousTouchAction = box.style.touchAction;
    box.style.touchAction = 'pan-y pinch-zoom';
    box.addEventListener('pointerdown', down);
    box.addEventListener('pointerup', up);
    box.addEventListener('pointercancel', cancel);
    return () => {
      box.style.touchAction = previousTouchAction;
      box.removeEventListener('pointerdown', down);
      box.removeEventListener('pointerup', up);
      box.removeEventListener('pointercancel', cancel);
    };
  };
}
