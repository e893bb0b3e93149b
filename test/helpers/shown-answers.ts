/**
 * Reads the numbers a worked solution shows back into answer sheets, the way a student copying
 * them would, so a test can grade them with the real grader. A line "lhs = … = result" says that
 * the quantity named on the left has the printed result; its name says where it goes in a sheet.
 */
import type { Problem } from '../../src/data/problem';
import type { GradResult } from '../../src/data/result';
import { gradeAnswers, type GradedItem } from '../../src/nn/grading';

/** One copied number: the TeX name on the left of its line, the relation, and the printed result. */
export interface ShownLine {
  lhs: string;
  relation: '=' | '+=' | '←';
  result: number;
  /** Whether the line belongs to the forward pass after the update (not in the key). */
  afterUpdate: boolean;
}

const RELATIONS: [string, ShownLine['relation']][] = [
  [' \\mathrel{+}= ', '+='],
  [' \\leftarrow ', '←'],
  [' = ', '='],
];

/** A printed number in TeX: "0.08217", "-0.0381", "4.386 \times 10^{-4}". Anything else is an error. */
export function parseTexNumber(tex: string): number {
  const match = /^(-?\d+(?:\.\d+)?)(?: \\times 10\^\{(-?\d+)\})?$/.exec(tex.trim());
  if (match === null) throw new Error(`not a printed number: "${tex}"`);
  return Number(match[1]) * 10 ** Number(match[2] ?? 0);
}

/** Splits one step's TeX line (lhs relation rule = … = result) into its name, relation and result. */
export function parseStepLine(math: string, afterUpdate: boolean): ShownLine {
  let cut: { at: number; text: string; relation: ShownLine['relation'] } | undefined;
  for (const [text, relation] of RELATIONS) {
    const at = math.indexOf(text);
    if (at >= 0 && (cut === undefined || at < cut.at)) cut = { at, text, relation };
  }
  if (cut === undefined) throw new Error(`no relation in "${math}"`);
  const parts = math.split(' = ');
  return { lhs: math.slice(0, cut.at), relation: cut.relation, result: parseTexNumber(parts[parts.length - 1]!), afterUpdate };
}

/** Every step line of a Markdown worked solution (`N. $…$`), in order. */
export function linesOfMarkdown(markdown: string): ShownLine[] {
  const lines: ShownLine[] = [];
  let afterUpdate = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) afterUpdate = line.includes('after');
    const match = /^\d+\. \$(.*)\$(?: — .*)?$/.exec(line);
    if (match !== null) lines.push(parseStepLine(match[1]!, afterUpdate));
  }
  return lines;
}

/** Every step line of a LaTeX worked solution (`\item[N.] $…$`), in order. */
export function linesOfLatex(latex: string): ShownLine[] {
  const lines: ShownLine[] = [];
  let afterUpdate = false;
  for (const line of latex.split('\n')) {
    if (line.startsWith('\\section*{')) afterUpdate = line.includes('after');
    const match = /^\\item\[\d+\.\] \$(.*?)\$(?:\\\\ \\emph\{.*\})?$/.exec(line);
    if (match !== null) lines.push(parseStepLine(match[1]!, afterUpdate));
  }
  return lines;
}

/** "11" → [1, 1]; "12,3" → [12, 3]. */
function pairOf(text: string): [number, number] {
  const [j, k] = text.includes(',') ? text.split(',').map(Number) : [Number(text[0]), Number(text.slice(1))];
  return [j!, k!];
}

const LOSS_NAME = String.raw`(?:L|\\mathcal\{L\})`;
const GRAD = (inner: string): RegExp => new RegExp(String.raw`^\\frac\{\\partial ${LOSS_NAME}\}\{\\partial ${inner}\}$`);
const PER_SAMPLE = /^(a|z|\\delta)\^\{\[(\d+)\](?:\((\d+)\))?\}_\{(\d+)\}$/;

/**
 * Where a line's number goes in an answer sheet (e.g. "layers[1].gradWeights[0][1]"), or
 * undefined when the line is not a key quantity (a partial sum, a per-sample loss, ∂ℒ/∂z, …).
 */
