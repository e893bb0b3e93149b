/**
 * A reveal.js (5 or 6) plugin: on a slide holding `<iframe data-tracegrad src="…#/embed?…">`, the
 * deck's next (→, PageDown, Space, a clicker) takes the embedded player one stop on, and after
 * its last stop the deck moves to the next slide; prev mirrors it, and coming back from the next
 * slide lands on the player's last stop.
 *
 * How: once a frame says how many stops it has, the plugin gives its slide one invisible reveal.js
 * fragment per stop after the first. The deck then counts the stops itself (its keys, clicker,
 * controls, progress bar and URL all see them, and returning to a slide shows all its fragments),
 * and the plugin only tells the frame which stop the deck is on: stop = 1 + fragments shown.
 *
 * Built to dist/embed/reveal-tracegrad.js by `npm run build`:
 *   import RevealTracegrad from './reveal-tracegrad.js';
 *   Reveal.initialize({ plugins: [RevealTracegrad] });
 */
import { PROTOCOL_NAME, readFrameMessage, type HostCommand } from '../../ui/embed/protocol';

/** The part of reveal.js's API this plugin uses (the same in reveal.js 5 and 6). */
interface Deck {
  on(type: string, listener: (event: Event) => void): void;
  off(type: string, listener: (event: Event) => void): void;
  getRevealElement(): HTMLElement | null;
  getCurrentSlide(): HTMLElement | undefined;
  getIndices(slide?: HTMLElement): { h: number; v?: number; f?: number };
  slide(h?: number, v?: number, f?: number): void;
  syncFragments(slide: HTMLElement): HTMLElement[];
  next(): void;
  prev(): void;
}

export interface RevealPlugin {
  id: string;
  init(deck: Deck): void;
  destroy(): void;
}

const FRAME_SELECTOR = 'iframe[data-tracegrad]';
/** reveal.js's keys for next and prev (with Shift, Space is prev). */
const NEXT_KEYS = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'n', 'l', 'j']);
const PREV_KEYS = new Set(['ArrowLeft', 'ArrowUp', 'PageUp', 'p', 'h', 'k']);
/** Marks the fragments this plugin adds, so it counts only its own. */
const STOP_ATTRIBUTE = 'data-tracegrad-stop';

interface Embedded {
  frame: HTMLIFrameElement;
  slide: HTMLElement;
  /** The frame's stop count, once it has said. */
  stops?: number;
  /** The stop the frame last reported, or was last sent to. */
  stop?: number;
  /** The frame's own starting stop (its link's step=), taken the first time the deck enters its slide. */
  startAt?: number;
  entered: boolean;
}

