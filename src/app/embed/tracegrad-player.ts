/**
 * `<tracegrad-player example="classic" step="20" view="network">`: the player on any page (a
 * course site, an LMS page, a homework handout), in an open shadow root so the page's styles and
 * the player's leave each other alone. Takes the embed route's parameters as attributes
 * (`example` or `problem` (base64url JSON) or `src` (a problem file's URL), `step`, `view`,
 * `granularity`), fills its own box (16:9 unless the page sizes it), and reports every change of
 * stop as a `tracegrad-step` event whose detail has the protocol's fields: `{ stop, stops, phase }`.
 * Its methods next(), prev(), first(), last() and goto(stop) step it; so do the keys when it has focus.
 *
 * Built to dist/embed/tracegrad-player.js by `npm run build`; loading the module defines the element.
 */
import { mount, unmount } from 'svelte';
import katexCss from 'katex/dist/katex.min.css?inline';
import pageCss from '../global.css?inline';
import { escapeControlCharacters } from '../../data/control-characters';
import { LIMITS, LimitError, checkLimit, problemWork } from '../../data/limits';
import { ProblemError, parseProblemText } from '../../data/problem';
import { Trace } from '../../engine/trace';
import { EngineError } from '../../engine/value';
import { traceProblem } from '../../nn/run';
import EmbeddedPlayer from '../../ui/embed/EmbeddedPlayer.svelte';
import { readEmbedRequest, type EmbedRequest } from '../../ui/embed/embed-query';
import type { FrameMessage, HostCommand } from '../../ui/embed/protocol';

const ELEMENT_NAME = 'tracegrad-player';

// The page's colours and type, on the element instead of the document root.
const HOST_CSS = `${pageCss.replaceAll(':root', ':host')}
:host { display: block; aspect-ratio: 16 / 9; min-height: 12rem; position: relative; overflow: hidden;
  font-family: var(--font-sans); font-size: 1.0625rem; line-height: 1.55; color: var(--text); background: var(--bg); }
:host(:focus-visible) { outline: 3px solid var(--focus); outline-offset: 2px; }
.box { position: absolute; inset: 0; }
.error { margin: 1rem; color: var(--error); font-weight: 600; }`;

/** Fonts declared inside a shadow root are not used, so KaTeX's @font-face rules go to the document once. */
function declareFontsOnce(): void {
  if (document.querySelector('style[data-tracegrad-fonts]') !== null) return;
  const style = document.createElement('style');
  style.dataset.tracegradFonts = '';
  style.textContent = (katexCss.match(/@font-face\s*{[^}]*}/g) ?? []).join('\n');
  document.head.append(style);
}

const messageOf = (error: unknown): string => escapeControlCharacters(error instanceof ProblemError || error instanceof EngineError || error instanceof LimitError ? error.message : String(error));

class TracegradPlayerElement extends HTMLElement {
  #player: ReturnType<typeof EmbeddedPlayer> | undefined;
  #mounted: Record<string, unknown> | undefined;
  #box: HTMLDivElement | undefined;
  /** Bumped on every (re)load, so a slow `src` fetch that was overtaken is dropped. */
  #generation = 0;

  static get observedAttributes(): string[] {
    return ['example', 'problem', 'src', 'step', 'view', 'granularity'];
  }

  connectedCallback(): void {
    if (this.shadowRoot === null) {
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = `${katexCss}\n${HOST_CSS}`;
      this.#box = document.createElement('div');
      this.#box.className = 'box';
      root.append(style, this.#box);
      if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
      this.addEventListener('keydown', (event) => {
        if (this.#player?.handleKey(event)) event.preventDefault();
      });
    }
    declareFontsOnce();
    void this.#load();
  }

  disconnectedCallback(): void {
    this.#generation++;
    this.#unmount();
  }

  attributeChangedCallback(_name: string, before: string | null, after: string | null): void {
    if (before !== after && this.isConnected && this.#box !== undefined) void this.#load();
  }

  next(): void {
    this.#command({ command: 'next' });
  }
  prev(): void {
    this.#command({ command: 'prev' });
  }
  first(): void {
    this.#command({ command: 'first' });
  }
  last(): void {
    this.#command({ command: 'last' });
  }
  goto(stop: number): void {
    this.#command({ command: 'goto', stop });
  }

  #command(order: HostCommand): void {
    this.#player?.command(order);
  }

  #unmount(): void {
    if (this.#mounted !== undefined) void unmount(this.#mounted);
    this.#mounted = undefined;
    this.#player = undefined;
  }

  async #request(): Promise<EmbedRequest> {
    const attributes = { get: (name: string) => this.getAttribute(name) };
    const src = this.getAttribute('src');
    if (src === null) return readEmbedRequest(attributes);
    const url = new URL(src, document.baseURI);
    const response = await fetch(url).catch(() => undefined);
    if (response === undefined || !response.ok) throw new ProblemError(`src="${src}" could not be loaded${response ? ` (HTTP ${response.status})` : ''}`);
    const problem = parseProblemText(await response.text());
    // The other attributes still apply; the example default is replaced by the file.
    return { ...readEmbedRequest({ get: (name) => (name === 'example' || name === 'problem' ? null : attributes.get(name)) }), problem };
  }

  async #load(): Promise<void> {
    const generation = ++this.#generation;
    const box = this.#box;
    if (box === undefined) return;
    let request: EmbedRequest;
    let trace: Trace;
    try {
      request = await this.#request();
      checkLimit(LIMITS.playerWork, problemWork(request.problem), 'the network');
      trace = new Trace(traceProblem(request.problem).trace);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#unmount();
      const line = document.createElement('p');
      line.className = 'error';
      line.setAttribute('role', 'alert');
      line.textContent = `tracegrad-player: ${messageOf(error)}.`;
      box.replaceChildren(line);
      return;
    }
    if (generation !== this.#generation) return;
    this.#unmount();
    box.replaceChildren();
    const send = (message: FrameMessage): void => this.#report(message);
    const mounted = mount(EmbeddedPlayer, {
      target: box,
      props: { problem: request.problem, trace, stop: request.stop, view: request.view, granularity: request.granularity, send },
    });
    this.#mounted = mounted;
    this.#player = mounted;
  }

  /** The protocol's messages as DOM events; `ready` is followed at once by the first `tracegrad-step`. */
  #report(message: FrameMessage): void {
    const fire = (type: string, detail: object): boolean => this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    if (message.type === 'edge') fire('tracegrad-edge', { at: message.at });
    else if (message.type === 'step') fire('tracegrad-step', { stop: message.stop, stops: message.stops, phase: message.phase });
    else {
      fire('tracegrad-ready', { stop: message.stop, stops: message.stops });
      queueMicrotask(() => this.#command({ command: 'status' }));
    }
  }
}

if (customElements.get(ELEMENT_NAME) === undefined) customElements.define(ELEMENT_NAME, TracegradPlayerElement);

declare global {
  interface HTMLElementTagNameMap {
    [ELEMENT_NAME]: TracegradPlayerElement;
  }
}
