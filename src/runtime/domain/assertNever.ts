/** Ends an exhaustive switch: a case left out makes `value` not `never`, which fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
