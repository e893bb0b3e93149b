import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradResult } from '../../src/data/result';
import { parseRoster } from '../../src/data/roster';
import { courseFiles } from '../../src/nn/course';
import { REPO, runCli } from './run-cli';

interface Results {
  score: number;
  output: string;
  tests: { name: string; score: number; status: string; output: string }[];
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'tracegrad-gradescope-'));

function writeCourse(): string {
  const dir = tempDir();
  const roster = parseRoster('id,name,email\nann,Ann,Ann@Example.edu\nbo,Bo,bo@example.edu\nzoë,Zoë,zoe@example.edu\n');
  for (const file of courseFiles(roster, { sizes: [2, 2, 1], activations: ['tanh', 'sigmoid'], loss: 'half_sse', learningRate: 0.5 })) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

describe('tracegrad check --format gradescope', { timeout: 60_000 }, () => {
  it('prints a results object with score 0 and one sentence for an empty, invalid or wrongly shaped file', () => {
    const course = writeCourse();
    const cases: [string, string][] = [
      ['', 'Your answers file could not be graded: the file is empty.'],
      ['{"loss": ', 'Your answers file could not be graded: not valid JSON: '],
      ['{"layers": [{"delta": [1, 2, 3]}]}', 'Your answers file could not be graded: layers[0].delta[2] does not exist: layer 1 has 2 neurons.'],
    ];
    for (const [text, output] of cases) {
      const answers = join(tempDir(), 'answers.json');
      writeFileSync(answers, text);
      const run = runCli(['check', join(course, 'ann/problem.json'), answers, '--format', 'gradescope']);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe('');
      const results = JSON.parse(run.stdout) as Results;
      expect(results.score).toBe(0);
      expect(results.output.startsWith(output)).toBe(true);
      expect(results.output.split(/[.!?]\s/).length).toBe(1);
      expect(results.tests).toEqual([]);
    }
  });
});

describe('the Gradescope bundle', { timeout: 120_000 }, () => {
  let source = '';
  let bin = '';
  let course = '';

  beforeAll(() => {
    course = writeCourse();
    const zip = join(tempDir(), 'autograder.zip');
    const run = runCli(['gradescope', course, '--out', zip]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Unpacked as Gradescope does, into source/; its tracegrad runs on this repository's tsx.
    source = join(tempDir(), 'source');
    mkdirSync(source);
    expect(spawnSync('unzip', ['-q', zip, '-d', source]).status).toBe(0);
    symlinkSync(join(REPO, 'node_modules'), join(source, 'tracegrad/node_modules'));
    bin = tempDir();
    writeFileSync(join(bin, 'tracegrad'), `#!/bin/sh\nexec "${process.execPath}" "${join(source, 'tracegrad/src/cli/tracegrad.mjs')}" "$@"\n`);
    chmodSync(join(bin, 'tracegrad'), 0o755);
  });

  /** A Gradescope root with this submission, run_autograder run on it, and its results.json. */
  function submit(metadata: unknown, answers: string | undefined, tracegradBin = bin): Results {
    const root = tempDir();
    symlinkSync(source, join(root, 'source'));
    writeFileSync(join(root, 'submission_metadata.json'), JSON.stringify(metadata));
    mkdirSync(join(root, 'submission'));
    if (answers !== undefined) writeFileSync(join(root, 'submission/answers.json'), answers);
    const run = spawnSync(join(source, 'run_autograder'), [], { env: { PATH: `${tracegradBin}:${process.env['PATH']}`, TRACEGRAD_AUTOGRADER_ROOT: root }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const results = JSON.parse(readFileSync(join(root, 'results/results.json'), 'utf8')) as Results;
    rmSync(root, { recursive: true });
    return results;
  }

  const key = (id: string): GradResult => JSON.parse(readFileSync(join(course, id, 'key.json'), 'utf8')) as GradResult;
  const user = (email: string, sid: string) => ({ users: [{ email, sid, name: 'Someone' }] });

  it('has setup.sh and run_autograder at the top, executable, and no answer keys', () => {
    expect(statSync(join(source, 'run_autograder')).mode & 0o111).not.toBe(0);
    expect(statSync(join(source, 'setup.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(source, 'setup.sh'), 'utf8')).toMatch(/nodejs[\s\S]*npm install/);
    expect(JSON.parse(readFileSync(join(source, 'course/problems.json'), 'utf8'))).toHaveProperty(['zoë', 'layers']);
    expect(() => statSync(join(source, 'course/ann/key.json'))).toThrow();
  });

  it('grades a right submission, found by the roster’s email column (letter case aside)', () => {
    const results = submit(user('ann@example.EDU', '123'), JSON.stringify(key('ann')));
    expect(results.tests.length).toBeGreaterThan(10);
    expect(results.score).toBe(results.tests.length);
    expect(results.tests.every((test) => test.status === 'passed')).toBe(true);
  });

  it('grades a wrong submission, found by the roster id as the student id', () => {
    const answers = key('zoë');
    const results = submit(user('someone@else.edu', 'zoë'), JSON.stringify({ loss: answers.loss * 3, output: answers.output }));
    expect(results.score).toBe(1);
    expect(results.tests.map((test) => test.status)).toEqual(['failed', 'passed']);
  });

  it('gives a malformed submission score 0 and a sentence saying what is wrong', () => {
    const results = submit(user('bo@example.edu', ''), '{ not json');
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/^Your answers file could not be graded: not valid JSON: /);
    expect(submit(user('bo@example.edu', ''), undefined).output).toBe('Your submission has no answers.json: upload your answers as one JSON file named answers.json.');
  });

  it('gives a student not on the roster score 0 and says so', () => {
    const results = submit(user('eve@example.edu', '666'), JSON.stringify(key('ann')));
    expect(results).toEqual({ score: 0, output: 'You (eve@example.edu, 666) are not on this assignment\'s roster, so there is no problem of yours to grade: please ask your instructor to add you.', tests: [] });
  });

  it('still writes a result when tracegrad cannot start at all', () => {
    const broken = tempDir();
    writeFileSync(join(broken, 'tracegrad'), '#!/bin/sh\necho "node: not found" >&2\nexit 127\n');
    chmodSync(join(broken, 'tracegrad'), 0o755);
    const results = submit(user('ann@example.edu', ''), '{}', broken);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/could not run tracegrad/);
  });
});
