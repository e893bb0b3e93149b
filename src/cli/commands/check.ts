/** `tracegrad check PROBLEM ANSWERS`: grades a student's numbers against the problem's own. */
import { formatNumber } from '../../engine/format';
import { runProblem } from '../../nn/run';
import { gradeSubmissionText } from '../../nn/gradebook';
import { checkGradescope, checkJson, checkText, gradescopeFailure, type ReportOptions } from '../check-report';
import { CliError, errorLine, EXIT_BAD_INPUT, EXIT_OK, EXIT_WRONG } from '../cli-error';
import type { Command } from '../command';
import { computeFor, displayName, readJson, readProblem, readText } from '../files';
import { AnswersError, DEFAULT_TOLERANCE, gradeAnswers, type Grading, type Tolerance } from '../../nn/grading';
import { jsonText } from '../../data/json-text';
import { nameOption, nonNegativeOption, parseCommandLine, requirePositionals } from '../options';

const FORMATS = ['gradescope'] as const;

/** Grades one answers file; a sheet that does not fit the problem is reported with the file's name. */
function gradeFile(problemPath: string, answersPath: string, tolerance: Tolerance): Grading {
  const problem = readProblem(problemPath);
  const answers = readJson(answersPath);
  try {
    return gradeAnswers(answers, problem, computeFor(problemPath, () => runProblem(problem).result), tolerance);
  } catch (error) {
    if (error instanceof AnswersError) throw new CliError(`${displayName(answersPath)}: ${error.message}`);
    throw error;
  }
}

/**
 * Gradescope output never fails: whatever is wrong, a results object with score 0 and one sentence
 * saying what. A problem file that cannot be read is the instructor's to fix (exit code 2); an
 * answers file that cannot be graded is the student's (exit code 1, like wrong answers).
 */
function gradescopeCheck(problemPath: string, answersPath: string, options: ReportOptions): number {
  let problem;
  let key;
  try {
    const read = readProblem(problemPath);
    key = computeFor(problemPath, () => runProblem(read).result);
    problem = read;
  } catch (error) {
    const reason = errorLine(error).replace(/^tracegrad: /, '');
    process.stdout.write(jsonText(gradescopeFailure(`The autograder could not read its problem file (${reason}), so nothing was graded: please tell your instructor.`)));
    return EXIT_BAD_INPUT;
  }
  let text;
  try {
    text = readText(answersPath);
  } catch (error) {
    process.stdout.write(jsonText(gradescopeFailure(`Your answers file could not be read (${errorLine(error).replace(/^tracegrad: /, '')}).`)));
    return EXIT_WRONG;
  }
  const graded = gradeSubmissionText(text, { problem, key }, options.tolerance);
  if (!('grading' in graded)) {
    process.stdout.write(jsonText(gradescopeFailure(`Your answers file could not be graded: ${graded.message}.`)));
    return EXIT_WRONG;
  }
  process.stdout.write(jsonText(checkGradescope(graded.grading, options)));
  return graded.grading.wrong > 0 ? EXIT_WRONG : EXIT_OK;
}

export const check: Command = {
  name: 'check',
  summary: 'grade answers (any part of the grad --json output) against a problem',
  usage: `Usage: tracegrad check PROBLEM ANSWERS [--json] [--format gradescope] [--rtol R] [--atol A] [--show-expected]

Grades the numbers in ANSWERS against what tracegrad computes for PROBLEM. ANSWERS has the shape
of \`tracegrad grad PROBLEM --json\` and may give any part of it: missing or null entries are not
graded. A given number passes when |given − expected| ≤ atol + rtol·|expected|.

  --rtol R              relative tolerance (default ${formatNumber(DEFAULT_TOLERANCE.rtol)}: answers worked by hand to
                        4 significant figures pass)
  --atol A              absolute tolerance (default ${formatNumber(DEFAULT_TOLERANCE.atol)}: for expected values at or near 0)
  --json                print { "correct", "wrong", "items": [ { "path", "name", "given", "ok" } ] }
  --format gradescope   print a Gradescope results.json, one test (1 point) per graded number
  --show-expected       include the expected numbers in the output (leave it off to hand the
                        output back to students)

Exit code 0 when every given number is right, 1 when any is wrong (also with --format gradescope,
so an autograder script should not stop on it), 2 when a file is missing or does not fit the problem.
With --format gradescope a results object is printed in every case: an answers file that is empty,
not JSON or not shaped like the problem's answers gets score 0 and one sentence saying what is
wrong (exit code 1); a problem file that cannot be read gets the same with exit code 2.
`,
  run(args) {
    const { values, positionals } = parseCommandLine('check', {
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        rtol: { type: 'string' },
        atol: { type: 'string' },
        'show-expected': { type: 'boolean', default: false },
      },
    });
    const [problemPath, answersPath] = requirePositionals('check', positionals, ['PROBLEM', 'ANSWERS']);
    const format = values.format === undefined ? undefined : nameOption(values.format, 'format', FORMATS);
    if (format !== undefined && values.json) throw new CliError('check: give --json or --format gradescope, not both');
    const options: ReportOptions = {
      showExpected: values['show-expected'],
      tolerance: {
        rtol: values.rtol === undefined ? DEFAULT_TOLERANCE.rtol : nonNegativeOption(values.rtol, 'rtol'),
        atol: values.atol === undefined ? DEFAULT_TOLERANCE.atol : nonNegativeOption(values.atol, 'atol'),
      },
    };

    if (format === 'gradescope') return gradescopeCheck(problemPath, answersPath, options);
    const grading = gradeFile(problemPath, answersPath, options.tolerance);
    process.stdout.write(values.json ? jsonText(checkJson(grading, options)) : checkText(grading, options));
    return grading.wrong > 0 ? EXIT_WRONG : EXIT_OK;
  },
};
