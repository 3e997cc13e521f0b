/**
 * Polls `check` every `everyMs` until it returns a value (anything but undefined); rejects naming
 * `what` after `timeoutMs`. Limits are loose: the CPU is shared with everything else a suite runs.
 *
 * @example
 *   const run = await until('the run to end', async () => { const r = await get(); return r.status === 'completed' ? r : undefined; }, 30_000);
 */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
