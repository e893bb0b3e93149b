/**
 * The three ways `tracegrad check` reports a grading: lines for a person, JSON for scripts, and a
 * Gradescope results.json (one test per graded number, one point each). Expected values appear
 * only when asked for, so the output can go straight back to a student.
 */
import { formatNumber } from '../engine/format';
import { texToText } from '../engine/tex';
import type { GradedItem, Grading, Tolerance } from '../nn/grading';
import { renderTable } from './table';

export interface ReportOptions {
  showExpected: boolean;
  tolerance: Tolerance;
}

function toleranceText({ rtol, atol }: Tolerance): string {
  return `|given − expected| ≤ ${formatNumber(atol)} + ${formatNumber(rtol)}·|expected|`;
}

function summary(grading: Grading): string {
  const graded = grading.correct + grading.wrong;
  if (graded === 0) return 'Nothing to grade: the answers give no numbers.';
  return `${grading.correct} of ${graded} correct, ${grading.wrong} wrong.`;
}

export function checkText(grading: Grading, options: ReportOptions): string {
  const rows = grading.items.map((item) => [
    item.ok ? '✓' : '✗',
    texToText(item.name),
    item.path,
    `given ${item.given}`,
    ...(options.showExpected ? [`expected ${formatNumber(item.expected)}`] : []),
  ]);
  // A wrong number's diagnosis goes on the line below it, indented under its name.
  const table = renderTable(rows, [], '').flatMap((line, i) => {
    const diagnosis = grading.items[i]!.diagnosis;
    return diagnosis === undefined ? [line] : [line, `    ${diagnosis.text}`];
  });
  return [...table, ...(table.length > 0 ? [''] : []), summary(grading), `A number passes when ${toleranceText(options.tolerance)}.`, ''].join('\n');
}

interface ItemJson {
  path: string;
  name: string;
  given: number;
  expected?: number;
  ok: boolean;
  /** For a wrong number, when tracegrad can tell: a rounding slip or the mistake that gives it. */
  diagnosis?: string;
}

function itemJson(item: GradedItem, showExpected: boolean): ItemJson {
  return {
    path: item.path,
    name: item.name,
    given: item.given,
    ...(showExpected && { expected: item.expected }),
    ok: item.ok,
    ...(item.diagnosis && { diagnosis: item.diagnosis.text }),
  };
}

export function checkJson(grading: Grading, options: ReportOptions): { correct: number; wrong: number; items: ItemJson[] } {
  return { correct: grading.correct, wrong: grading.wrong, items: grading.items.map((item) => itemJson(item, options.showExpected)) };
}

interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
}

/** What Gradescope shows for a submission that could not be graded: score 0 and the reason. */
export function gradescopeFailure(sentence: string): { score: number; output: string; tests: GradescopeTest[] } {
  return { score: 0, output: sentence, tests: [] };
}

/** Gradescope's results.json: the overall score is the number of correct answers. */
export function checkGradescope(grading: Grading, options: ReportOptions): { score: number; output: string; tests: GradescopeTest[] } {
  return {
    score: grading.correct,
    output: `${summary(grading)} A number passes when ${toleranceText(options.tolerance)}.`,
    tests: grading.items.map((item) => ({
      name: `${texToText(item.name)} (${item.path})`,
      score: item.ok ? 1 : 0,
      max_score: 1,
      status: item.ok ? 'passed' : 'failed',
      output: `You gave ${item.given}: ${item.ok ? 'correct' : 'not correct'}.${options.showExpected ? ` Expected ${formatNumber(item.expected)}.` : ''}${item.diagnosis ? ` ${item.diagnosis.text}` : ''}`,
    })),
  };
}
