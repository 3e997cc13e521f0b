// Turns the two checks' findings into one verdict with a detail the model can quote. A concrete
// counterexample beats a simplification that assumed too much; an exact nonzero difference beats
// numbers that agree only to rounding.
import type { NumericValue } from './casAdapter';
import { describePoint, describeValue, type Observation, type SamplingOutcome } from './numericCheck';
import type { RelationOperator } from './relations';
import type { VerifyResult } from './verifyMathTypes';

/** What exact simplification settled, in words that complete "…: <detail>". */
export interface SymbolicDecision {
  holds: boolean;
  detail: string;
  /** A side reduced to NaN: undefined at the value checked. */
  undefinedThere?: boolean;
}

/** How one kind of check words its verdicts. */
export interface Wording {
  verdicts: { holds: VerifyResult['verdict']; fails: VerifyResult['verdict'] };
  headline: (holds: boolean) => string;
  /** Whether random points stood for free variables (otherwise there was one exact point). */
  sampled: boolean;
  agreement: (sampling: SamplingOutcome) => string;
  /** `afterSymbolic`: the symbolic detail already named the failing relation. */
  failure: (seen: Observation, afterSymbolic: boolean) => string;
  noComparison: (seen: Observation | undefined) => string;
}

/** Both checks → one verdict, and the detail that says which decided and why. */
export function decide(symbolic: SymbolicDecision | undefined, sampling: SamplingOutcome, wording: Wording): VerifyResult {
  const checkedPoints = sampling.checkedPoints;
  const numericHolds = sampling.counterexample ? false : checkedPoints > 0 ? true : undefined;
  const result = (holds: boolean, method: VerifyResult['method'], detail: string): VerifyResult => ({
    verdict: holds ? wording.verdicts.holds : wording.verdicts.fails,
    method,
    detail: `${wording.headline(holds)}: ${detail}`,
    checkedPoints,
  });
  const domainNote = sampling.domainMismatch ? ` ${describeDomainMismatch(sampling.domainMismatch)}` : '';

  if (symbolic && numericHolds !== undefined) {
    if (symbolic.holds && numericHolds) return result(true, 'both', `${symbolic.detail}, and ${wording.agreement(sampling)}.${domainNote}`);
    if (!symbolic.holds && !numericHolds) return result(false, 'both', `${symbolic.detail}; ${wording.failure(sampling.counterexample!, true)}.`);
    if (!numericHolds) {
      // The simplifier assumed something the numbers break (sqrt(x²) → x takes x ≥ 0).
      return result(false, 'numeric', `${wording.failure(sampling.counterexample!, false)}. (Simplification suggested ${symbolic.detail}, but these values contradict it.)`);
    }
    // Exact arithmetic saw a difference too small for floating point (1 + 10⁻¹² vs 1).
    return result(false, 'symbolic', `${symbolic.detail}; the numbers agree only to within rounding.`);
  }
  if (symbolic) {
    const why = sampling.firstUndefined ? ` (no numeric check: ${wording.noComparison(sampling.firstUndefined)})` : '';
    return result(symbolic.holds, 'symbolic', `${symbolic.detail}${why}.`);
  }
  if (numericHolds === false) return result(false, 'numeric', `${wording.failure(sampling.counterexample!, false)}.`);
  if (numericHolds === true) {
    const caveat = wording.sampled
      ? '; simplification could not confirm it exactly, so this is strong numeric evidence, not a proof'
      : ' (numerically, to about 9 significant digits)';
    return result(true, 'numeric', `${wording.agreement(sampling)}${caveat}.${domainNote}`);
  }
  return { verdict: 'unknown', method: 'both', detail: `Could not decide: ${wording.noComparison(sampling.firstUndefined)}, and simplification did not settle it.`, checkedPoints };
}

/** The value both sides share, without the float residue: 4e-16 is shown as 0. */
export function describeAgreedValue(seen: Observation): string {
  const value = seen.right as number;
  return describeValue(Math.abs(value) < 1e-12 ? 0 : value, 10);
}

function describeDomainMismatch(seen: Observation): string {
  const missing = undefinedSide(seen);
  const defined = missing === 'left' ? 'right' : 'left';
  return `Note: ${at(seen.point)}the ${defined} side is defined but the ${missing} side is ${describeValue(undefinedValue(seen))}, so they agree only where both are defined.`;
}

export function undefinedSide(seen: Observation): 'left' | 'right' {
  return typeof seen.left === 'number' ? 'right' : 'left';
}

export function undefinedValue(seen: Observation): NumericValue {
  return typeof seen.left === 'number' ? seen.right : seen.left;
}

export function relationNote(operator: RelationOperator): string {
  return operator === '=' ? '' : ` (needs left ${operator} right)`;
}

/** `at x = 0.37, ` before the values, or nothing when there were no variables. */
export function at(point: Readonly<Record<string, number>>): string {
  const described = describePoint(point);
  return described ? `at ${described}, ` : '';
}
