/**
 * A small, safe parser and evaluator for the formulas students type: `3/(y ln(-2y^3))`, `2x`,
 * `e^(-x)`, `sqrt(x^2+1)`. Nothing is ever handed to `eval`; the input becomes a tree of the few node
 * kinds below and is evaluated by walking it.
 *
 * Grammar, loosest binding first (implicit multiplication binds like `*`, so `1/2x` is (1/2)·x,
 * as in most programming languages):
 *   sum      = product (('+' | '-') product)*
 *   product  = unary (('*' | '/') unary | unary-without-sign)*     ← the second form is `2x`, `x(y+1)`
 *   unary    = ('-' | '+') unary | power
 *   power    = primary ('^' unary)?                                 ← right-associative, `x^-1` allowed
 *   primary  = number | name | function '(' sum ')' | '(' sum ')'
 * Unicode minus, ×, ·, ÷, ², ³ and π are accepted because people paste them.
 */
import { UNARY_FUNCTIONS } from '../engine/ops';

export type Expression =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: string }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/' | '^'; left: Expression; right: Expression }
  | { kind: 'call'; name: FunctionName; argument: Expression };

/**
 * Natural logarithm under both names: the course writes log for ln. The functions the engine has
 * an op for take their numbers from the engine's own table, so a formula and a recorded trace of
 * it cannot disagree.
 */
const FUNCTIONS = {
  ln: UNARY_FUNCTIONS.log.value,
  log: UNARY_FUNCTIONS.log.value,
  exp: UNARY_FUNCTIONS.exp.value,
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  abs: Math.abs,
  tanh: UNARY_FUNCTIONS.tanh.value,
  sigmoid: UNARY_FUNCTIONS.sigmoid.value,
  relu: UNARY_FUNCTIONS.relu.value,
} as const satisfies Record<string, (x: number) => number>;

export type FunctionName = keyof typeof FUNCTIONS;
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** The functions the scalar engine can record (sqrt as the power ½); the others are lesson-only. */
export const RECORDABLE_FUNCTIONS = ['exp', 'ln', 'log', 'sqrt', 'tanh', 'sigmoid', 'relu'] as const satisfies readonly FunctionName[];

/**
 * How runs of letters become names. `letters` (the lessons): greedily, against the known variables,
 * so `xy` is x·y. `identifiers` (the expression lab): each maximal `[A-Za-z_][A-Za-z0-9_]*` is one
 * name, so `w1*x1` has the variables w1 and x1; a name followed by `(` must be a function the
 * engine can record.
 */
export type NameMode = 'letters' | 'identifiers';

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** What went wrong and where (0-based character position in the input). */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

type Token =
  | { type: 'number'; value: number; at: number }
  | { type: 'name'; name: string; at: number }
  | { type: 'function'; name: FunctionName; at: number }
  | { type: 'operator'; op: '+' | '-' | '*' | '/' | '^'; at: number }
  | { type: 'open' | 'close' | 'end'; at: number };

const NORMALISE: Readonly<Record<string, string>> = {
  '−': '-',
  '–': '-',
  '×': '*',
  '·': '*',
  '⋅': '*',
  '÷': '/',
  '²': '^2',
  '³': '^3',
  π: 'pi',
};

/**
 * Splits the input into tokens. A run of letters is read greedily as the longest function name,
 * variable or constant at each point, so `yln(y)` is y·ln(y) and `xy` is x·y when both are
 * variables.
 */
