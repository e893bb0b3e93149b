import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/engine/trace';
import { evaluate, parseExpression, type Bindings } from '../../src/nn/expression';
import { runCli, type CliRun } from './run-cli';

function expectOneLineError(run: CliRun, message: string | RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(run.stderr).toBe(`tracegrad: ${message}\n`);
  else expect(run.stderr).toMatch(message);
}

/** ∂f/∂name by central differences on the formula itself, without the engine. */
function centralDifference(input: string, point: Bindings, name: string): number {
  const expression = parseExpression(input, [], 'identifiers');
  const h = 1e-6 * Math.max(1, Math.abs(point[name]!));
  const at = (shift: number): number => evaluate(expression, { ...point, [name]: point[name]! + shift });
  return (at(h) - at(-h)) / (2 * h);
}

describe('tracegrad expr --json', { timeout: 60_000 }, () => {
  const cases: [string, Bindings][] = [
    ['ln(ln(-2*y^3))', { y: -1.5 }],
    ['sigmoid(w1*x1 + w2*x2 + b)', { w1: 0.5, x1: 1, w2: -0.3, x2: 2, b: 0.1 }],
    ['x*y + x', { x: 2, y: -1.5 }],
    ['sqrt(x^2 + 1) * exp(-x) / tanh(y) - relu(x - y)', { x: 0.7, y: 0.3 }],
    ['2^x + x^y + e^(x/y) + log(pi*y)', { x: 1.25, y: 0.8 }],
  ];
  for (const [input, point] of cases) {
    it(`matches central differences for ${input}`, () => {
      const at = Object.entries(point)
        .map(([name, value]) => `${name}=${value}`)
        .join(',');
      const run = runCli(['expr', input, '--at', at, '--json']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^\{"value": [^,]+, "gradient": \{.*\}\}\n$/);
      const result = JSON.parse(run.stdout) as { value: number; gradient: Record<string, number> };
      expect(result.value).toBeCloseTo(evaluate(parseExpression(input, [], 'identifiers'), point), 12);
      // Keys in the order the variables first appear in the expression.
      expect(Object.keys(result.gradient)).toEqual(Object.keys(point));
      for (const [name, value] of Object.entries(result.gradient)) {
        const difference = centralDifference(input, point, name);
        expect(Math.abs(value - difference), name).toBeLessThan(1e-6 * Math.max(1, Math.abs(difference)));
      }
    });
  }

  it('prints full float64 precision, and reads an expression that starts with a minus', () => {
    const run = runCli(['expr', '-x/3', '--at', 'x=1', '--json']);
    expect(run.stdout).toBe('{"value": -0.3333333333333333, "gradient": {"x": -0.3333333333333333}}\n');
  });
});

