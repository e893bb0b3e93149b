import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LessonFormatError, buildCatalog, lessonIdFromPath, parseLesson, readFrontMatter } from '../../src/ui/lesson/front-matter';
import { splitInlineMath } from '../../src/ui/lesson/inline-math';
import { LessonMathError, extractMath, preprocessLessonMath } from '../../src/ui/lesson/math-preprocess';

const lessonsDir = new URL('../../lessons/', import.meta.url);
const files = Object.fromEntries(
  readdirSync(lessonsDir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => [`/lessons/${name}`, readFileSync(new URL(name, lessonsDir), 'utf8')]),
);

const minimal = (extra = ''): string => `---
title: A lesson
order: 3
minutes: 10
objectives:
  - Do one thing
  - "Do another: quoted"
${extra}---

<Step title="One">Text</Step>
<Numeric id="n" answer={1}>Q</Numeric>
`;

describe('lesson discovery', () => {
  it('every lesson file in lessons/ parses, and they are numbered 1 to 11 with unique ids', () => {
    const catalog = buildCatalog(files);
    expect(catalog.problems).toEqual([]);
    expect(catalog.lessons.map((lesson) => lesson.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(new Set(catalog.lessons.map((lesson) => lesson.id)).size).toBe(11);
    for (const lesson of catalog.lessons) {
      expect(lesson.objectives.length, lesson.id).toBeGreaterThan(0);
      expect(lesson.stepCount, lesson.id).toBeGreaterThan(1);
      expect(lesson.exerciseIds.length, lesson.id).toBeGreaterThan(0);
    }
  });

  it('every lesson imports only what the barrel exports, and every revisit names a step of the lesson', async () => {
    const barrel = (await import('../../src/ui/lesson/index')) as Record<string, unknown>;
    for (const [path, text] of Object.entries(files)) {
      const imported = /import \{([^}]*)\} from '\$lesson'/.exec(text)?.[1]?.split(',').map((name) => name.trim()) ?? [];
      for (const name of imported) expect(barrel[name], `${path} imports ${name}`).toBeDefined();
      const stepIds = [...text.matchAll(/<Step id="([^"]+)"/g)].map((match) => match[1]);
      for (const match of text.matchAll(/revisit="([^"]+)"/g)) expect(stepIds, `${path} revisit="${match[1]}"`).toContain(match[1]);
    }
    // Importing the barrel compiles every widget; on a loaded machine that alone can pass 5 s.
  }, 30_000);

  it('takes the id from the file name without its sorting number', () => {
    expect(lessonIdFromPath('/lessons/01-perceptron.md')).toBe('perceptron');
    expect(lessonIdFromPath('/lessons/chain-rule.md')).toBe('chain-rule');
  });

  it('reads title, order, minutes, objectives, steps and exercise ids', () => {
    expect(parseLesson('/lessons/03-a.md', minimal())).toEqual({
      id: 'a',
      title: 'A lesson',
      order: 3,
      minutes: 10,
      objectives: ['Do one thing', 'Do another: quoted'],
      stepCount: 1,
      exerciseIds: ['n'],
    });
  });

  it.each([
    ['no front matter', '<Step title="x">y</Step>', 'does not start with front matter'],
    ['unclosed front matter', '---\ntitle: x\n', 'never closed'],
    ['no title', minimal().replace('title: A lesson\n', ''), 'needs "title'],
    ['no objectives', minimal().replace(/objectives:[\s\S]*?quoted"\n/, ''), 'objectives'],
    ['minutes not a number', minimal().replace('minutes: 10', 'minutes: ten'), '"minutes" must be a positive number'],
    ['no steps', minimal().replace('<Step title="One">Text</Step>', ''), 'no <Step>'],
    ['an exercise without id', minimal().replace('id="n" ', ''), 'has no id'],
    ['a stray list item', minimal('  - loose\n').replace('objectives:', 'objectives: one'), 'list item outside a list'],
  ])('rejects a file with %s', (_what, text, message) => {
    expect(() => parseLesson('/lessons/x.md', text)).toThrow(LessonFormatError);
    expect(() => parseLesson('/lessons/x.md', text)).toThrow(message);
  });

  it('leaves a bad file out of the catalog and says which and why, keeping the others', () => {
    const catalog = buildCatalog({ '/lessons/01-good.md': minimal(), '/lessons/02-bad.md': 'nothing', '/lessons/03-same.md': minimal() });
    expect(catalog.lessons.map((lesson) => lesson.id)).toEqual(['good']);
    expect(catalog.problems).toEqual(['lessons/02-bad.md: the file does not start with front matter (a line "---")', 'lessons/03-same.md: same order as "good"']);
  });

  it('reads list items under a key and plain values', () => {
    expect(readFrontMatter('---\na: 1\nb:\n  - x\n  - y\n---\n')).toEqual(new Map<string, string | string[]>([['a', '1'], ['b', ['x', 'y']]]));
  });
});

describe('maths in lessons', () => {
  it('moves inline and display maths into constants, leaving components behind', () => {
    const { markup, formulas } = extractMath('A $W^{[1]}_{11}$ and\n\n$$\n\\frac{a}{b}\n$$\n');
    expect(formulas).toEqual(['W^{[1]}_{11}', '\\frac{a}{b}']);
    expect(markup).toBe('A <LessonTex tex={lessonTexSource0} /> and\n\n<LessonTex tex={lessonTexSource1} display />\n');
  });

  it('leaves code, tags, attributes, scripts and escaped dollars alone', () => {
    const source = '```\nx = $a$\n```\n`$b$` <Numeric answer={1} hint="$c$"> \\$5 <script>const d = "$d$";</script>';
    expect(extractMath(source)).toEqual({ markup: source.replace('\\$5', '$5'), formulas: [] });
  });

  it('says which line has a formula that is never closed', () => {
    expect(() => extractMath('one\ntwo $x\n\nthree')).toThrow(LessonMathError);
    expect(() => extractMath('one\ntwo $x\n\nthree')).toThrow('line 2');
    expect(() => extractMath('$$ x')).toThrow('never closed');
  });

  it('declares the constants in the lesson script, creating one after the front matter if needed', () => {
    const withScript = preprocessLessonMath('---\ntitle: t\n---\n<script>\n  import x from "y";\n</script>\n$a$', '/Tex.svelte');
    expect(withScript).toContain('<script>\nimport LessonTex from "/Tex.svelte";\nconst lessonTexSource0 = "a";\n\n  import x');
    const without = preprocessLessonMath('---\ntitle: t\n---\n$b$', '/Tex.svelte');
    expect(without.startsWith('---\ntitle: t\n---\n<script>\n')).toBe(true);
    expect(preprocessLessonMath('no maths', '/Tex.svelte')).toBe('no maths');
  });
});

describe('maths in objectives', () => {
  it('splits front-matter text into plain runs and formulas, keeping \\$ and an unclosed $ as text', () => {
    expect(splitInlineMath('Explain why $\\delta^{[L]} = \\hat y - y$ here')).toEqual([{ text: 'Explain why ' }, { tex: '\\delta^{[L]} = \\hat y - y' }, { text: ' here' }]);
    expect(splitInlineMath('Costs \\$5, not $x')).toEqual([{ text: 'Costs $5, not $x' }]);
    expect(splitInlineMath('$a$$b$')).toEqual([{ tex: 'a' }, { tex: 'b' }]);
  });

  it('every objective written with maths writes it between dollars (no raw TeX or superscript brackets left as text)', () => {
    for (const lesson of buildCatalog(files).lessons) {
      for (const objective of lesson.objectives) {
        const plain = splitInlineMath(objective).flatMap((piece) => ('text' in piece ? [piece.text] : [])).join('');
        expect(plain, `${lesson.id}: ${objective}`).not.toMatch(/\\[a-z]+|\^\{|_\{|\[[lL]\]/);
      }
    }
  });
});

describe('notation in lesson maths (docs/NOTATION.md)', () => {
  // Every formula, except in the notes that quote the slides' own notation to correct it.
  const maths = Object.entries(files).flatMap(([path, text]) =>
    [...text.matchAll(/\$\$([\s\S]*?)\$\$|\$([^$\n]+)\$/g)]
      .filter((match) => !text.slice(text.lastIndexOf('\n', match.index) + 1).startsWith('*A note for readers'))
      .map((match) => ({ path, tex: match[1] ?? match[2] ?? '' })),
  );

  it('the loss is \\mathcal L, never a plain L (which is the depth), and the learning rate is α, never η', () => {
    expect(maths.length).toBeGreaterThan(100);
    for (const { path, tex } of maths) {
      expect(tex, path).not.toMatch(/\\partial L\b|(?<![\\a-zA-Z{[]|\\mathcal\s?)L\s*(=|\(|')/);
      expect(tex, path).not.toContain('\\eta');
    }
  });

  it('weight components are subscripts, not superscripts in parentheses', () => {
    for (const { path, tex } of maths) expect(tex, path).not.toMatch(/w\^\{\(\d|w\^\{\(m\)/);
  });
});