function tokenize(input: string, variables: readonly string[], mode: NameMode = 'letters'): Token[] {
  const names = [...FUNCTION_NAMES, ...variables, ...Object.keys(CONSTANTS)].sort((a, b) => b.length - a.length);
  const tokens: Token[] = [];
  let i = 0;
  // Keep positions pointing into the original text even where a character is rewritten.
  const chars: { c: string; at: number }[] = [];
  for (let k = 0; k < input.length; k++) {
    const replacement = NORMALISE[input[k]!];
    if (replacement === undefined) chars.push({ c: input[k]!, at: k });
    else for (const c of replacement) chars.push({ c, at: k });
  }
  const text = chars.map((entry) => entry.c).join('');
  const at = (index: number): number => chars[index]?.at ?? input.length;

  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    // "2e" followed by a letter other than a digit is 2·e, not an exponent: the regex only takes
    // [eE] when digits follow, so that already holds.
    if (number !== null) {
      tokens.push({ type: 'number', value: Number(number[0]), at: at(i) });
      i += number[0].length;
      continue;
    }
    if (mode === 'identifiers' && /[A-Za-z_]/.test(c)) {
      const identifier = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      tokens.push(identifierToken(identifier, /^\s*[([]/.test(text.slice(i + identifier.length)), at(i)));
      i += identifier.length;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      const run = /^[A-Za-z]+/.exec(text.slice(i))![0];
      let j = 0;
      while (j < run.length) {
        const rest = run.slice(j);
        const name = names.find((candidate) => rest.startsWith(candidate));
        if (name === undefined) {
          const known = variables.length === 0 ? 'this answer uses no variables' : `this answer uses ${variables.join(', ')}`;
          throw new ExpressionError(`unknown name "${rest}" (${known})`, at(i + j));
        }
        if ((FUNCTION_NAMES as readonly string[]).includes(name)) tokens.push({ type: 'function', name: name as FunctionName, at: at(i + j) });
        else tokens.push({ type: 'name', name, at: at(i + j) });
        j += name.length;
      }
      i += run.length;
      continue;
    }
    if (c === '*' && text[i + 1] === '*') {
      tokens.push({ type: 'operator', op: '^', at: at(i) });
      i += 2;
      continue;
    }
    if (c === '+' || c === '-' || c === '*' || c === '/' || c === '^') {
      tokens.push({ type: 'operator', op: c, at: at(i) });
      i++;
      continue;
    }
    if (c === '(' || c === '[') {
      tokens.push({ type: 'open', at: at(i) });
      i++;
      continue;
    }
    if (c === ')' || c === ']') {
      tokens.push({ type: 'close', at: at(i) });
      i++;
      continue;
    }
    throw new ExpressionError(`unexpected "${input[at(i)] ?? c}"`, at(i));
  }
  tokens.push({ type: 'end', at: input.length });
  return tokens;
}

/** One name of the expression lab: a call of a recordable function, a constant or a variable. */
function identifierToken(name: string, called: boolean, at: number): Token {
  if (called) {
    if ((RECORDABLE_FUNCTIONS as readonly string[]).includes(name)) return { type: 'function', name: name as FunctionName, at };
    const known = `functions: ${RECORDABLE_FUNCTIONS.join(', ')}`;
    if ((FUNCTION_NAMES as readonly string[]).includes(name)) throw new ExpressionError(`the engine has no op for ${name}, so it cannot be recorded (${known})`, at);
    throw new ExpressionError(`unknown function "${name}" (${known}; write a product as ${name}*(…))`, at);
  }
  if ((FUNCTION_NAMES as readonly string[]).includes(name)) throw new ExpressionError(`write ${name}(…) with parentheses`, at);
  return { type: 'name', name, at };
}

/**
 * The longest formula read and the deepest nesting of brackets, signs and powers in it. An answer
 * to a lesson's question is a line or two; these bounds keep a pasted wall of `((((` or `x^x^x^…`
 * from exhausting the call stack of this recursive parser (and of evaluate and expressionToTex).
 */
export const MAX_FORMULA_LENGTH = 1000;
export const MAX_FORMULA_NESTING = 100;

class Parser {
  private position = 0;
  /** How many brackets, signs and exponents enclose the token being read. */
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private take(): Token {
    return this.tokens[this.position++]!;
  }

  parse(): Expression {
    if (this.peek().type === 'end') throw new ExpressionError('the answer is empty', 0);
    const expression = this.sum();
    const next = this.peek();
    if (next.type === 'close') throw new ExpressionError('")" without a matching "("', next.at);
    if (next.type !== 'end') throw new ExpressionError('unexpected text after the end of the formula', next.at);
    return expression;
  }

  private sum(): Expression {
    let left = this.product();
    for (;;) {
      const next = this.peek();
      if (next.type !== 'operator' || (next.op !== '+' && next.op !== '-')) return left;
      this.take();
      left = { kind: 'binary', operator: next.op, left, right: this.product() };
    }
  }

  private startsOperand(token: Token): boolean {
    return token.type === 'number' || token.type === 'name' || token.type === 'function' || token.type === 'open';
  }

  private product(): Expression {
    let left = this.unary();
    for (;;) {
      const next = this.peek();
      if (next.type === 'operator' && (next.op === '*' || next.op === '/')) {
        this.take();
        left = { kind: 'binary', operator: next.op, left, right: this.unary() };
      } else if (this.startsOperand(next)) {
        // Implicit multiplication: `2x`, `x(y+1)`, `3 ln(x)`, `(a)(b)`.
        left = { kind: 'binary', operator: '*', left, right: this.power() };
      } else return left;
    }
  }

  /** Every recursion of the grammar passes through here, so this is where nesting is counted. */
  private unary(): Expression {
    const next = this.peek();
    if (this.depth >= MAX_FORMULA_NESTING) throw new ExpressionError(`the formula nests brackets, signs or powers more than ${MAX_FORMULA_NESTING} deep`, next.at);
    this.depth++;
    try {
      return this.unaryInside(next);
    } finally {
      this.depth--;
    }
  }

  private unaryInside(next: Token): Expression {
    if (next.type === 'operator' && next.op === '-') {
      this.take();
      return { kind: 'negate', operand: this.unary() };
    }
    if (next.type === 'operator' && next.op === '+') {
      this.take();
      return this.unary();
    }
    return this.power();
  }

  private power(): Expression {
    const base = this.primary();
    const next = this.peek();
    if (next.type === 'operator' && next.op === '^') {
      this.take();
      return { kind: 'binary', operator: '^', left: base, right: this.unary() };
    }
    return base;
  }

  private primary(): Expression {
    const token = this.take();
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: token.value };
      case 'name':
        return { kind: 'variable', name: token.name };
      case 'function': {
        if (this.peek().type !== 'open') throw new ExpressionError(`write ${token.name}(…) with parentheses`, this.peek().at);
        const open = this.take();
        const argument = this.sum();
        this.expectClose(open.at);
        return { kind: 'call', name: token.name, argument };
      }
      case 'open': {
        const inner = this.sum();
        this.expectClose(token.at);
        return inner;
      }
      case 'end':
        throw new ExpressionError('the formula ends too early', token.at);
      case 'close':
        throw new ExpressionError('expected a number, a name or "(" before ")"', token.at);
      case 'operator':
        throw new ExpressionError(`expected a number, a name or "(" before "${token.op}"`, token.at);
    }
  }

  private expectClose(openedAt: number): void {
    const next = this.take();
    if (next.type !== 'close') throw new ExpressionError(`the "(" at position ${openedAt + 1} is never closed`, next.at);
  }
}