describe('tracegrad expr output', { timeout: 60_000 }, () => {
  it('prints a readable summary through the one number formatter', () => {
    const run = runCli(['expr', 'ln(ln(-2*y^3))', '--at', 'y=-1.5']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('f = ln(ln(−2·y^3))\nat y = -1.5\n\nf = 0.6469\n∂f/∂y = -1.047\n');
  });

  it('prints the trace as JSON the player can load, with the fork of a reused variable', () => {
    const run = runCli(['expr', 'x*y + x', '--at', 'x=2,y=3', '--format', 'json']);
    const trace = Trace.fromJSON(run.stdout);
    const x = trace.toData().nodes.find((node) => node.meta.label === 'x')!;
    expect(trace.toData().steps.find((step) => step.kind === 'gradient' && step.node === x.id)).toMatchObject({ grad: 4, contributions: 2 });
  });

  it('prints Markdown, LaTeX and Graphviz DOT', () => {
    const markdown = runCli(['expr', 'x*y + x', '--at', 'x=2,y=3', '--format', 'md']).stdout;
    expect(markdown).toContain('$u_{1} = x\\,y = 2 \\times 3 = 6$');
    const latex = runCli(['expr', 'x*y + x', '--at', 'x=2,y=3', '--format', 'tex']).stdout;
    expect(latex).toContain('\\begin{document}');
    const dot = runCli(['expr', 'x*y + x', '--at', 'x=2,y=3', '--format', 'dot']).stdout;
    expect(dot).toMatch(/^digraph "f = x·y \+ x" \{/);
    expect(dot).toContain('n0 [label="x = 2\\ninput\\n∂f/∂x = 4"];');
    expect(dot).toContain('n1 -> n2 [label="∂u₁/∂y = 2"];');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });

  it('is listed in the help', () => {
    expect(runCli(['--help']).stdout).toMatch(/\n {2}expr +the value and gradient of any scalar expression/);
    expect(runCli(['expr', '--help']).stdout).toContain('Usage: tracegrad expr "EXPR" --at');
  });
});

describe('tracegrad expr refuses bad input with one line and exit 2', { timeout: 60_000 }, () => {
  it('a syntax error, with its column', () => {
    expectOneLineError(runCli(['expr', 'x + * y', '--at', 'x=1,y=2']), 'expr: syntax error at column 5 of "x + * y": expected a number, a name or "(" before "*"');
    expectOneLineError(runCli(['expr', 'ln(x', '--at', 'x=1']), 'expr: syntax error at column 5 of "ln(x": the "(" at position 3 is never closed');
  });

  it('an unknown function, and a function the engine has no op for', () => {
    expectOneLineError(runCli(['expr', 'foo(x)', '--at', 'x=1']), /^tracegrad: expr: syntax error at column 1 of "foo\(x\)": unknown function "foo"/);
    expectOneLineError(runCli(['expr', 'sin(x)', '--at', 'x=1']), /^tracegrad: expr: syntax error at column 1 of "sin\(x\)": the engine has no op for sin/);
  });

  it('a value for a name the expression lacks, and a variable without a value', () => {
    expectOneLineError(runCli(['expr', 'x', '--at', 'x=1,z=2']), 'expr: a value is given for z, which the expression does not use (its variables are x)');
    expectOneLineError(runCli(['expr', 'x*y', '--at', 'x=1']), 'expr: no value for y (give one for every variable: x, y)');
    expectOneLineError(runCli(['expr', 'x*y']), 'expr: no value for x, y (give one for every variable: x, y)');
  });

  it('a value that is not a finite number, or not name=value', () => {
    expectOneLineError(runCli(['expr', 'x', '--at', 'x=abc']), 'expr: the value of x is "abc", not a finite number');
    expectOneLineError(runCli(['expr', 'x', '--at', 'x=1e999']), 'expr: the value of x is "1e999", not a finite number');
    expectOneLineError(runCli(['expr', 'x', '--at', 'x=']), 'expr: the value of x is "", not a finite number');
    expectOneLineError(runCli(['expr', 'x', '--at', 'x']), 'expr: "x" is not of the form name=value (write the point as x=1,y=-1.5)');
    expectOneLineError(runCli(['expr', 'x', '--at', 'x=1,x=2']), 'expr: x is given two values');
  });

  it('a point outside the domain, naming the part and its numbers', () => {
    expectOneLineError(runCli(['expr', 'ln(x - 3)', '--at', 'x=1']), 'expr: outside the domain: ln(x − 3) needs a positive input, but x − 3 = -2');
    expectOneLineError(runCli(['expr', 'x/(y - 1)', '--at', 'x=1,y=1']), 'expr: outside the domain: x/(y − 1) divides by y − 1 = 0');
  });

  it('an expression over the length limit', () => {
    expectOneLineError(runCli(['expr', `x${'+x'.repeat(600)}`, '--at', 'x=1']), 'expr: the expression is 1201 characters long; at most 1000 are read');
  });

  it('escapes control characters it echoes', () => {
    expectOneLineError(runCli(['expr', 'x\u001b[2J', '--at', 'x=1']), /^tracegrad: expr: syntax error at column 2 of "x\\x1b\[2J": unexpected "\\x1b"\n$/);
  });

  it('--json together with --format', () => {
    expectOneLineError(runCli(['expr', 'x', '--at', 'x=1', '--json', '--format', 'md']), 'expr: give either --json or --format, not both');
  });
});
