// One way from a verify_math call's raw arguments to what the caller reads, shared by the
// assistant's function tool, the language-model tool and the MCP tool so they cannot disagree.
import { parseVerifyMathArguments } from './verifyMathArguments';
import type { VerifyMathRequest, VerifyResult } from './verifyMathTypes';

export interface MathClaimCheck {
  /** The result as JSON, or an error sentence the model can act on. */
  output: string;
  /** The parsed verdict when the arguments were usable. */
  result?: VerifyResult;
  /** True/false when the claim was settled; absent for 'unknown' and for unusable arguments. */
  verified?: boolean;
}

/** Never throws: unusable arguments come back as an error sentence in `output`. */
export function checkMathClaim(rawArguments: string, verifyMath: (request: VerifyMathRequest) => VerifyResult): MathClaimCheck {
  const request = parseVerifyMathArguments(rawArguments);
  if (typeof request === 'string') return { output: request };
  const result = verifyMath(request);
  const passed = result.verdict === 'equivalent' || result.verdict === 'solves';
  const failed = result.verdict === 'not_equivalent' || result.verdict === 'does_not_solve';
  return { output: JSON.stringify(result), result, ...(passed ? { verified: true } : failed ? { verified: false } : {}) };
}
