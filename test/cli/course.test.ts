import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv';
import { parseProblemText } from '../../src/data/problem';
import { generateProblem } from '../../src/data/generate';
import { studentSeed } from '../../src/data/roster';
import { runCli } from './run-cli';

const OPTIONS = ['--sizes', '2,2,2', '--activations', 'sigmoid,sigmoid', '--loss', 'half_sse', '--learning-rate', '0.5'];
const ROSTER = '\uFEFFid,name,email\r\nalice,"Smith, Alice",alice@x.edu\r\nbob,"Bob ""B"" Ng",bob@x.edu\r\nzoë,"Zoë\nMüller",z@x.edu\r\n';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tracegrad-course-'));
}

/** Every file under a folder, by relative path, as text. */
function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1), readFileSync(path, 'utf8'));
  }
  return files;
}

function newCourse(roster: string, extra: string[] = []): { dir: string; run: ReturnType<typeof runCli> } {
  const dir = tempDir();
  writeFileSync(join(dir, 'roster.csv'), roster);
  const run = runCli(['new', ...OPTIONS, '--roster', join(dir, 'roster.csv'), '--out-dir', join(dir, 'course'), ...extra]);
  return { dir: join(dir, 'course'), run };
}

describe('tracegrad new --roster', { timeout: 60_000 }, () => {
  it('writes each student a problem seeded by the id, its key (= grad --json) and the roster with seeds', () => {
    const { dir, run } = newCourse(ROSTER, ['--salt', 'fall']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = readTree(dir);
    expect([...files.keys()].sort()).toEqual(['alice/key.json', 'alice/problem.json', 'bob/key.json', 'bob/problem.json', 'roster.csv', 'zoë/key.json', 'zoë/problem.json']);
    const records = parseCsv(files.get('roster.csv')!).map((record) => record.fields);
    const seeds = ['alice', 'bob', 'zoë'].map((id) => studentSeed(id, 'fall'));
    expect(records).toEqual([
      ['id', 'name', 'email', 'seed'],
      ['alice', 'Smith, Alice', 'alice@x.edu', String(seeds[0])],
      ['bob', 'Bob "B" Ng', 'bob@x.edu', String(seeds[1])],
      ['zoë', 'Zoë\nMüller', 'z@x.edu', String(seeds[2])],
    ]);
    // The problem is what tracegrad new --seed makes for that seed, and the key what grad --json prints.
    const single = runCli(['new', ...OPTIONS, '--seed', String(seeds[1])]);
    expect(files.get('bob/problem.json')).toBe(single.stdout);
    expect(parseProblemText(files.get('bob/problem.json')!)).toEqual(generateProblem({ sizes: [2, 2, 2], activations: ['sigmoid', 'sigmoid'], loss: 'half_sse', learningRate: 0.5, seed: seeds[1]! }));
    const key = runCli(['grad', join(dir, 'bob/problem.json'), '--json']);
    expect(files.get('bob/key.json')).toBe(key.stdout);
  });

  it('gives byte-identical files for the same roster and options, and keeps everyone’s problem when a student is added', () => {
    const first = readTree(newCourse(ROSTER).dir);
    const again = readTree(newCourse(ROSTER).dir);
    expect(again).toEqual(first);
    const grown = readTree(newCourse(`${ROSTER.slice(0, ROSTER.indexOf('bob'))}carl,Carl,c@x.edu\r\n${ROSTER.slice(ROSTER.indexOf('bob'))}`).dir);
    for (const [path, text] of first) if (path !== 'roster.csv') expect(grown.get(path)).toBe(text);
    expect(grown.has('carl/problem.json')).toBe(true);
    const salted = readTree(newCourse(ROSTER, ['--salt', 'spring']).dir);
    expect(salted.get('alice/problem.json')).not.toBe(first.get('alice/problem.json'));
  });

  it('refuses an unsafe or repeated id in one line naming the line, and writes nothing', () => {
    const { dir, run } = newCourse('id,name\nok,Ann\n"../evil",Eve\n');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^tracegrad: \S+roster\.csv: line 3: the id "\.\.\/evil" contains "\/", which cannot be part of a folder name\n$/);
    expect(() => readdirSync(dir)).toThrow();
    const repeated = newCourse('id\nann\nbo\nann\n');
    expect(repeated.run.stderr).toMatch(/: line 4: the id "ann" is also on line 2\n$/);
    expect(repeated.run.status).toBe(2);
  });

  it('says --seed does not go with --roster, and --out-dir is needed', () => {
    const dir = tempDir();
    expect(runCli(['new', ...OPTIONS, '--roster', join(dir, 'r.csv'), '--out-dir', dir, '--seed', '3']).stderr).toBe('tracegrad: new: --seed does not go with --roster (each student\'s seed comes from the id; files go to --out-dir)\n');
    expect(runCli(['new', ...OPTIONS, '--roster', join(dir, 'r.csv')]).stderr).toBe('tracegrad: new: missing --out-dir (see tracegrad new --help)\n');
  });
});
