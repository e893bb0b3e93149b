/**
 * A chain of equalities, a = b = c = d, written one equality to a line (KaTeX's aligned, the
 * signs under each other) instead of on one long line. The layer view's formulas are such chains
 * with matrices in them, and on one line they ran past the edge of a 1280-pixel screen.
 */

/** The positions of the "=" signs of a formula's top level (not inside braces or an environment). */
function topLevelEquals(tex: string): number[] {
  const found: number[] = [];
  let braces = 0;
  let environments = 0;
  for (let i = 0; i < tex.length; i++) {
    const character = tex[i];
    if (character === '\\') {
      if (tex.startsWith('\\begin{', i)) environments++;
      else if (tex.startsWith('\\end{', i)) environments--;
      // The escaped character (\{, \\) is not structure.
      i++;
    } else if (character === '{') braces++;
    else if (character === '}') braces--;
    else if (character === '=' && braces === 0 && environments === 0) found.push(i);
  }
  return found;
}

/** The formula with each "= …" of a chain of three or more sides on a line of its own; shorter formulas as they are. */
export function stackedEqualities(tex: string): string {
  const signs = topLevelEquals(tex);
  if (signs.length < 2) return tex;
  const sides = [...signs, tex.length].map((end, i) => tex.slice(i === 0 ? 0 : signs[i - 1]! + 1, end).trim());
  const [first, ...rest] = sides;
  return `\\begin{aligned}${first} &= ${rest.join(' \\\\ &= ')}\\end{aligned}`;
}
