import type { Logger } from '../../domain/clock';

type Work = (signal: AbortSignal) => Promise<void>;

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Background work keyed by what it works on (one vector store file), run a few at a time so a
 * 2,000-file batch does not read 2,000 files at once. At most one job per key runs: scheduling a
 * key again aborts the running job and starts the new one only after the old one has settled, so
 * an aborted job's clean-up can never undo its successor's work.
 *
 * @example
 *   const jobs = new JobQueue(4, logger);
 *   jobs.schedule('vs_1:file-a', async (signal) => { await ingest(signal); });
 *   await jobs.idle();
 */
export class JobQueue {
  private readonly waiting: { key: string; work: Work; controller: AbortController }[] = [];
  private readonly running = new Map<string, Running>();
  private closed = false;

  constructor(
    private readonly parallel: number,
    private readonly logger: Logger,
  ) {}

  schedule(key: string, work: Work): void {
    if (this.closed) return;
    this.cancel(key);
    this.waiting.push({ key, work, controller: new AbortController() });
    // After the current call stack: the caller's transaction commits before any job reads its rows.
    queueMicrotask(() => this.pump());
  }

  /** Aborts the key's job if it runs, and drops it if it waits; true when a waiting one was dropped. */
  cancel(key: string): boolean {
    this.running.get(key)?.controller.abort();
    const i = this.waiting.findIndex((w) => w.key === key);
    if (i >= 0) this.waiting.splice(i, 1);
    return i >= 0;
  }

  /** Cancels every job whose key starts with `prefix` (all files of one store); returns the waiting ones it dropped. */
  cancelWhere(prefix: string): string[] {
    const keys = [...new Set([...this.running.keys(), ...this.waiting.map((w) => w.key)])].filter((key) => key.startsWith(prefix));
    return keys.filter((key) => this.cancel(key));
  }

  /** The keys of jobs not started yet. */
  waitingKeys(): string[] {
    return this.waiting.map((w) => w.key);
  }

  /** Resolves once nothing waits or runs (jobs scheduled meanwhile are waited for too). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.waiting.length > 0) {
      await Promise.all([...this.running.values()].map((r) => r.done));
      // Jobs scheduled by a settling job start on a microtask; give them the chance.
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.pump();
    }
  }

  /** Aborts everything and waits for running jobs to settle. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    for (const r of this.running.values()) r.controller.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.parallel) {
      const next = this.waiting.findIndex((w) => !this.running.has(w.key));
      if (next < 0) return;
      const [{ key, work, controller }] = this.waiting.splice(next, 1) as [(typeof this.waiting)[number]];
      const done = work(controller.signal)
        .catch((err: unknown) => this.logger.error(`background job ${key} failed`, err))
        .finally(() => {
          this.running.delete(key);
          this.pump();
        });
      this.running.set(key, { controller, done });
    }
  }
}
