/**
 * The folders of src/ are layers, and imports point one way, down (README, "How it fits together"):
 *
 *   app                  the pages, router and route table
 *   cli, ui              the command line; the components
 *   nn, tensor           the scalar networks; the batched engine
 *   engine, data         Value, ops, tape and trace; problem files, data sets, shared plain types
 *
 * A file may import from its own folder and from any folder of a lower layer, never from a higher
 * layer and never from the other folder of its own layer. What two folders of one layer both need
 * moves down (the seeded random source, the result types and the JSON text live in data/), and
 * what the app owns is handed down (ui/ gets the app's links through ui/links.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const LAYERS: Readonly<Record<string, number>> = { engine: 0, data: 0, nn: 1, tensor: 1, cli: 2, ui: 2, app: 3 };
const SOURCE_EXTENSIONS = new Set(['.ts', '.svelte', '.mjs', '.js']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
  });
}

/** The code of a file: all of a .ts file, the <script> blocks of a .svelte file. */
function codeOf(path: string, text: string): string {
  if (!path.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]).join('\n');
}

/**
 * Every module a file names: static and type imports, `export … from`, side-effect imports,
 * dynamic `import()`, and a module named by `new URL('….ts', import.meta.url)` (how a worker is
 * started). A URL of a folder or a data file (the repository root, a public folder) is no import.
 */
function importsOf(path: string, text: string): string[] {
  const code = codeOf(path, text);
  const named = ts.preProcessFile(code, true, true).importedFiles.map((file) => file.fileName);
  const urls = [...code.matchAll(/new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)].map((match) => match[2]!);
  return [...named, ...urls.filter((url) => /\.(ts|js|mjs|svelte)$/.test(url))];
}

/** The folder of src/ a path is in ('engine', 'ui', …), or undefined outside src/. */
function folderOf(path: string): string | undefined {
  const parts = normalize(path).split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

/** Why `specifier`, imported by the file at `from` (a path from the repository root), breaks the layers; undefined if it does not. */
function layerViolation(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined; // a package
  const target = normalize(join(dirname(from), specifier));
  const source = folderOf(from)!;
  const destination = folderOf(target);
  if (destination === undefined) return `${from} imports ${target}, outside src/`;
  if (destination === source) return undefined;
  const below = Object.keys(LAYERS).filter((folder) => LAYERS[folder]! < LAYERS[source]!);
  if (LAYERS[destination]! < LAYERS[source]!) return undefined;
  return `${from} imports ${target}, but ${source}/ may import only from ${below.length > 0 ? below.map((folder) => `${folder}/`).join(', ') : 'itself'}`;
}

const root = normalize(join(import.meta.dirname, '..'));
const files = sourceFiles(join(root, 'src')).map((path) => relative(root, path));

describe('the folders of src/ are layers and imports point down', () => {
  it('every folder of src/ belongs to a layer', () => {
    const folders = new Set(files.map((path) => folderOf(path) ?? path));
    expect([...folders].filter((folder) => !(folder in LAYERS))).toEqual([]);
  });

  it('no file in src/ imports from a higher layer or from the other folder of its own layer', () => {
    const violations = files.flatMap((path) =>
      importsOf(path, readFileSync(join(root, path), 'utf8')).flatMap((specifier) => layerViolation(path, specifier) ?? []),
    );
    expect(violations).toEqual([]);
  });

  it('the engine core (Value, the ops, the recorder interface) imports neither the tape nor any TeX', () => {
    const core = ['src/engine/value.ts', 'src/engine/ops.ts', 'src/engine/recorder.ts'];
    const imported = core.flatMap((path) => importsOf(path, readFileSync(join(root, path), 'utf8')).map((specifier) => `${path} → ${specifier}`));
    expect(imported.filter((edge) => /tape|tex|trace'|narration/.test(edge.split(' → ')[1]!))).toEqual([]);
  });

  it('finds imports of every form, in TypeScript and in the scripts of a Svelte component', () => {
    const svelte = [
      '<script module lang="ts">export const shared = 1;</script>',
      '<script lang="ts">',
      "  import { href } from '../../app/router.svelte';",
      "  import type { Trace } from '../../engine/trace';",
      "  // import { not } from './a-comment';",
      '</script>',
      '<p>{href("/")}</p>',
    ].join('\n');
    expect(importsOf('src/ui/lesson/X.svelte', svelte)).toEqual(['../../app/router.svelte', '../../engine/trace']);
    const typescript = [
      "export { a } from './a';",
      "import './side-effect.css';",
      "const later = import('../app/routes');",
      "const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });",
      "const root = new URL('../..', import.meta.url);",
    ].join('\n');
    expect(importsOf('src/ui/x.ts', typescript)).toEqual(['./a', './side-effect.css', '../app/routes', './worker.ts']);
  });

  it('names an import that points up, one that points sideways and one that leaves src/, and allows one that points down', () => {
    expect(layerViolation('src/ui/lesson/LessonList.svelte', '../../app/router.svelte')).toBe(
      'src/ui/lesson/LessonList.svelte imports src/app/router.svelte, but ui/ may import only from engine/, data/, nn/, tensor/',
    );
    expect(layerViolation('src/nn/agreement.ts', '../tensor/problem')).toMatch(/^src\/nn\/agreement\.ts imports src\/tensor\/problem, but nn\/ may import only from engine\/, data\/$/);
    expect(layerViolation('src/data/toys.ts', '../engine/value')).toMatch(/data\/ may import only from itself$/);
    expect(layerViolation('src/cli/main.ts', '../../test/helpers/classic')).toBe('src/cli/main.ts imports test/helpers/classic, outside src/');
    expect(layerViolation('src/app/pages/PlayerPage.svelte', '../../ui/player/Player.svelte')).toBeUndefined();
    expect(layerViolation('src/tensor/train.ts', '../data/random')).toBeUndefined();
    expect(layerViolation('src/engine/value.ts', './ops')).toBeUndefined();
    expect(layerViolation('src/ui/Tex.svelte', 'katex')).toBeUndefined();
  });
});