function createPlugin(): RevealPlugin {
  let deck: Deck | undefined;
  let embeds: Embedded[] = [];
  const cleanups: (() => void)[] = [];
  /**
   * Presses made on a player's slide before its frame said how many stops it has (it is still
   * loading): kept, +1 for next and −1 for prev, and made once it has, so a quick clicker does not
   * skip the player.
   */
  let heldPresses: number[] = [];

  const post = (embedded: Embedded, command: HostCommand): void => {
    embedded.frame.contentWindow?.postMessage({ target: PROTOCOL_NAME, ...command }, '*');
  };

  const stopFragments = (embedded: Embedded): HTMLElement[] => [...embedded.slide.querySelectorAll<HTMLElement>(`.fragment[${STOP_ATTRIBUTE}]`)];

  /** One hidden fragment per stop after the first; re-synced with reveal.js when the count changes. */
  function giveFragments(embedded: Embedded, stops: number): void {
    const existing = stopFragments(embedded);
    if (existing.length === stops - 1) return;
    for (const fragment of existing) fragment.remove();
    for (let i = 1; i < stops; i++) {
      const fragment = document.createElement('span');
      fragment.className = 'fragment';
      fragment.setAttribute(STOP_ATTRIBUTE, String(i + 1));
      fragment.setAttribute('aria-hidden', 'true');
      fragment.hidden = true;
      embedded.slide.append(fragment);
    }
    deck?.syncFragments(embedded.slide);
  }

  /** Shows the slide's fragments up to `stop` (the deck's state follows the frame's). */
  function showStop(embedded: Embedded, stop: number): void {
    if (deck === undefined) return;
    const fragments = stopFragments(embedded);
    const last = fragments[stop - 2];
    const { h, v } = deck.getIndices(embedded.slide);
    const index = last === undefined ? -1 : Number(last.getAttribute('data-fragment-index'));
    deck.slide(h, v, index);
  }

  const shownStop = (embedded: Embedded): number => 1 + stopFragments(embedded).filter((fragment) => fragment.classList.contains('visible')).length;

  const isCurrent = (embedded: Embedded): boolean => deck?.getCurrentSlide() === embedded.slide;

  /** After any move of the deck: the frames on the current slide go to the stop the deck shows. */
  function follow(): void {
    // Keys pressed in a frame go to the frame; after a slide change they belong to the deck again.
    const active = document.activeElement;
    if (active instanceof HTMLIFrameElement && !embeds.some((embedded) => embedded.frame === active && isCurrent(embedded))) active.blur();
    for (const embedded of embeds) {
      if (!isCurrent(embedded) || embedded.stops === undefined) continue;
      if (!embedded.entered) {
        embedded.entered = true;
        // The first visit opens where the link says (step=), unless the deck arrived from behind.
        if (embedded.startAt !== undefined && shownStop(embedded) === 1 && embedded.startAt > 1) {
          showStop(embedded, embedded.startAt);
          return;
        }
      }
      const stop = shownStop(embedded);
      if (stop !== embedded.stop) {
        embedded.stop = stop;
        post(embedded, { command: 'goto', stop });
      }
    }
  }

  function onmessage(event: MessageEvent): void {
    const embedded = embeds.find((candidate) => candidate.frame.contentWindow === event.source);
    const message = readFrameMessage(event.data);
    if (embedded === undefined || message === undefined || deck === undefined) return;
    if (message.type === 'edge') {
      // Only a press inside the frame gets here (the deck never asks past an end): leave the slide.
      if (!isCurrent(embedded)) return;
      embedded.frame.blur();
      if (message.at === 'end') deck.next();
      else deck.prev();
      return;
    }
    const known = embedded.stops !== undefined;
    embedded.startAt ??= message.stop;
    embedded.stops = message.stops;
    giveFragments(embedded, message.stops);
    if (!known) {
      embedded.stop = message.stop;
      follow();
      if (isCurrent(embedded)) replayHeld();
    } else if (isCurrent(embedded) && document.activeElement === embedded.frame && message.stop !== shownStop(embedded)) {
      // The lecturer stepped inside the frame: the deck's fragments catch up.
      embedded.stop = message.stop;
      showStop(embedded, message.stop);
    }
  }

  function replayHeld(): void {
    const presses = heldPresses;
    heldPresses = [];
    for (const press of presses) {
      if (press > 0) deck?.next();
      else deck?.prev();
    }
  }

  /** Before reveal.js sees a key: on a slide whose player is still loading, the press waits for it. */
  function onkeydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || deck === undefined) return;
    const direction = NEXT_KEYS.has(event.key) && !(event.key === ' ' && event.shiftKey) ? 1 : PREV_KEYS.has(event.key) || (event.key === ' ' && event.shiftKey) ? -1 : 0;
    if (direction === 0) return;
    const loading = embeds.some((embedded) => isCurrent(embedded) && embedded.stops === undefined);
    if (!loading) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    heldPresses.push(direction);
  }

  return {
    id: 'tracegrad',
    init(given: Deck): void {
      deck = given;
      const root = given.getRevealElement() ?? document.body;
      embeds = [...root.querySelectorAll<HTMLIFrameElement>(FRAME_SELECTOR)].flatMap((frame) => {
        const slide = frame.closest('section');
        return slide === null ? [] : [{ frame, slide, entered: false }];
      });
      window.addEventListener('message', onmessage);
      cleanups.push(() => window.removeEventListener('message', onmessage));
      // Capturing on the window runs before reveal.js's own listener on the document.
      window.addEventListener('keydown', onkeydown, true);
      cleanups.push(() => window.removeEventListener('keydown', onkeydown, true));
      for (const type of ['ready', 'slidechanged', 'fragmentshown', 'fragmenthidden']) {
        given.on(type, follow);
        cleanups.push(() => given.off(type, follow));
      }
      // A frame that said `ready` before the plugin listened is asked where it is.
      for (const embedded of embeds) {
        const ask = (): void => post(embedded, { command: 'status' });
        embedded.frame.addEventListener('load', ask);
        cleanups.push(() => embedded.frame.removeEventListener('load', ask));
        ask();
      }
    },
    destroy(): void {
      for (const cleanup of cleanups.splice(0)) cleanup();
      deck = undefined;
      embeds = [];
      heldPresses = [];
    },
  };
}

/**
 * The default export works both ways reveal.js takes a plugin: as a factory (reveal.js calls it,
 * and each deck gets its own state) and as the plugin object itself (`id`, `init`).
 */
const RevealTracegrad: (() => RevealPlugin) & RevealPlugin = Object.assign(createPlugin, createPlugin());
export default RevealTracegrad;
