/**
 * Front-matter text (a lesson's objectives) may hold `$…$` maths like the lesson body, but it is
 * shown by the app, not compiled by mdsvex, so it is split here into plain runs and formulas for
 * the page to typeset. `\$` is a literal dollar sign, as in the body; an unclosed `$` stays text.
 */
export type InlinePiece = { text: string } | { tex: string };

export function splitInlineMath(source: string): InlinePiece[] {
  const pieces: InlinePiece[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\' && source[i + 1] === '$') {
      text += '$';
      i += 2;
      continue;
    }
    const close = c === '$' ? source.indexOf('$', i + 1) : -1;
    if (close > i + 1) {
      if (text !== '') pieces.push({ text });
      text = '';
      pieces.push({ tex: source.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    text += c;
    i++;
  }
  if (text !== '') pieces.push({ text });
  return pieces;
}
