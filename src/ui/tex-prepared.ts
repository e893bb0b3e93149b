/**
 * Formulas typeset and parsed into elements before they are shown. The Tex component spends most
 * of a new formula's time typesetting it and parsing KaTeX's markup; for the formulas the next
 * press will show (the player's layer view at the next stop, most costly when the press enters a
 * new layer or phase and every matrix changes), that work can be done between presses, so the
 * press only has to put the elements in place. The formula card does the same for its own lines.
 */
import { parseFragment } from './morph';
import { typesetTex } from './tex-render';

/** A few steps' worth of layer-view formulas: the next stop's and the one before's. */
const LIMIT = 24;
const prepared = new Map<string, DocumentFragment>();

const keyOf = (source: string, display: boolean): string => `${display ? 'D' : 'I'}${source}`;

/** Typesets a formula (cached by tex-render) and parses it into elements, ready for `texElements`. */
export function prepareTex(source: string, display: boolean): void {
  const key = keyOf(source, display);
  if (prepared.has(key)) return;
  prepared.set(key, parseFragment(typesetTex(source, display).html));
  if (prepared.size > LIMIT) prepared.delete(prepared.keys().next().value!);
}

/**
 * The elements of a typeset formula: the prepared ones if there are (each is handed out once, since
 * putting a fragment into the page empties it), else typeset and parsed now.
 */
export function texElements(source: string, display: boolean): DocumentFragment {
  const key = keyOf(source, display);
  const ready = prepared.get(key);
  if (ready === undefined) return parseFragment(typesetTex(source, display).html);
  prepared.delete(key);
  return ready;
}