/**
 * Parses a formula in the given variables. Names are the variables, the functions above and the
 * constants e and pi. Throws ExpressionError with a position for anything else.
 */
export function parseExpression(input: string, variables: readonly string[] = [], mode: NameMode = 'letters'): Expression {
  if (input.length > MAX_FORMULA_LENGTH) throw new ExpressionError(`the formula is ${input.length} characters long; at most ${MAX_FORMULA_LENGTH} are read`, MAX_FORMULA_LENGTH);
  return new Parser(tokenize(input, variables, mode)).parse();
}

/** True for the names e and pi, which stand for numbers rather than variables. */
export function isConstantName(name: string): boolean {
  return CONSTANTS[name] !== undefined;
}

/** The variables of a formula (not the constants e and pi), in the order they first appear. */
export function variablesOf(expression: Expression): string[] {
  const found: string[] = [];
  const visit = (node: Expression): void => {
    if (node.kind === 'variable') {
      if (!isConstantName(node.name) && !found.includes(node.name)) found.push(node.name);
    } else if (node.kind === 'negate') visit(node.operand);
    else if (node.kind === 'call') visit(node.argument);
    else if (node.kind === 'binary') {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(expression);
  return found;
}

/** Values for the variables; a variable missing here is a programming error (parse checks names). */
export type Bindings = Readonly<Record<string, number>>;

/** The formula's value; NaN or ±∞ outside its domain (ln of a negative number, 1/0), never a throw. */
export function evaluate(expression: Expression, bindings: Bindings): number {
  switch (expression.kind) {
    case 'number':
      return expression.value;
    case 'variable': {
      const bound = bindings[expression.name];
      if (bound !== undefined) return bound;
      const constant = CONSTANTS[expression.name];
      if (constant !== undefined) return constant;
      throw new Error(`no value for variable ${expression.name}`);
    }
    case 'negate':
      return -evaluate(expression.operand, bindings);
    case 'call':
      return FUNCTIONS[expression.name](evaluate(expression.argument, bindings));
    case 'binary': {
      const left = evaluate(expression.left, bindings);
      const right = evaluate(expression.right, bindings);
      switch (expression.operator) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return left / right;
        case '^':
          return left ** right;
      }
    }
  }
}

/** Parses and evaluates a formula with no variables, e.g. a numeric answer typed as `1/3` or `ln(2)`. */
export function evaluateNumber(input: string): number {
  return evaluate(parseExpression(input), {});
}

const PRECEDENCE: Readonly<Record<Expression['kind'] | '+' | '-' | '*' | '/' | '^', number>> = {
  number: 5,
  variable: 5,
  call: 5,
  '^': 4,
  negate: 3,
  '*': 2,
  '/': 2,
  '+': 1,
  '-': 1,
  binary: 0,
};

function precedenceOf(expression: Expression): number {
  return expression.kind === 'binary' ? PRECEDENCE[expression.operator] : PRECEDENCE[expression.kind];
}

/**
 * TeX for a name: pi as π, a trailing number as a subscript (`w1`, `x_2` read w₁, x₂), longer
 * names upright-italic as one word so `rate` is not r·a·t·e.
 */
export function variableTex(name: string): string {
  if (name === 'pi') return '\\pi';
  if (name.length === 1) return name;
  const indexed = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (indexed !== null) return `${variableTex(indexed[1]!)}_{${indexed[2]!}}`;
  return `\\mathit{${name.replace(/_/g, '\\_')}}`;
}

/**
 * TeX for a parsed formula, so a student sees how their typing was read (`1/2x` shows as ½·x).
 * Fractions are drawn as fractions; parentheses appear where the reading needs them.
 */
export function expressionToTex(expression: Expression): string {
  const wrap = (inner: Expression, minimum: number): string => {
    const tex = expressionToTex(inner);
    return precedenceOf(inner) < minimum ? `\\left(${tex}\\right)` : tex;
  };
  switch (expression.kind) {
    case 'number':
      return String(expression.value);
    case 'variable':
      return variableTex(expression.name);
    case 'negate':
      return `-${wrap(expression.operand, PRECEDENCE.negate)}`;
    case 'call': {
      const name = expression.name === 'sqrt' ? undefined : expression.name;
      const argument = expressionToTex(expression.argument);
      if (name === undefined) return `\\sqrt{${argument}}`;
      if (name === 'abs') return `\\left|${argument}\\right|`;
      if (name === 'sigmoid') return `\\sigma\\left(${argument}\\right)`;
      if (name === 'relu') return `\\operatorname{ReLU}\\left(${argument}\\right)`;
      return `\\${name}\\left(${argument}\\right)`;
    }
    case 'binary': {
      const { operator, left, right } = expression;
      if (operator === '/') return `\\frac{${expressionToTex(left)}}{${expressionToTex(right)}}`;
      if (operator === '^') return `{${wrap(left, PRECEDENCE.number)}}^{${expressionToTex(right)}}`;
      if (operator === '*') return `${wrap(left, PRECEDENCE['*'])} \\cdot ${wrap(right, PRECEDENCE['*'] + 1)}`;
      // The right side of a subtraction needs parentheses at equal precedence: a − (b + c).
      return `${wrap(left, PRECEDENCE[operator])} ${operator} ${wrap(right, operator === '-' ? PRECEDENCE[operator] + 1 : PRECEDENCE[operator])}`;
    }
  }
}
