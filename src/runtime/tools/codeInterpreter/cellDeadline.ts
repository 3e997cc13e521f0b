/**
 * The stop rules every engine applies to a running cell: at the time limit, or when the run is
 * cancelled, interrupt it (the interpreter raises KeyboardInterrupt and keeps its state); if it
 * has not stopped `graceMs` later, kill the interpreter (state lost). `start` sends the cell and
 * hands over `settle`, which the engine calls with the cell's outcome.
 */
export async function awaitCell<O>(options: {
  timeoutMs: number;
  graceMs: number;
  signal?: AbortSignal | undefined;
  interrupt(): void;
  kill(): void;
  start(settle: (outcome: O) => void): void;
}): Promise<{ outcome: O; reason?: 'timeout' | 'cancelled' }> {
  let reason: 'timeout' | 'cancelled' | undefined;
  const outcome = await new Promise<O>((resolve) => {
    let hard: NodeJS.Timeout | undefined;
    const interrupt = (why: 'timeout' | 'cancelled') => {
      reason ??= why;
      options.interrupt();
      hard ??= setTimeout(() => options.kill(), options.graceMs);
    };
    const soft = setTimeout(() => interrupt('timeout'), options.timeoutMs);
    const onAbort = () => interrupt('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    options.start((value) => {
      clearTimeout(soft);
      clearTimeout(hard);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
  return { outcome, ...(reason ? { reason } : {}) };
}
