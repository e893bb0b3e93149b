/**
 * How the Tex component typesets: KaTeX, strictly first so a bad formula is noticed, then leniently
 * so it still shows (with the bad part in red). Cached, so the player can typeset ahead.
 */
import katex from 'katex';
import { TypesetCache } from './typeset-cache';

export interface Typeset {
  html: string;
  /** KaTeX's parse error, if the source is not valid TeX. */
  error: string | undefined;
}

function typeset(source: string, displayMode: boolean): Typeset {
  try {
    return { html: katex.renderToString(source, { displayMode, throwOnError: true }), error: undefined };
  } catch (error) {
    if (!(error instanceof katex.ParseError)) throw error;
    // throwOnError: false still typesets what it can and shows the bad part in red.
    // The strict pass above is only there to learn *that* it failed: KaTeX's lenient mode
    // colours an unknown command red without any error class a test could look for.
    const html = katex.renderToString(source, { displayMode, throwOnError: false });
    return { html, error: error.message };
  }
}

const displayed = new TypesetCache((source) => typeset(source, true));
const inline = new TypesetCache((source) => typeset(source, false));

export function typesetTex(source: string, display: boolean): Typeset {
  return (display ? displayed : inline).get(source);
}
