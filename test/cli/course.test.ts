import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv';
import { parseProblemText } from '../../src/data/problem';
import { generateProblem } from '../../src/data/generate';
import type { GradResult } from '../../src/data/result';
import { parseRoster, studentSeed } from '../../src/data/roster';
import { courseFiles } from '../../src/nn/course';
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
    expect(run.stderr).toMatch(/^tracegrad: \S+roster\.csv: row 3: the id "\.\.\/evil" contains "\/", which cannot be part of a folder name\n$/);
    expect(() => readdirSync(dir)).toThrow();
    const repeated = newCourse('id\nann\nbo\nann\n');
    expect(repeated.run.stderr).toMatch(/: row 4: the id "ann" is also on row 2\n$/);
    expect(repeated.run.status).toBe(2);
  });

  it('says --seed does not go with --roster, and --out-dir is needed', () => {
    const dir = tempDir();
    expect(runCli(['new', ...OPTIONS, '--roster', join(dir, 'r.csv'), '--out-dir', dir, '--seed', '3']).stderr).toBe('tracegrad: new: --seed does not go with --roster (each student\'s seed comes from the id; files go to --out-dir)\n');
    expect(runCli(['new', ...OPTIONS, '--roster', join(dir, 'r.csv')]).stderr).toBe('tracegrad: new: missing --out-dir (see tracegrad new --help)\n');
  });
});

