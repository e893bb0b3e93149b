import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv';
import type { GradResult } from '../../src/data/result';
import { parseRoster } from '../../src/data/roster';
import { courseFiles, courseFromFiles } from '../../src/nn/course';
import { gradebookCsv, gradeCourse, submissionId, type Submission } from '../../src/nn/gradebook';
import { DEFAULT_TOLERANCE } from '../../src/nn/grading';

// The id is not the first column: the gradebook still starts with it, and keeps the others in order.
const ROSTER = 'email,id,name\nann@x.edu,ann,"Smith, Ann"\nbo@x.edu,bo,Bo\n';
const files = courseFiles(parseRoster(ROSTER), { sizes: [2, 2, 1], activations: ['relu', 'sigmoid'], loss: 'bce', learningRate: 1 });
const course = courseFromFiles(new Map(files.map((file) => [`hw/${file.path}`, file.content])));
const key = (id: string): GradResult => JSON.parse(files.find((file) => file.path === `${id}/key.json`)!.content) as GradResult;

describe('gradeCourse and gradebookCsv', () => {
  it('counts the given numbers, scores correct/total, and lays out id, status, counts, the roster’s columns, message', () => {
    const ann = key('ann');
    const submissions = new Map<string, Submission>([
      ['ann', { text: `\uFEFF${JSON.stringify({ loss: ann.loss, output: ann.output, layers: [{ gradBiases: [ann.layers[0]!.gradBiases[0]! + 1] }] })}` }],
      ['bo', { unreadable: 'cannot read the file: permission denied' }],
      ['zed\u001b[2J', { text: '{}' }],
    ]);
    const rows = gradeCourse(course.roster, course.problems, submissions, DEFAULT_TOLERANCE);
    expect(parseCsv(gradebookCsv(course.roster, rows)).map((record) => record.fields)).toEqual([
      ['id', 'status', 'correct', 'wrong', 'total', 'score', 'email', 'name', 'message'],
      ['ann', 'graded', '2', '1', '3', String(2 / 3), 'ann@x.edu', 'Smith, Ann', ''],
      ['bo', 'malformed', '0', '0', '0', '0', 'bo@x.edu', 'Bo', 'cannot read the file: permission denied'],
      ['zed\\x1b[2J', 'unknown', '0', '0', '0', '0', '', '', ''],
    ]);
  });

  it('writes text a spreadsheet would run as a formula (a hostile file name, a roster field) so that it shows as text, and leaves numbers alone', () => {
    const roster = parseRoster('id,name,note\nann,=1+1,-0.5\nbo,@SUM(A1),+2\n');
    const submissions = new Map<string, Submission>([['=HYPERLINK("http://x.test","open me")', { text: '{}' }], ['-2+3', { text: '{}' }]]);
    // Neither student handed anything in, so no problem is needed to grade them.
    const rows = gradeCourse(roster, new Map(), submissions, DEFAULT_TOLERANCE);
    const fields = parseCsv(gradebookCsv(roster, rows)).map((record) => record.fields);
    expect(fields.slice(1).map((record) => [record[0], record[6], record[7]])).toEqual([
      ['ann', "'=1+1", '-0.5'],
      ['bo', "'@SUM(A1)", '+2'],
      ["'-2+3", '', ''],
      [`'=HYPERLINK("http://x.test","open me")`, '', ''],
    ]);
  });

  it('reads the course from a zipped folder’s paths and names a missing problem', () => {
    expect(course.roster.students.map((student) => student.id)).toEqual(['ann', 'bo']);
    const withoutBo = new Map(files.filter((file) => file.path !== 'bo/problem.json').map((file) => [file.path, file.content]));
    expect(() => courseFromFiles(withoutBo)).toThrow('bo/problem.json is missing: the course has no problem for bo');
  });
});

describe('submissionId', () => {
  it('takes <id>.json (any letter case of the extension), not hidden files or other names', () => {
    expect(['ann.json', 'Bo.JSON', '.ann.json', 'notes.txt', '.json'].map(submissionId)).toEqual(['ann', 'Bo', undefined, undefined, undefined]);
  });
});
