// verify_math: checks an equivalence or a solution the model (or the student) claims, so the
// tutor can say "that step is right" with evidence instead of its own arithmetic.
//
// Which CAS, by measurement (issue #5 §4). The 97-case corpus in test/runtime/tools/verifyMath/verifyMathCases.ts
// (65 cases, plus 32 notation variants written before either CAS ran them) went through this
// same checker (verifyWithCas.ts) with an adapter for each:
//
//                                 right verdicts   also proved by exact   bundle (esbuild,
//                                 of 97            simplification         minified, node cjs)
//   @cortex-js/compute-engine     97               65                     3356 KiB (972 gzip)
//   mathjs + our LaTeX rewriter   97               46                      671 KiB (195 gzip)
//   mathjs without the rewriter   45 (9 of the 32 variants)
//
// Verdicts tie because the numeric check carries whatever simplification cannot. The Compute
// Engine wins on coverage: it proves 40% more of the cases exactly (mathjs's simplify does
// not expand (x+1)² − (x²+2x+1), and folds sqrt(2)² − 2 to 4e-16 in floating point), and its own
// parser reads LaTeX and the plain notation models write (3x, 2(x+1), x**2, \sin^2 x, |x|,
// \log_2 8), where mathjs needed a 190-line rewriter of ours to maintain. It also ran the
// corpus in under half mathjs's time (4.0 s against 9.4 s). The price is bundle size, five times
// mathjs's, so load this module lazily (its own bundle entry, as dist/runtime.js is), not at
// activation.
import { computeEngineCas } from './computeEngineCas';
import { verifyWithCas } from './verifyWithCas';
import type { VerifyMathRequest, VerifyResult } from './verifyMathTypes';

export type { VerifyMathRequest, VerifyResult } from './verifyMathTypes';

/** Never throws: unreadable input comes back as verdict 'unknown' with the reason. */
export function verifyMath(request: VerifyMathRequest): VerifyResult {
  return verifyWithCas(computeEngineCas, request);
}