/** A course folder written in-process (the same files new --roster writes), for the grading tests. */
function writeCourse(ids: readonly string[]): string {
  const dir = tempDir();
  const roster = parseRoster(`id,name\n${ids.map((id) => `${id},Name of ${id}`).join('\n')}\n`);
  for (const file of courseFiles(roster, { sizes: [2, 2, 2], activations: ['sigmoid', 'sigmoid'], loss: 'half_sse', learningRate: 0.5 })) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

const keyOf = (course: string, id: string): GradResult => JSON.parse(readFileSync(join(course, id, 'key.json'), 'utf8')) as GradResult;

describe('tracegrad grade', { timeout: 60_000 }, () => {
  it('grades each file into its status, with the roster’s columns, feedback and a summary line', () => {
    const ids = ['right', 'wrong', 'empty', 'notjson', 'array', 'extra', 'folder', 'absent'];
    const course = writeCourse(ids);
    const submissions = tempDir();
    const right = keyOf(course, 'right');
    writeFileSync(join(submissions, 'right.json'), JSON.stringify(right));
    const wrong = keyOf(course, 'wrong');
    writeFileSync(join(submissions, 'wrong.json'), JSON.stringify({ loss: wrong.loss, layers: [null, { gradWeights: [[wrong.layers[1]!.gradWeights[0]![0]! * 2, null]] }] }));
    writeFileSync(join(submissions, 'empty.json'), '');
    writeFileSync(join(submissions, 'notjson.json'), '{"loss": 0.3,');
    writeFileSync(join(submissions, 'array.json'), '[1, 2]');
    writeFileSync(join(submissions, 'extra.json'), '{"layers": [{"delta": [1, 2, 3]}]}');
    mkdirSync(join(submissions, 'folder.json'));
    writeFileSync(join(submissions, 'stranger.json'), '{}');
    writeFileSync(join(submissions, 'notes.txt'), 'not an answers file');
    const feedbackDir = join(tempDir(), 'feedback');
    const run = runCli(['grade', course, submissions, '--feedback-dir', feedbackDir]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('tracegrad: 8 students: 2 graded, 1 missing, 5 malformed; 1 file not on the roster. 1 other file (not <id>.json) left alone.\n');
    const rows = parseCsv(run.stdout).map((record) => record.fields);
    expect(rows[0]).toEqual(['id', 'status', 'correct', 'wrong', 'total', 'score', 'name', 'message']);
    const byId = new Map(rows.slice(1).map((fields) => [fields[0]!, fields]));
    expect(byId.get('right')!.slice(0, 7)).toEqual(['right', 'graded', '39', '0', '39', '1', 'Name of right']);
    expect(byId.get('wrong')!).toEqual(['wrong', 'graded', '1', '1', '2', '0.5', 'Name of wrong', '']);
    expect(byId.get('empty')!).toEqual(['empty', 'malformed', '0', '0', '0', '0', 'Name of empty', 'the file is empty']);
    expect(byId.get('notjson')!.slice(0, 2)).toEqual(['notjson', 'malformed']);
    expect(byId.get('notjson')![7]).toMatch(/^not valid JSON: /);
    expect(byId.get('array')![7]).toBe('the answers must be a JSON object shaped like grad --json output, not an array');
    expect(byId.get('extra')![7]).toBe('layers[0].delta[2] does not exist: layer 1 has 2 neurons');
    expect(byId.get('folder')!.slice(1, 2)).toEqual(['malformed']);
    expect(byId.get('absent')!).toEqual(['absent', 'missing', '0', '0', '0', '0', 'Name of absent', '']);
    expect(byId.get('stranger')!).toEqual(['stranger', 'unknown', '0', '0', '0', '0', '', '']);
    // Roster order first, then the files not on the roster.
    expect(rows.slice(1).map((fields) => fields[0])).toEqual([...ids, 'stranger']);

    expect(readdirSync(feedbackDir).sort()).toEqual(ids.map((id) => `${id}.md`).sort());
    const wrongReport = readFileSync(join(feedbackDir, 'wrong.md'), 'utf8');
    expect(wrongReport).toContain('Score: 1 of 2 correct.');
    expect(wrongReport).toMatch(/✗\s+\S+\s+layers\[1\]\.gradWeights\[0\]\[0\]/);
    expect(wrongReport).toContain('1 of 2 correct, 1 wrong.');
    expect(readFileSync(join(feedbackDir, 'extra.md'), 'utf8')).toContain('could not be graded: layers[0].delta[2] does not exist');
  });

  it('writes the gradebook to --out, and refuses a course folder or submissions folder it cannot read', () => {
    const course = writeCourse(['a']);
    const submissions = tempDir();
    const out = join(tempDir(), 'gradebook.csv');
    const run = runCli(['grade', course, submissions, '--out', out]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('id,status,correct,wrong,total,score,name,message\r\na,missing,0,0,0,0,Name of a,\r\n');
    const noRoster = runCli(['grade', submissions, submissions]);
    expect(noRoster.status).toBe(2);
    expect(noRoster.stderr).toBe(`tracegrad: ${join(submissions, 'roster.csv')}: cannot read: no such file\n`);
    const noFolder = runCli(['grade', course, join(submissions, 'nowhere')]);
    expect(noFolder.status).toBe(2);
    expect(noFolder.stderr).toBe(`tracegrad: ${join(submissions, 'nowhere')}: cannot read: no such folder\n`);
  });
});

describe('tracegrad check names the mistake', { timeout: 60_000 }, () => {
  it('gives each wrong item of --json a diagnosis (absent when there is none) and prints it under the line', () => {
    const answers = join(tempDir(), 'flipped.json');
    // The classic example's δ^{[2]} with the sign of (ŷ − y) flipped, and a number off by 300 %.
    writeFileSync(answers, JSON.stringify({ loss: 1.2, layers: [null, { delta: [-0.138499, 0.0380982] }] }));
    const json = runCli(['check', 'test/cli/fixtures/classic.json', answers, '--json']);
    const items = (JSON.parse(json.stdout) as { items: { path: string; diagnosis?: string }[] }).items;
    expect(items.map((item) => item.diagnosis)).toEqual([undefined, expect.stringContaining('sign of (ŷ − y) flipped'), expect.stringContaining('sign of (ŷ − y) flipped')]);
    expect('diagnosis' in items[0]!).toBe(false);
    const text = runCli(['check', 'test/cli/fixtures/classic.json', answers]);
    expect(text.stdout).toMatch(/layers\[1\]\.delta\[0\]\s+given -0\.138499\n {4}This is what you get with the sign of \(ŷ − y\) flipped/);
    const gradescope = JSON.parse(runCli(['check', 'test/cli/fixtures/classic.json', answers, '--format', 'gradescope']).stdout) as { tests: { output: string }[] };
    expect(gradescope.tests[1]!.output).toMatch(/^You gave -0\.138499: not correct\. This is what you get with the sign of/);
  });
});
