import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradResult } from '../../src/data/result';
import { parseRoster } from '../../src/data/roster';
import { readZip } from '../../src/data/unzip';
import { createZip } from '../../src/data/zip';
import { courseFiles } from '../../src/nn/course';
import { gradeCourse, gradebookCsv, type StudentProblem } from '../../src/nn/gradebook';
import { DEFAULT_TOLERANCE } from '../../src/nn/grading';
import { courseFromFiles } from '../../src/nn/course';
import { openPage } from './browser';
import { seriousViolations } from './axe';

const ROSTER = 'id,name,email\r\nann,"Smith, Ann",ann@x.edu\r\nbo,Bo Ng,bo@x.edu\r\nzoë,Zoë,z@x.edu\r\n';
const OPTIONS = { sizes: [2, 3, 2], activations: ['sigmoid', 'sigmoid'] as const, loss: 'half_sse' as const, learningRate: 0.5 };

describe('the problem-set page with a roster', { timeout: 120_000 }, () => {
  it('packs the files tracegrad new --roster writes, byte for byte, and its sheets link to no player', async () => {
    const { page, errors } = await openPage('#/problem-set');
    await page.locator('[data-roster-file]').setInputFiles({ name: 'class.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
    await page.locator('[data-salt]').fill('fall');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download-course]').click()]);
    expect(download.suggestedFilename()).toBe('class-problems.zip');
    const path = join(mkdtempSync(join(tmpdir(), 'tracegrad-course-e2e-')), 'course.zip');
    await download.saveAs(path);
    const unpacked = await readZip(new Uint8Array(readFileSync(path)));
    const expected = courseFiles(parseRoster(ROSTER), { ...OPTIONS, activations: [...OPTIONS.activations] }, 'fall');
    expect(unpacked.map((file) => [file.name, new TextDecoder().decode(file.bytes)])).toEqual(expected.map((file) => [file.path, file.content]));
    // One sheet per student, headed by the id.
    await expect(page.locator('[data-sheet] h2').allTextContents()).resolves.toEqual(['Problem for ann', 'Problem for bo', 'Problem for zoë']);

    await page.locator('[data-roster-file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('id\nann\n../x\n') });
    await page.locator('[data-download-course]').click();
    await expect(page.locator('[data-roster-error]').textContent()).resolves.toBe('bad.csv: row 3: the id "../x" contains "/", which cannot be part of a folder name');

    await page.locator('[data-last-seed]').fill('2');
    await page.locator('[data-generate]').click();
    await expect(page.locator('[data-sheet]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-sheet] a[href*="player"]').count()).resolves.toBe(0);
    // The picture names each weight; its value is in the matrices, so no label is a bare number.
    const labels = await page.locator('[data-sheet] [data-weight-label]').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    labels.forEach((label) => expect(label).toMatch(/^W\d\d$/));
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('grading a class on the check page', { timeout: 120_000 }, () => {
  it('grades a course ZIP and a folder of answer files into the same gradebook as tracegrad grade', async () => {
    const files = courseFiles(parseRoster(ROSTER), { ...OPTIONS, activations: [...OPTIONS.activations] });
    const courseZip = createZip(files.map((file) => ({ name: `hw/${file.path}`, content: file.content })));
    const key = JSON.parse(files.find((file) => file.path === 'ann/key.json')!.content) as GradResult;
    const answers = mkdtempSync(join(tmpdir(), 'tracegrad-answers-'));
    const folder = join(answers, 'handed-in');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ann.json'), JSON.stringify({ loss: key.loss, layers: [null, { delta: key.layers[1]!.delta }] }));
    writeFileSync(join(folder, 'bo.json'), '{"loss": ');
    writeFileSync(join(folder, 'eve.json'), '{}');

    const { page, errors } = await openPage('#/check');
    await page.locator('[data-class-grader] summary').click();
    await page.locator('[data-files="course"]').setInputFiles({ name: 'hw.zip', mimeType: 'application/zip', buffer: Buffer.from(courseZip) });
    await page.locator('[data-folder="answers"]').setInputFiles(folder);
    await page.locator('[data-grade-class]').click();
    await expect(page.locator('[data-class-summary]').textContent()).resolves.toBe('3 students: 1 graded, 1 missing, 1 malformed; 1 file not on the roster.');
    await expect(page.locator('[data-row]').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-row')} ${row.getAttribute('data-status')}`))).resolves.toEqual(['ann graded', 'bo malformed', 'zoë missing', 'eve unknown']);
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download-gradebook]').click()]);
    const path = join(answers, 'gradebook.csv');
    await download.saveAs(path);
    const course = courseFromFiles(new Map(files.map((file) => [file.path, file.content])));
    const submissions = new Map([
      ['ann', { text: readFileSync(join(folder, 'ann.json'), 'utf8') }],
      ['bo', { text: '{"loss": ' }],
      ['eve', { text: '{}' }],
    ]);
    expect(readFileSync(path, 'utf8')).toBe(gradebookCsv(course.roster, gradeCourse(course.roster, course.problems as Map<string, StudentProblem>, submissions, DEFAULT_TOLERANCE)));
    expect(errors).toEqual([]);
  });

  it('takes a ZIP of answers dropped on its box, and refuses a course without roster.csv', async () => {
    const files = courseFiles(parseRoster(ROSTER), { ...OPTIONS, activations: [...OPTIONS.activations] });
    const answersZip = createZip([{ name: 'bo.json', content: '{}' }]);
    const { page, errors } = await openPage('#/check');
    await page.locator('[data-class-grader] summary').click();
    await page.locator('[data-files="course"]').setInputFiles(files.filter((file) => file.path !== 'roster.csv').map((file) => ({ name: file.path.replace('/', '-'), mimeType: 'application/json', buffer: Buffer.from(file.content) })));
    await page.locator('[data-drop="answers"]').evaluate((box, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'answers.zip', { type: 'application/zip' }));
      box.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, [...answersZip]);
    await expect(page.locator('[data-drop="answers"] .count').textContent()).resolves.toBe('1 file given');
    await page.locator('[data-grade-class]').click();
    await expect(page.locator('[data-class-error]').textContent()).resolves.toMatch(/^The course: no roster\.csv/);
    expect(errors).toEqual([]);
  });
});

describe('the check page names the mistake', { timeout: 120_000 }, () => {
  it('writes the diagnosis of a wrong box under its group, tied to the box for screen readers', async () => {
    const problem = readFileSync('test/cli/fixtures/classic.json', 'utf8');
    const { page, errors } = await openPage('#/check');
    await page.locator('[data-problem-text]').fill(problem);
    await page.locator('[data-load-problem]').click();
    await page.locator('[data-path="layers[1].delta[0]"] input').fill('-0.1385');
    await page.locator('[data-check-form]').click();
    const note = page.locator('li[data-diagnosis]');
    await expect(note.getAttribute('data-diagnosis')).resolves.toBe('sign-flipped');
    await expect(note.textContent()).resolves.toContain('the sign of (ŷ − y) flipped');
    await expect(page.locator('[data-path="layers[1].delta[0]"] input').getAttribute('aria-describedby')).resolves.toBe('verdict-layers[1].delta[0] diagnosis-layers[1].delta[0]');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
