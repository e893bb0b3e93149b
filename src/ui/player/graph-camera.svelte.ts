/**
 * The graph view's camera: where the laid-out graph is drawn and at what zoom. Fitted to the
 * viewport unless a person has panned or zoomed; or following the step, with the record the step
 * changes kept in the middle. A press, a drag, Ctrl + wheel and the keys (Shift + arrows, + − 0)
 * move it. The maths of where a view lies are plain functions below, so a test can ask them
 * without a page; the class holds the state and turns events into those functions' views.
 */

/** Screen position of the layout's origin and its scale: screen = layout · k + (x, y). */
export interface View {
  x: number;
  y: number;
  k: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;
const FIT_MAX_SCALE = 1.25;
const FIT_PADDING = 16;
export const ZOOM_STEP = 1.25;
const PAN_STEP = 80;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD = 4;
/** happy-dom and a not-yet-measured element report 0 × 0; fit to something sensible then. */
export const FALLBACK_SIZE: Size = { width: 960, height: 540 };

/** Records write their numbers at 12 px at zoom 1 (GraphRecord's .number rule). */
const NUMBER_FONT_PX = 12;
/** No number a person is meant to read is drawn smaller than this by Fit. */
const READABLE_PX = 12;
export const READABLE_SCALE = READABLE_PX / NUMBER_FONT_PX;

/**
 * Below this zoom a record's numbers would be under 4 pixels high: the overview draws the boxes,
 * their state (computed, current) and the lines, and says to zoom in for the numbers. Drawing the
 * text nobody can read was most of the time "Expand all" took on a 500-box graph.
 */
export const DETAIL_SCALE = 0.35;

/** The zoom that fits a layout of this size into the viewport, padding included. */
export function fitScale(layout: Size, within: Size): number {
  return Math.max(MIN_SCALE, Math.min(FIT_MAX_SCALE, (within.width - 2 * FIT_PADDING) / layout.width, (within.height - 2 * FIT_PADDING) / layout.height));
}

/** Along one axis: centred if the drawing fits, else the focus as near the middle as the drawing's ends allow. */
export function placeAlong(extent: number, length: number, focusAt: number, k: number): number {
  if (length * k + 2 * FIT_PADDING <= extent) return (extent - length * k) / 2;
  const centred = extent / 2 - focusAt * k;
  return Math.min(FIT_PADDING, Math.max(extent - FIT_PADDING - length * k, centred));
}

/**
 * The fitted view: the whole graph, or, when the whole graph would write its numbers under 12 px
 * (even collapsed), the numbers at 12 px around the focus (the step's record), which the view then
 * follows. The focus is asked for only then, so that a view that fits does not depend on the step.
 */
export function fittedView(layout: Size, within: Size, focusOf: () => Point): View {
  const k = fitScale(layout, within);
  if (k >= READABLE_SCALE) return { k, x: (within.width - layout.width * k) / 2, y: (within.height - layout.height * k) / 2 };
  const focus = focusOf();
  return {
    k: READABLE_SCALE,
    x: placeAlong(within.width, layout.width, focus.x, READABLE_SCALE),
    y: placeAlong(within.height, layout.height, focus.y, READABLE_SCALE),
  };
}

/** Following: the focus in the middle of the viewport at zoom k. */
export function followedView(within: Size, focus: Point, k: number): View {
  return { k, x: within.width / 2 - focus.x * k, y: within.height / 2 - focus.y * k };
}

/** The zoom a factor leads to from k, kept between the smallest and the largest. */
export function zoomedScale(k: number, factor: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, k * factor));
}

/** The view zoomed by a factor about a screen point, which stays over the same spot of the layout. */
export function zoomedAbout(view: View, factor: number, at: Point): View {
  const k = zoomedScale(view.k, factor);
  const ratio = k / view.k;
  return { k, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio };
}

/** What the camera frames, read when it is needed: the layout's size, the step's record, and whether to follow. */
export interface CameraSubject {
  layout(): Size;
  focus(): Point;
  follow(): boolean;
  /** After Fit (the button or 0): the view may decide to show the graph collapsed. */
  onfit(): void;
}

interface Drag {
  pointerId: number;
  startX: number;
  startY: number;
  from: View;
  moved: boolean;
}

export class GraphCamera {
  readonly #subject: CameraSubject;

