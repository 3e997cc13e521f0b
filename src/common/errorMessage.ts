/** What went wrong, in words: an Error's message (API errors from the SDK carry a clean one), or the thrown value itself. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
