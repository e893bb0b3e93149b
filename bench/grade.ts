/**
 * `tracegrad grade` on a 200-student course (issue #14 asks for well under 5 s): a 3-4-2 network
 * with a batch of two and a step, every student's sheet complete, half of them with δ^{[2]}'s sign
 * flipped and the loss off by 0.3 %, so the diagnoses run too; ten students hand nothing in.
 * Runs the real command (a fresh Node each time, start-up included) three times; prints the median.
 * Run: npx tsx bench/grade.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GradResult, Matrix } from '../src/data/result';
import { parseRoster } from '../src/data/roster';
import { courseFiles } from '../src/nn/course';
import { median } from './stats';

const STUDENTS = 200;
const REPO = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tracegrad-bench-grade-'));
const course = join(dir, 'course');
const answers = join(dir, 'answers');
mkdirSync(answers);
const roster = parseRoster(`id,name\n${Array.from({ length: STUDENTS }, (_unused, i) => `s${i + 1},Student ${i + 1}`).join('\n')}\n`);
for (const file of courseFiles(roster, { sizes: [3, 4, 2], activations: ['tanh', 'sigmoid'], loss: 'half_sse', learningRate: 0.1, batch: 2 })) {
  mkdirSync(dirname(join(course, file.path)), { recursive: true });
  writeFileSync(join(course, file.path), file.content);
  const id = file.path.split('/')[0]!;
  const number = Number(id.slice(1));
  if (!file.path.endsWith('key.json') || number > STUDENTS - 10) continue;
  const key = JSON.parse(file.content) as GradResult;
  if (number % 2 === 1) {
    key.loss *= 1.003;
    key.layers[1]!.delta = (key.layers[1]!.delta as Matrix).map((row) => row.map((d) => -d));
  }
  writeFileSync(join(answers, `${id}.json`), JSON.stringify(key));
}

const seconds: number[] = [];
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [join(REPO, 'src/cli/tracegrad.mjs'), 'grade', course, answers, '--feedback-dir', join(dir, 'feedback')], { encoding: 'utf8' });
  seconds.push((performance.now() - start) / 1000);
  if (child.status !== 0) throw new Error(child.stderr);
  if (run === 0) process.stdout.write(child.stderr);
}
console.log(`tracegrad grade, ${STUDENTS} students: median ${median(seconds).toFixed(2)} s of ${seconds.map((s) => s.toFixed(2)).join(', ')} (Node start-up included)`);
