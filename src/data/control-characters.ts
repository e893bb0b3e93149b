/**
 * Text taken from a file (a key of an answer sheet, a snippet of broken JSON, a file name) can hold
 * control characters: ESC starts terminal sequences that clear the screen or rewrite a line, and
 * the bidirectional overrides reorder what a reader sees. Before such text is shown it passes
 * through `escapeControlCharacters`, which writes each of them as a visible escape such as \x1b
 * or \u202e; every other character, including non-ASCII letters and symbols, is kept as it is.
 */

/** C0 controls and DEL, C1 controls, and the bidirectional embeddings, overrides and isolates. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control character written as a visible escape (\x1b, \x0a, \u202e). */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, escapeOne);
}
