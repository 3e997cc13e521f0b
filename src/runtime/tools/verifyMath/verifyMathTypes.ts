// The verify_math request and result shapes, shared by the checker, the argument parser the
// model's JSON goes through, and the test corpus. Kept apart so none of them drags in the CAS.

/** Are two expressions equal for every value of their variables? */
export interface EquivalentRequest {
  kind: 'equivalent';
  left: string;
  right: string;
  /** Names to treat as variables; letters found in the expressions are variables anyway. */
  variables?: string[];
}

/**
 * Does a value (or several assignments) satisfy an equation, an inequality, or a system of them
 * (separated by `;` or new lines)? Variables left unassigned are checked for every value.
 */
export interface SolvesRequest {
  kind: 'solves';
  equation: string;
  variable?: string;
  value?: string;
  values?: Record<string, string>;
}

export type VerifyMathRequest = EquivalentRequest | SolvesRequest;

export type VerifyVerdict = 'equivalent' | 'not_equivalent' | 'solves' | 'does_not_solve' | 'unknown';

export interface VerifyResult {
  verdict: VerifyVerdict;
  /**
   * Which check decided: exact simplification, random numeric points, or both agreeing. For
   * 'unknown', 'both': neither settled it.
   */
  method: 'symbolic' | 'numeric' | 'both';
  /** For the model (and the student): why, with a counterexample when there is one. */
  detail: string;
  /** Numeric points where both sides were defined and compared. */
  checkedPoints: number;
}
