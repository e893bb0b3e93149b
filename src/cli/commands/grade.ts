/** `tracegrad grade DIR SUBMISSIONS`: a whole course's answer files into one gradebook. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber } from '../../engine/format';
import { gradebookCsv, gradebookSummary, gradeCourse, type GradebookRow } from '../../nn/gradebook';
import { DEFAULT_TOLERANCE, type Tolerance } from '../../nn/grading';
import { checkText } from '../check-report';
import { CliError, EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { readCourse, readSubmissions } from '../course-folder';
import { writeText } from '../files';
import { nonNegativeOption, parseCommandLine, requirePositionals } from '../options';

/** A student's report: the lines `check` prints for their sheet, or why there is nothing to grade. */
function feedback(row: GradebookRow, tolerance: Tolerance): string {
  const title = `# Feedback for ${row.id}\n\n`;
  if (row.status === 'missing') return `${title}No answers file was handed in (${row.id}.json), so nothing was graded.\n`;
  if (row.status === 'malformed') return `${title}Your answers file could not be graded: ${row.message}.\n`;
  const lines = checkText(row.grading!, { showExpected: false, tolerance });
  return `${title}Score: ${row.correct} of ${row.total} correct.\n\n\`\`\`text\n${lines}\`\`\`\n`;
}

function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new CliError(`${path}: cannot make the folder: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const grade: Command = {
  name: 'grade',
  summary: 'grade a folder of answer files (<id>.json) against a course folder into a gradebook CSV',
  usage: `Usage: tracegrad grade DIR SUBMISSIONS [--out gradebook.csv] [--feedback-dir F] [--rtol R] [--atol A]

Grades every student of the course folder DIR (written by tracegrad new --roster) from the answer
files in SUBMISSIONS, one <id>.json per student in the shape check reads. Writes a gradebook, CSV
with the columns id, status, correct, wrong, total, score, then the roster's other columns, then
message. status is graded, missing (on the roster, no file), malformed (not JSON, not an object,
or not shaped like the answers: message says why) or unknown (a file whose id is not on the
roster). total counts the numbers the sheet gives; score is correct/total when graded, else 0.

  --out FILE         write the gradebook to FILE instead of standard output
  --feedback-dir F   write one Markdown report per student, F/<id>.md: the lines check prints
  --rtol R, --atol A the tolerance, as for check (defaults ${formatNumber(DEFAULT_TOLERANCE.rtol)} and ${formatNumber(DEFAULT_TOLERANCE.atol)})

A summary line goes to standard error. Exit code 0 once every file has been looked at, however
broken; 2 when DIR or SUBMISSIONS cannot be read.
`,
  run(args) {
    const { values, positionals } = parseCommandLine('grade', {
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'feedback-dir': { type: 'string' },
        rtol: { type: 'string' },
        atol: { type: 'string' },
      },
    });
    const [dir, submissionsDir] = requirePositionals('grade', positionals, ['DIR', 'SUBMISSIONS']);
    const tolerance: Tolerance = {
      rtol: values.rtol === undefined ? DEFAULT_TOLERANCE.rtol : nonNegativeOption(values.rtol, 'rtol'),
      atol: values.atol === undefined ? DEFAULT_TOLERANCE.atol : nonNegativeOption(values.atol, 'atol'),
    };
    const course = readCourse(dir);
    const submissions = readSubmissions(submissionsDir);
    const rows = gradeCourse(course.roster, course.problems, submissions.byId, tolerance);
    const csv = gradebookCsv(course.roster, rows);

    const feedbackDir = values['feedback-dir'];
    if (feedbackDir !== undefined) {
      makeFolder(feedbackDir);
      for (const row of rows) if (row.status !== 'unknown') writeText(join(feedbackDir, `${row.id}.md`), feedback(row, tolerance));
    }
    if (values.out !== undefined) writeText(values.out, csv);
    else process.stdout.write(csv);
    const ignored = submissions.ignored === 0 ? '' : ` ${submissions.ignored} other file${submissions.ignored === 1 ? '' : 's'} (not <id>.json) left alone.`;
    process.stderr.write(`tracegrad: ${gradebookSummary(rows)}${ignored}\n`);
    return EXIT_OK;
  },
};
