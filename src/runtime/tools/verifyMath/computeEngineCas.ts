// verify_math's CAS adapter over the Cortex Compute Engine. Its parser reads LaTeX and, with
// `strict: false`, the plain notation models write (sqrt(x), x**2, 3x, ln x, |x|), so no
// normaliser sits in front of it. The package asks for Node ≥ 22.3 (VS Code's extension host has
// 22); everything used here also runs on the Node 20 of the unit tests.
import { ComputeEngine, compile, isFunction, isNumber, isString, type Expression } from '@cortex-js/compute-engine';
import type { CasAdapter, NumericValue, Point } from './casAdapter';

// One engine for the extension host's lifetime: building one loads its whole library.
let engine: ComputeEngine | undefined;
const ce = () => (engine ??= new ComputeEngine());

// A simplified difference this small that is not exact is floating-point residue, not a proof.
const RESIDUE = 1e-12;
// An imaginary part this small (relative to the real part) is rounding from complex arithmetic.
const IMAGINARY_NOISE = 1e-9;
// simplify() expands powers of sums: (a+b+c+d+e+f)^12 took 13 s. Past this exponent the exact
// check is skipped and the numeric one decides alone.
const MAX_EXPANDED_EXPONENT = 10;

export const computeEngineCas: CasAdapter<Expression> = {
  parse(text, variables) {
    const expr = ce().parse(protectNames(text, variables), { strict: false });
    if (!expr.isValid) throw new Error(describeErrors(expr));
    if (expr.operator === 'Sequence' || expr.operator === 'Tuple' || expr.operator === 'List') {
      throw new Error('it reads as several expressions, not one');
    }
    const unknownFunction = findUnknownFunction(expr);
    if (unknownFunction) {
      throw new Error(`it applies ${unknownFunction}(…), a function the checker does not know; write out its definition instead (for f(x) = 2x + 1, write 2x + 1)`);
    }
    return expr;
  },

  variables(expr) {
    return [...expr.unknowns];
  },

  substitute(expr, values) {
    if (values.size === 0) return expr;
    return expr.subs(Object.fromEntries(values));
  },

  exactDifference(a, b) {
    if (tooCostlyToSimplify(a) || tooCostlyToSimplify(b)) return undefined;
    const difference = ce().box(['Subtract', a, b]).simplify();
    if (difference.isNaN === true) return NaN;
    if (!isNumber(difference) || difference.im !== 0) return undefined;
    const value = difference.re;
    if (!Number.isFinite(value)) return undefined;
    if (!difference.isExact && value !== 0 && Math.abs(value) < RESIDUE) return undefined;
    return value;
  },

  numeric(expr) {
    const compiled = tryCompile(expr);
    if (compiled) return (point) => toNumericValue(compiled(point));
    // Slower, but everything the engine can evaluate: substitute numbers and approximate.
    return (point) => {
      const values = Object.fromEntries(Object.entries(point).map(([name, value]) => [name, ce().number(value)]));
      const approx = expr.subs(values).N();
      return toNumericValue(isNumber(approx) ? { re: approx.re, im: approx.im } : NaN);
    };
  },

  isolated(check) {
    ce().pushScope();
    try {
      return check();
    } finally {
      ce().popScope();
    }
  },
};

// Compiled JavaScript is ~20× faster than substituting and approximating at each point.
function tryCompile(expr: Expression): ((point: Point) => unknown) | undefined {
  try {
    const result = compile(expr, { fallback: false });
    return result.success && result.run ? (result.run as (point: Point) => unknown) : undefined;
  } catch {
    return undefined;
  }
}

// The library's operators are capitalised (Sin, Sqrt); a lower-case one is a name the parser
// met applied to arguments, like f in f(x), with no definition to evaluate.
function findUnknownFunction(expr: Expression): string | undefined {
  if (!isFunction(expr)) return undefined;
  if (/^[a-z]/.test(expr.operator)) return expr.operator;
  for (const operand of expr.ops) {
    const found = findUnknownFunction(operand);
    if (found) return found;
  }
  return undefined;
}

function tooCostlyToSimplify(expr: Expression): boolean {
  if (!isFunction(expr)) return false;
  if (expr.operator === 'Power' && containsSum(expr.op1) && isNumber(expr.op2) && Math.abs(expr.op2.re) > MAX_EXPANDED_EXPONENT) return true;
  return expr.ops.some(tooCostlyToSimplify);
}

function containsSum(expr: Expression): boolean {
  return isFunction(expr) && (expr.operator === 'Add' || expr.ops.some(containsSum));
}

function toNumericValue(value: unknown): NumericValue {
  let re: number;
  let im = 0;
  if (typeof value === 'number') re = value;
  else if (value && typeof value === 'object' && 're' in value && 'im' in value) {
    re = Number(value.re);
    im = Number(value.im);
  } else return 'undefined';
  if (Number.isNaN(re) || Number.isNaN(im)) return 'undefined';
  if (!Number.isFinite(re) || !Number.isFinite(im)) return 'not finite';
  if (Math.abs(im) > IMAGINARY_NOISE * Math.max(1, Math.abs(re))) return 'not real';
  return re;
}

// The parser reads an unknown multi-letter word as a product of letters (`xy` is x·y, which is
// what students mean); names the caller declared as variables are kept whole.
function protectNames(text: string, variables: readonly string[]): string {
  const long = variables.filter((name) => /^[A-Za-z][A-Za-z0-9]+$/.test(name)).sort((a, b) => b.length - a.length);
  if (long.length === 0) return text;
  const pattern = new RegExp(`(?<![\\\\A-Za-z])(${long.join('|')})(?![A-Za-z])`, 'g');
  return text.replace(pattern, '\\operatorname{$1}');
}

function describeErrors(expr: Expression): string {
  const text = (part: Expression | undefined) => (isString(part) ? part.string : undefined);
  // An error reads ["Error", code or ["ErrorCode", code, …], ["LatexString", where]].
  const problems = expr.errors.map((error) => {
    if (!isFunction(error)) return 'syntax error';
    const code = isFunction(error.op1, 'ErrorCode') ? text(error.op1.op1) : text(error.op1);
    const where = isFunction(error.op2, 'LatexString') ? text(error.op2.op1) : text(error.op2);
    return `${(code ?? 'syntax error').replace(/-/g, ' ')}${where?.trim() ? ` near '${where.trim()}'` : ''}`;
  });
  return problems.length > 0 ? [...new Set(problems)].join('; ') : 'not a valid expression';
}
