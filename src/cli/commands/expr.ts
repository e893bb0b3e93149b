/** `tracegrad expr "EXPR" --at "x=1,y=-1.5"`: any scalar formula's value and gradient, or its recorded trace. */
import { escapeControlCharacters } from '../../data/control-characters';
import { formatNumber } from '../../engine/format';
import { Trace } from '../../engine/trace';
import { ExpressionError, MAX_FORMULA_LENGTH, parseExpression, type Expression } from '../../nn/expression';
import { parsePoint } from '../../nn/expression-point';
import { expressionToText, ExpressionRecordError, recordExpression, RESULT_LABEL, type RecordedExpression } from '../../nn/expression-trace';
import { traceToDot } from '../../nn/trace-dot';
import { traceToLatex, traceToMarkdown } from '../../nn/trace-export';
import { CliError, EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { nameOption, parseCommandLine, requirePositionals } from '../options';

const FORMATS = ['md', 'tex', 'json', 'dot'] as const;

/** The options that take a value; everything else starting with a single "-" is the expression (`-x^2`). */
const VALUE_OPTIONS = new Set(['--at', '--format']);

/**
 * Node's parseArgs would take an expression such as `-x^2` for an unknown option. Everything that is
 * not one of expr's own options goes after a `--`, where parseArgs reads it as a positional.
 */
function expressionAfterDashes(args: readonly string[]): string[] {
  const options: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (VALUE_OPTIONS.has(arg)) {
      options.push(arg, ...args.slice(i + 1, i + 2));
      i++;
    } else if (arg.startsWith('--')) options.push(arg);
    else positionals.push(arg);
  }
  return [...options, '--', ...positionals];
}

function parseFormula(text: string): Expression {
  if (text.length > MAX_FORMULA_LENGTH) throw new CliError(`expr: the expression is ${text.length} characters long; at most ${MAX_FORMULA_LENGTH} are read`);
  try {
    return parseExpression(text, [], 'identifiers');
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new CliError(`expr: syntax error at column ${error.position + 1} of "${text}": ${error.message}`);
  }
}

function record(expression: Expression, at: string): RecordedExpression {
  try {
    return recordExpression(expression, parsePoint(at));
  } catch (error) {
    if (!(error instanceof ExpressionRecordError)) throw error;
    throw new CliError(`expr: ${error.message}`);
  }
}

/** `{"value": …, "gradient": {"x": …}}` with JSON's shortest round-trip digits (full float64 precision). */
function resultJson(recorded: RecordedExpression): string {
  const gradient = recorded.gradient.map(({ name, value }) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`).join(', ');
  return `{"value": ${JSON.stringify(recorded.value)}, "gradient": {${gradient}}}\n`;
}

function summary(expression: Expression, recorded: RecordedExpression, point: Readonly<Record<string, number>>): string {
  const at = Object.entries(point).map(([name, value]) => `${name} = ${formatNumber(value)}`);
  const lines = [`${RESULT_LABEL} = ${expressionToText(expression)}`];
  if (at.length > 0) lines.push(`at ${at.join(', ')}`);
  lines.push('', `${RESULT_LABEL} = ${formatNumber(recorded.value)}`);
  for (const { name, value } of recorded.gradient) lines.push(`∂${RESULT_LABEL}/∂${name} = ${formatNumber(value)}`);
  return `${lines.map(escapeControlCharacters).join('\n')}\n`;
}

export const expr: Command = {
  name: 'expr',
  summary: 'the value and gradient of any scalar expression, or its recorded trace (md, tex, json, dot)',
  usage: `Usage: tracegrad expr "EXPR" --at "x=1,y=-1.5" [--json] [--format md|tex|json|dot]

Records EXPR on the scalar engine at the given point, forward node by node and backward edge by
edge, and prints f and ∂f/∂name for each variable.

EXPR uses + - * / ^ (or **), unary minus, brackets, numbers, the constants e and pi, and the
functions ${['exp', 'ln', 'log (= ln)', 'sqrt', 'tanh', 'sigmoid', 'relu'].join(', ')}. A name is a letter or _ followed
by letters, digits or _ (w1, x_2, rate); name( is always a function call, so write a product
as x*(y+1). At most ${MAX_FORMULA_LENGTH} characters.

  --at "x=1,y=-1.5"  a value for every variable of EXPR and for nothing else
  --json             print exactly {"value": …, "gradient": {"x": …, …}} in full float64
                     precision; the gradient's keys come in the order the variables first
                     appear in EXPR
  --format md        every recorded step as Markdown with $…$ math (a worked solution)
  --format tex       the same as a standalone LaTeX document
  --format json      the trace itself, which the player can load
  --format dot       the graph for Graphviz (dot -Tsvg): each node's value and gradient,
                     each edge's local derivative
`,
  run(args) {
    const { values, positionals } = parseCommandLine('expr', {
      args: expressionAfterDashes(args),
      allowPositionals: true,
      options: { at: { type: 'string', default: '' }, json: { type: 'boolean', default: false }, format: { type: 'string' } },
    });
    const [text] = requirePositionals('expr', positionals, ['EXPR']);
    const format = values.format === undefined ? undefined : nameOption(values.format, 'format', FORMATS);
    if (format !== undefined && values.json) throw new CliError('expr: give either --json or --format, not both');
    const expression = parseFormula(text);
    const recorded = record(expression, values.at);
    if (values.json) process.stdout.write(resultJson(recorded));
    else if (format === undefined) process.stdout.write(summary(expression, recorded, parsePoint(values.at)));
    else if (format === 'json') process.stdout.write(`${JSON.stringify(recorded.trace)}\n`);
    else {
      const trace = new Trace(recorded.trace);
      const title = `${RESULT_LABEL} = ${expressionToText(expression)}`;
      if (format === 'dot') process.stdout.write(traceToDot(trace, title));
      else process.stdout.write((format === 'md' ? traceToMarkdown : traceToLatex)(trace, { title: escapeControlCharacters(title) }));
    }
    return EXIT_OK;
  },
};
