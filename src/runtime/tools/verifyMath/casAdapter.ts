// What verify_math needs from a computer algebra system. The checking logic (verifyWithCas.ts)
// is written against this, so the CAS could be measured and swapped without touching it.

/**
 * A real number, or why there is none at this point: `sqrt(-1)` is not real, `0/0` is undefined,
 * `1/0` and `10^400` are not finite in floating point.
 */
export type NumericValue = number | 'not real' | 'undefined' | 'not finite';

export type Point = Readonly<Record<string, number>>;

export interface CasAdapter<E> {
  /**
   * Reads one expression (no relation operators). `variables` are names to keep whole rather than
   * read as a product of letters. Throws an Error whose message says what could not be read.
   */
  parse(text: string, variables: readonly string[]): E;
  /** The free variables, without constants such as pi and e. */
  variables(expr: E): string[];
  substitute(expr: E, values: ReadonlyMap<string, E>): E;
  /**
   * The exact value of `a − b` after simplification, when the CAS can reduce it to a constant:
   * 0 proves the two equal, another number proves them different, NaN means undefined (0/0).
   * `undefined` when it stays symbolic, or when the constant is only a floating-point estimate.
   */
  exactDifference(a: E, b: E): number | undefined;
  /** An evaluator for many numeric points. */
  numeric(expr: E): (point: Point) => NumericValue;
  /**
   * Runs one whole check so that what the CAS learns while parsing it (`f` is a function, after
   * `f(x)`) is forgotten afterwards and cannot break the next, unrelated request.
   */
  isolated<T>(check: () => T): T;
}
