/**
 * Lessons write maths as `$…$` (inline) and `$$…$$` (display), as in the course decks. mdsvex
 * cannot take that as it is: Svelte reads every `{` in a template as the start of an expression, and
 * Markdown would turn `a_1 … b_1` into emphasis. So, before mdsvex sees a lesson, this pass moves
 * each formula's TeX into a constant in the lesson's script and leaves `<LessonTex tex={…} />` in its
 * place, whose markup has no braces or underscores of its own for either parser to misread.
 *
 * Not touched: fenced and inline code, `<script>`/`<style>` blocks, and anything inside a tag (an
 * attribute's text is the component's business). `\$` is a literal dollar sign.
 *
 * Runs in Node (from vite.config.ts); no browser APIs.
 */

/** The component that typesets; imported into every lesson that has maths. */
export const TEX_COMPONENT = 'LessonTex';
/** Prefix of the generated constants; chosen so that Markdown sees no emphasis marker in it. */
const CONSTANT_PREFIX = 'lessonTexSource';

export interface MathExtraction {
  /** The lesson with every formula replaced by a component. */
  markup: string;
  /** The TeX of each formula, in order: the n-th is `lessonTexSource<n>`. */
  formulas: string[];
}

export class LessonMathError extends Error {
  override name = 'LessonMathError';
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text[i] === '\n') line++;
  return line;
}

/** Index just after the tag that starts at `start` (`<`), skipping quoted and braced attribute text. */
function endOfTag(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (depth > 0) {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' || c === "'" || c === '`') quote = c;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return text.length;
}

/** Index just after a block closed by `closing` (e.g. `</script>`), or the end of the text. */
function endOfBlock(text: string, start: number, closing: string): number {
  const end = text.indexOf(closing, start);
  return end === -1 ? text.length : end + closing.length;
}

/**
 * Splits a lesson's Markdown into formulas and everything else. Throws a LessonMathError (with
 * the line) for a `$` that opens a formula and never closes, since that would otherwise swallow the
 * rest of the paragraph silently.
 */
export function extractMath(source: string): MathExtraction {
  const formulas: string[] = [];
  let out = '';
  let i = 0;
  const atLineStart = (index: number): boolean => index === 0 || source[index - 1] === '\n';

  const emit = (tex: string, display: boolean, at: number): void => {
    const name = `${CONSTANT_PREFIX}${formulas.length}`;
    formulas.push(tex.trim());
    // mdsvex reads a line that starts with a component as markup, not as a paragraph, so the rest
    // of the line would lose its Markdown (**bold** stays literal). A zero-width space in front of
    // an inline formula that opens a line keeps the line a paragraph.
    const opensLine = !display && (at === 0 || source[at - 1] === '\n');
    out += `${opensLine ? '&#8203;' : ''}<${TEX_COMPONENT} tex={${name}}${display ? ' display' : ''} />`;
  };

  while (i < source.length) {
    const c = source[i]!;
    // Front matter at the very top belongs to mdsvex.
    if (i === 0 && source.startsWith('---\n')) {
      const end = source.indexOf('\n---', 4);
      const stop = end === -1 ? source.length : end + 4;
      out += source.slice(0, stop);
      i = stop;
      continue;
    }
    if (c === '`' && atLineStart(i) && source.startsWith('```', i)) {
      const end = source.indexOf('\n```', i + 3);
      const stop = end === -1 ? source.length : source.indexOf('\n', end + 4) === -1 ? source.length : source.indexOf('\n', end + 4);
      out += source.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '`') {
      const end = source.indexOf('`', i + 1);
      const stop = end === -1 ? source.length : end + 1;
      out += source.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '<' && source.startsWith('<script', i)) {
      const stop = endOfBlock(source, i, '</script>');
      out += source.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '<' && source.startsWith('<style', i)) {
      const stop = endOfBlock(source, i, '</style>');
      out += source.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '<' && /[A-Za-z/!]/.test(source[i + 1] ?? '')) {
      const stop = endOfTag(source, i);
      out += source.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '\\' && source[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (c === '$' && source[i + 1] === '$') {
      const end = source.indexOf('$$', i + 2);
      if (end === -1) throw new LessonMathError(`line ${lineOf(source, i)}: $$ opens a formula that is never closed`);
      emit(source.slice(i + 2, end), true, i);
      i = end + 2;
      continue;
    }
    if (c === '$') {
      // Inline: closed on the same paragraph by a `$` not followed by a digit (so "$5 and $6" in prose
      // would need escaping, but "$x$2" cannot happen in maths).
      let end = -1;
      for (let j = i + 1; j < source.length; j++) {
        if (source[j] === '\\') {
          j++;
          continue;
        }
        if (source[j] === '\n' && source[j + 1] === '\n') break;
        if (source[j] === '$') {
          end = j;
          break;
        }
      }
      if (end === -1) throw new LessonMathError(`line ${lineOf(source, i)}: $ opens a formula that is not closed in the same paragraph (write \\$ for a dollar sign)`);
      emit(source.slice(i + 1, end), false, i);
      i = end + 1;
      continue;
    }
    out += c;
    i++;
  }
  return { markup: out, formulas };
}

/**
 * The lesson with its formulas moved into its script: the constants and the import of the
 * typesetting component (src/ui/Tex.svelte) go at the top of the instance `<script>`, which is created if missing.
 */
export function preprocessLessonMath(source: string, texComponentPath: string): string {
  const { markup, formulas } = extractMath(source);
  if (formulas.length === 0) return source;
  const declarations = [
    `import ${TEX_COMPONENT} from ${JSON.stringify(texComponentPath)};`,
    ...formulas.map((tex, n) => `const ${CONSTANT_PREFIX}${n} = ${JSON.stringify(tex)};`),
  ].join('\n');
  const script = /<script(?![^>]*context=["']module["'])(?![^>]*\bmodule\b)[^>]*>/.exec(markup);
  if (script === null) {
    // After the front matter, if any, so mdsvex still finds it first.
    const frontMatter = /^---\n[\s\S]*?\n---\n?/.exec(markup);
    const at = frontMatter === null ? 0 : frontMatter[0].length;
    return `${markup.slice(0, at)}<script>\n${declarations}\n</script>\n${markup.slice(at)}`;
  }
  const at = script.index + script[0].length;
  return `${markup.slice(0, at)}\n${declarations}\n${markup.slice(at)}`;
}
