// The verify_math corpus: what students and models actually write, with the verdict a careful
// teacher would give. It chose the CAS (see the comparison atop verifyMath.ts) and the
// unit test holds verifyMath to every case. Near-misses sit next to the identities they imitate.
import type { VerifyMathRequest, VerifyVerdict } from '../../../../src/runtime/tools/verifyMath/verifyMathTypes';

export interface VerifyMathCase {
  name: string;
  request: VerifyMathRequest;
  expected: VerifyVerdict;
}

const eq = (name: string, left: string, right: string, expected: 'equivalent' | 'not_equivalent' | 'unknown', variables?: string[]): VerifyMathCase => ({
  name,
  request: variables ? { kind: 'equivalent', left, right, variables } : { kind: 'equivalent', left, right },
  expected,
});

const solves = (name: string, equation: string, values: Record<string, string>, expected: 'solves' | 'does_not_solve' | 'unknown'): VerifyMathCase => {
  const names = Object.keys(values);
  // One assignment goes in the single-value form the model uses most; several in `values`.
  const request: VerifyMathRequest = names.length === 1
    ? { kind: 'solves', equation, variable: names[0]!, value: values[names[0]!]! }
    : { kind: 'solves', equation, values };
  return { name, request, expected };
};

export const VERIFY_MATH_CASES: VerifyMathCase[] = [
  // Equivalent: algebra
  eq('square of a sum, expanded', '(x+1)^2', 'x^2+2x+1', 'equivalent'),
  eq('difference of squares, factored', 'x^2-9', '(x-3)(x+3)', 'equivalent'),
  eq('implicit multiplication before a bracket', '2(x+1)', '2x+2', 'equivalent'),
  eq('python-style power', 'x**2 - 2*x + 1', '(x-1)^2', 'equivalent'),
  eq('cube of a sum with juxtaposed letters', '(a+b)^3', 'a^3+3a^2b+3ab^2+b^3', 'equivalent'),
  eq('quadratic factored', 'x^2+5x+6', '(x+2)(x+3)', 'equivalent'),
  eq('power of a product of letters', '(2xy)^2', '4x^2y^2', 'equivalent'),
  // Equivalent: rational expressions and fractions
  eq('cancel a common factor (removable hole)', '\\frac{x^2-1}{x-1}', 'x+1', 'equivalent'),
  eq('polynomial division', '(x^2+5x+6)/(x+2)', 'x+3', 'equivalent'),
  eq('sum of reciprocals, LaTeX', '\\frac{1}{x}+\\frac{1}{y}', '\\frac{x+y}{xy}', 'equivalent'),
  eq('partial fractions', '1/(x-1) - 1/(x+1)', '2/(x^2-1)', 'equivalent'),
  eq('reciprocal of a fraction, \\left( \\right)', '\\left(\\frac{a}{b}\\right)^{-1}', 'b/a', 'equivalent'),
  eq('LaTeX powers and \\cdot', 'x^{2} \\cdot x^{3}', 'x^5', 'equivalent'),
  eq('negative exponent', 'x^{-2}', '\\frac{1}{x^2}', 'equivalent'),
  // Equivalent: roots, logs, exponentials
  eq('square root of a square is the absolute value', '\\sqrt{x^2}', '|x|', 'equivalent'),
  eq('simplify a surd', '\\sqrt{12}', '2\\sqrt{3}', 'equivalent'),
  eq('log of a product', 'ln(x*y)', 'ln(x)+ln(y)', 'equivalent'),
  eq('log of a power', 'log(x^3)', '3log(x)', 'equivalent'),
  eq('exp of a sum', 'exp(x)*exp(y)', 'exp(x+y)', 'equivalent'),
  eq('e to twice ln x', 'e^{2\\ln x}', 'x^2', 'equivalent'),
  eq('log base 2, LaTeX subscript', '\\log_2 8', '3', 'equivalent'),
  eq('rationalise a denominator', '\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}', 'equivalent'),
  // Equivalent: trigonometry
  eq('Pythagorean identity', 'sin(x)^2+cos(x)^2', '1', 'equivalent'),
  eq('double angle, sine', 'sin(2x)', '2sin(x)cos(x)', 'equivalent'),
  eq('double angle, cosine in LaTeX power notation', '\\cos^2 x - \\sin^2 x', '\\cos(2x)', 'equivalent'),
  eq('tangent as a quotient', 'tan(x)', 'sin(x)/cos(x)', 'equivalent'),
  eq('exact value at pi/6', 'sin(pi/6)', '1/2', 'equivalent'),
  eq('one plus tan squared', '1 + \\tan^2 \\theta', '\\frac{1}{\\cos^2 \\theta}', 'equivalent', ['theta']),
  // Not equivalent: the classic slips
  eq('square of a sum is not the sum of squares (x)', '(x+1)^2', 'x^2+1', 'not_equivalent'),
  eq('square of a sum is not the sum of squares (a, b)', '(a+b)^2', 'a^2+b^2', 'not_equivalent'),
  eq('sqrt(x^2) is not x for negative x', 'sqrt(x^2)', 'x', 'not_equivalent'),
  eq('sine is not additive', 'sin(x+y)', 'sin(x)+sin(y)', 'not_equivalent'),
  eq('log of a sum', 'ln(x+y)', 'ln(x)+ln(y)', 'not_equivalent'),
  eq('cancelling terms, not factors', '\\frac{x+1}{x+2}', '\\frac{1}{2}', 'not_equivalent'),
  eq('sum of reciprocals is not reciprocal of sum', '\\frac{1}{x}+\\frac{1}{y}', '\\frac{1}{x+y}', 'not_equivalent'),
  eq('difference of squares is not a square', 'x^2-9', '(x-3)^2', 'not_equivalent'),
  eq('double angle, wrong factor', 'cos(2x)', '2cos(x)', 'not_equivalent'),
  eq('square root is not additive', 'sqrt(x+9)', 'sqrt(x)+3', 'not_equivalent'),
  eq('sign error distributing a minus', '-(x-3)', '-x-3', 'not_equivalent'),
  eq('a product of powers adds exponents', 'e^x \\cdot e^x', 'e^{x^2}', 'not_equivalent'),
  eq('off by a thousandth', 'x^2+2x+1.001', '(x+1)^2', 'not_equivalent'),
  eq('shifted exponent', '2^{x+1}', '2^x+2', 'not_equivalent'),
  // Solutions and non-solutions
  solves('linear equation, right value', '3x + 11 = 14', { x: '1' }, 'solves'),
  solves('linear equation, wrong value', '3x + 11 = 14', { x: '2' }, 'does_not_solve'),
  solves('quadratic root', 'x^2 - 5x + 6 = 0', { x: '3' }, 'solves'),
  solves('irrational root', 'x^2 = 2', { x: 'sqrt(2)' }, 'solves'),
  solves('rounded root is not a root', 'x^2 = 2', { x: '1.414' }, 'does_not_solve'),
  solves('fractions in LaTeX', '\\frac{x}{2} + \\frac{x}{3} = 5', { x: '6' }, 'solves'),
  solves('negative root, brackets', '2(x - 1) = 3x + 4', { x: '-6' }, 'solves'),
  solves('quadratic formula root', 'x^2 - 2x - 1 = 0', { x: '1 - sqrt(2)' }, 'solves'),
  solves('quadratic formula root in LaTeX', 'x^2 - 2x - 1 = 0', { x: '\\frac{2+\\sqrt{8}}{2}' }, 'solves'),
  solves('logarithmic equation', 'ln(x) = 2', { x: 'e^2' }, 'solves'),
  solves('trigonometric equation', 'sin(x) = 1/2', { x: '\\frac{\\pi}{6}' }, 'solves'),
  solves('extraneous root of a radical equation', '\\sqrt{x+3} = x - 3', { x: '1' }, 'does_not_solve'),
  solves('true root of a radical equation', '\\sqrt{x+3} = x - 3', { x: '6' }, 'solves'),
  solves('absolute value equation', '|x - 2| = 5', { x: '-3' }, 'solves'),
  solves('value outside the domain', '\\frac{x^2-1}{x-1} = 2', { x: '1' }, 'does_not_solve'),
  solves('literal equation, symbolic solution', 'a x + b = c', { x: '(c - b)/a' }, 'solves'),
  solves('system, right pair', 'x + y = 10; x - y = 2', { x: '6', y: '4' }, 'solves'),
  solves('system, swapped pair', 'x + y = 10; x - y = 2', { x: '4', y: '6' }, 'does_not_solve'),
  solves('inequality, inside', '2x - 1 < 5', { x: '2' }, 'solves'),
  solves('inequality, boundary excluded', '2x - 1 < 5', { x: '3' }, 'does_not_solve'),
  solves('inequality in LaTeX, boundary included', 'x^2 \\le 9', { x: '-3' }, 'solves'),
  // Notation variants: written before either CAS ran them, to measure parsing coverage untuned
  eq('\\dfrac', '\\dfrac{x}{2}', 'x/2', 'equivalent'),
  eq('\\times between letters', 'x\\times y', 'xy', 'equivalent'),
  eq('\\frac12 without braces', '\\frac12 x', 'x/2', 'equivalent'),
  eq('power of two', '2^{10}', '1024', 'equivalent'),
  eq('\\ln of a power of e, no brackets', '\\ln e^3', '3', 'equivalent'),
  eq('Unicode minus sign', '−x + 1', '1 - x', 'equivalent'),
  eq('Unicode superscript', 'x²', 'x*x', 'equivalent'),
  eq('cos pi', '\\cos(\\pi)', '-1', 'equivalent'),
  eq('tan times cos, no brackets', '\\tan x \\cos x', '\\sin x', 'equivalent'),
  eq('log base 10 with braces', '\\log_{10}(1000)', '3', 'equivalent'),
  eq('exact cosine value', '\\frac{\\sqrt{3}}{2}', '\\cos(\\pi/6)', 'equivalent'),
  eq('difference of squares in a and b', 'a^2 - b^2', '(a-b)(a+b)', 'equivalent'),
  eq('\\left| \\right| absolute value', '\\left|x\\right|', '\\sqrt{x^2}', 'equivalent'),
  eq('product of sines, \\sin^2(x)', '\\sin(x)\\cdot\\sin(x)', '\\sin^2(x)', 'equivalent'),
  eq('double angle, no brackets', '2\\sin x\\cos x', '\\sin 2x', 'equivalent'),
  eq('exp of ln', '\\exp(\\ln(x))', 'x', 'equivalent'),
  eq('sec squared minus tan squared', 'sec(x)^2 - tan(x)^2', '1', 'equivalent'),
  eq('fractional exponent', 'x^{1/2}', '\\sqrt{x}', 'equivalent'),
  eq('absolute value is symmetric', '|x-3|', '|3-x|', 'equivalent'),
  eq('decimal coefficient', '0.5x', 'x/2', 'equivalent'),
  eq('sin squared is not sin of a square', '\\sin^2 x', '\\sin(x^2)', 'not_equivalent'),
  eq('square of a difference', '(x-1)^2', 'x^2 - 1', 'not_equivalent'),
  eq('a fraction is not its reciprocal', '\\frac{x}{y}', '\\frac{y}{x}', 'not_equivalent'),
  eq('log of a double is not double the log', '\\ln(2x)', '2\\ln x', 'not_equivalent'),
  solves('cube root', 'x^3 - 8 = 0', { x: '2' }, 'solves'),
  solves('exponential equation', '2^x = 8', { x: '3' }, 'solves'),
  solves('decimal value', '\\frac{1}{x} = 4', { x: '0.25' }, 'solves'),
  solves('point on a circle', 'x^2 + y^2 = 25', { x: '3', y: '-4' }, 'solves'),
  solves('point off a circle', 'x^2 + y^2 = 25', { x: '3', y: '5' }, 'does_not_solve'),
  solves('absolute value inequality', '|x| > 2', { x: '-3' }, 'solves'),
  solves('exponential equals one', 'e^x = 1', { x: '0' }, 'solves'),
  solves('square root is never negative', '\\sqrt{x} = -2', { x: '4' }, 'does_not_solve'),
  // Input the checker cannot read must say so, not guess
  eq('unbalanced bracket', 'x + (', 'x', 'unknown'),
  eq('empty expression', '', 'x', 'unknown'),
];