export function sheetPathOf(line: ShownLine, problem: Problem): string[] {
  if (line.afterUpdate || line.relation === '+=') return [];
  const { lhs } = line;
  const layerCount = problem.layers.length;
  if (line.relation === '←') {
    const weight = /^W\^\{\[(\d+)\]\}_\{([\d,]+)\}$/.exec(lhs);
    if (weight !== null) {
      const [j, k] = pairOf(weight[2]!);
      return [`layers[${Number(weight[1]) - 1}].newWeights[${j - 1}][${k - 1}]`];
    }
    const bias = /^b\^\{\[(\d+)\]\}_\{(\d+)\}$/.exec(lhs);
    return bias === null ? [] : [`layers[${Number(bias[1]) - 1}].newBiases[${Number(bias[2]) - 1}]`];
  }
  if (new RegExp(`^${LOSS_NAME}$`).test(lhs)) return ['loss'];
  const perSample = PER_SAMPLE.exec(lhs);
  if (perSample !== null) {
    const [, name, l, sample, j] = perSample;
    const key = name === 'a' ? 'a' : name === 'z' ? 'z' : 'delta';
    const where = `${sample === undefined ? '' : `[${Number(sample) - 1}]`}[${Number(j) - 1}]`;
    const paths = [`layers[${Number(l) - 1}].${key}${where}`];
    // An identity layer has no separate z line: z = a, and a student copies a for both.
    const identity = problem.layers[Number(l) - 1]?.activation === 'identity';
    if (key === 'a' && identity) paths.push(`layers[${Number(l) - 1}].z${where}`);
    if ((key === 'z' || (key === 'a' && identity)) && Number(l) === layerCount) paths.push(`output${where}`);
    return paths;
  }
  const gradWeight = GRAD(String.raw`W\^\{\[(\d+)\]\}_\{([\d,]+)\}`).exec(lhs);
  if (gradWeight !== null) {
    const [j, k] = pairOf(gradWeight[2]!);
    return [`layers[${Number(gradWeight[1]) - 1}].gradWeights[${j - 1}][${k - 1}]`];
  }
  const gradBias = GRAD(String.raw`b\^\{\[(\d+)\]\}_\{(\d+)\}`).exec(lhs);
  if (gradBias !== null) return [`layers[${Number(gradBias[1]) - 1}].gradBiases[${Number(gradBias[2]) - 1}]`];
  return [];
}

/** Sets sheet.layers[1].gradWeights[0][1] = value from its path, making arrays and objects on the way. */
function place(sheet: Record<string, unknown>, path: string, value: number): void {
  const keys = path.match(/[a-zA-Z]+|\d+/g)!.map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  let at: Record<string | number, unknown> = sheet;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      at[key] = value;
      return;
    }
    if (at[key] === undefined) at[key] = typeof keys[i + 1] === 'number' ? [] : {};
    at = at[key] as Record<string | number, unknown>;
  });
}

export interface CopiedGrading {
  /** Every graded copy of a key number, each with the printed result that was copied. */
  items: GradedItem[];
  /** Key paths (as grad --json lays them out) that no line showed. */
  missing: string[];
}

/**
 * Copies every key number the lines show into answer sheets (one sheet per repeat of a quantity,
 * so a number shown twice is graded twice) and grades them at the default tolerance.
 */
export function gradeCopied(lines: readonly ShownLine[], problem: Problem, key: GradResult): CopiedGrading {
  const items = answerSheets(lines, problem).flatMap((sheet) => gradeAnswers(sheet, problem, key).items);
  const every = gradeAnswers(key, problem, key).items.map((item) => item.path);
  const shown = new Set(items.map((item) => item.path));
  return { items, missing: every.filter((path) => !shown.has(path)) };
}

/** The copied key numbers as answer sheets: the first copy of each number in the first, repeats in the next. */
export function answerSheets(lines: readonly ShownLine[], problem: Problem): Record<string, unknown>[] {
  const sheets: Record<string, unknown>[] = [];
  const filled: Set<string>[] = [];
  for (const line of lines) {
    for (const path of sheetPathOf(line, problem)) {
      let n = filled.findIndex((paths) => !paths.has(path));
      if (n < 0) {
        n = sheets.length;
        sheets.push({});
        filled.push(new Set());
      }
      place(sheets[n]!, path, line.result);
      filled[n]!.add(path);
    }
  }
  return sheets;
}
