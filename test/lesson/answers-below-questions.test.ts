/**
 * A formula exercise asks for something the student works out, so the text of its step above the
 * question must not already end on the answer (lesson 6 once worked d/dx ln(x²) = 2/x in the line
 * just above asking for it). The answer is compared as TeX, written the way the lessons write it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expressionToTex, parseExpression } from '../../src/nn/expression';
import { parseDomain } from '../../src/ui/lesson/formula-check';

const lessonsDir = new URL('../../lessons/', import.meta.url);
const lessons = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .map((name) => ({ name, text: readFileSync(new URL(name, lessonsDir), 'utf8') }));

/** TeX with the spellings that do not change the formula taken out: \dfrac is \frac, no spaces, no \cdot, \left/\right, braces around one symbol. */
function normalTex(tex: string): string {
  return tex
    .replaceAll('\\dfrac', '\\frac')
    .replaceAll('\\tfrac', '\\frac')
    .replace(/\\left|\\right|\\cdot|\\,|\\;|\s+/g, '')
    .replace(/\{(\w)\}/g, '$1');
}

/** Each formula exercise: its expected answer as TeX and the text of its step before it. */
function formulaExercises(text: string): { id: string; answer: string; above: string }[] {
  const found: { id: string; answer: string; above: string }[] = [];
  for (const match of text.matchAll(/<Formula\s+id="([^"]+)"\s+expected="([^"]+)"\s+domain="([^"]+)"/g)) {
    const stepStart = text.lastIndexOf('<Step', match.index);
    const variables = Object.keys(parseDomain(match[3]!));
    found.push({ id: match[1]!, answer: expressionToTex(parseExpression(match[2]!, variables)), above: text.slice(stepStart, match.index) });
  }
  return found;
}

describe('formula exercises', () => {
  it('the lessons have formula exercises to check', () => {
    expect(lessons.flatMap((lesson) => formulaExercises(lesson.text)).length).toBeGreaterThanOrEqual(2);
  });

  it.each(lessons.map((lesson) => [lesson.name, lesson] as const))('%s: no step shows a formula exercise’s answer above the question', (_name, lesson) => {
    for (const exercise of formulaExercises(lesson.text)) {
      expect(normalTex(exercise.above), exercise.id).not.toContain(normalTex(exercise.answer));
    }
  });

  it("lesson 6's slope widget, on the exercise's step, shows the slope's number, not the formula asked for", () => {
    const widget = readFileSync(new URL('../../src/ui/lesson/widgets/ChainSlope.svelte', import.meta.url), 'utf8');
    expect(normalTex(widget.replaceAll('\\\\', '\\'))).not.toContain(normalTex('\\frac{2}{x}'));
  });

  it('the check sees the answer the way lesson 6 used to write it above the question', () => {
    const before = `<Step id="example">\n$$\n\\frac{dz}{dx} = \\frac{1}{x^2}\\,(2x) = \\frac{2}{x}\n$$\n<Formula id="dlnx2" expected="2/x" domain="x: 0.3..4">`;
    const [exercise] = formulaExercises(before);
    expect(normalTex(exercise!.above)).toContain(normalTex(exercise!.answer));
  });
});