  /** Bound to the viewport's size (0 until measured). */
  viewportWidth = $state(0);
  viewportHeight = $state(0);
  readonly size: Size = $derived(this.viewportWidth > 0 && this.viewportHeight > 0 ? { width: this.viewportWidth, height: this.viewportHeight } : FALLBACK_SIZE);

  // null = fitted to the viewport. Writable derived: a new layout (collapse, pass) fits again.
  #manualView: View | null = $derived.by((): View | null => {
    this.#subject.layout();
    return null;
  });
  // Following the step: the record the step changes stays in the middle of the view, at a zoom
  // where the numbers read (a lecturer's screen, a big graph that is unreadable when fitted).
  // Writable derived: the owner sets it again when presentation mode is turned on or off.
  following: boolean = $derived.by(() => this.#subject.follow());
  #followZoom = $state(1);

  readonly view: View = $derived.by(() =>
    this.following
      ? followedView(this.size, this.#subject.focus(), this.#followZoom)
      : (this.#manualView ?? fittedView(this.#subject.layout(), this.size, () => this.#subject.focus())),
  );

  /** Fitted, but too big to fit at a readable size: the toolbar says that the view follows the step. */
  readonly tooBigToFit: boolean = $derived.by(() => !this.following && this.#manualView === null && fitScale(this.#subject.layout(), this.size) < READABLE_SCALE);
  /** Zoomed in far enough that records draw their numbers (see DETAIL_SCALE). */
  readonly detailed: boolean = $derived(this.view.k >= DETAIL_SCALE);

  #drag: Drag | null = null;
  dragging = $state(false);
  /** A drag that ends on a button must not also press it. */
  #suppressClick = false;

  constructor(subject: CameraSubject) {
    this.#subject = subject;
  }

  setFollowing(on: boolean): void {
    // Turning it off keeps the picture where it is rather than jumping back to the fitted view.
    if (!on) this.#manualView = this.view;
    this.following = on;
  }

  fit(): void {
    this.following = false;
    this.#manualView = null;
    this.#subject.onfit();
  }

  zoomAt(factor: number, at: Point): void {
    if (this.following) this.#followZoom = zoomedScale(this.view.k, factor);
    else this.#manualView = zoomedAbout(this.view, factor, at);
  }

  zoomCentre(factor: number): void {
    this.zoomAt(factor, { x: this.size.width / 2, y: this.size.height / 2 });
  }

  panBy(dx: number, dy: number): void {
    this.following = false;
    this.#manualView = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
  }

  /** Whether a click on a button in the view is a press (true) or the end of a drag (false). */
  takeClick(): boolean {
    if (!this.#suppressClick) return true;
    this.#suppressClick = false;
    return false;
  }

  onpointerdown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    this.#suppressClick = false;
    this.#drag = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, from: this.view, moved: false };
  };

  onpointermove = (event: PointerEvent): void => {
    const drag = this.#drag;
    if (drag === null || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.moved = true;
      this.dragging = true;
      // Captured only once it is a drag, so a plain click still lands on the button under it.
      (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    }
    this.following = false;
    this.#manualView = { ...drag.from, x: drag.from.x + dx, y: drag.from.y + dy };
  };

  onpointerup = (event: PointerEvent): void => {
    if (this.#drag === null || event.pointerId !== this.#drag.pointerId) return;
    if (this.#drag.moved) this.#suppressClick = true;
    this.#drag = null;
    this.dragging = false;
  };

  onwheel = (event: WheelEvent): void => {
    // Plain wheel scrolls the page as usual; Ctrl/⌘ + wheel (and a trackpad pinch, which
    // browsers send as Ctrl + wheel) zooms about the pointer.
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    this.zoomAt(Math.exp(-event.deltaY * 0.0025), { x: event.clientX - rect.left, y: event.clientY - rect.top });
  };

  onkeydown = (event: KeyboardEvent): void => {
    // Plain ← / → belong to the player (stepping); the graph pans on Shift + arrows only.
    const pans: Record<string, [number, number]> = {
      ArrowLeft: [PAN_STEP, 0],
      ArrowRight: [-PAN_STEP, 0],
      ArrowUp: [0, PAN_STEP],
      ArrowDown: [0, -PAN_STEP],
    };
    const pan = pans[event.key];
    if (event.shiftKey && pan !== undefined) this.panBy(pan[0], pan[1]);
    else if (event.key === '+' || event.key === '=') this.zoomCentre(ZOOM_STEP);
    else if (event.key === '-' || event.key === '_') this.zoomCentre(1 / ZOOM_STEP);
    else if (event.key === '0') this.fit();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
}
