import type { Clock, Logger } from '../domain/clock';
import type { Run } from '../domain/objects';
import { silentSink } from './events';
import type { RunRecorder } from './recorder';

/**
 * The wait of a run in requires_action for the client's tool outputs: it expires at the run's
 * expires_at. A timer ends it on time in the instance that started the wait; any instance ends it
 * when it reads the run after that time, or on its heartbeat (the starting instance may be gone).
 */
export class ToolOutputWait {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly recorder: RunRecorder,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Expires the run at its expires_at unless cleared first. */
  schedule(run: Run): void {
    const delay = Math.max(0, (run.expires_at ?? 0) * 1000 - this.clock());
    const timer = setTimeout(() => {
      this.timers.delete(run.id);
      this.expire(run).catch((err: unknown) => this.logger.error(`Expiring run ${run.id} failed`, err));
    }, delay);
    timer.unref?.();
    this.timers.set(run.id, timer);
  }

  clear(runId: string): void {
    clearTimeout(this.timers.get(runId));
    this.timers.delete(runId);
  }

  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** The run, first settling an expired requires_action (its timer may not have fired yet). */
  async settle(run: Run): Promise<Run> {
    if (run.status === 'requires_action' && run.expires_at && run.expires_at * 1000 <= this.clock()) return await this.expire(run);
    return run;
  }

  /** Ends the wait: re-read in a transaction, so a submission or another instance's expiry that came first wins. */
  private async expire(run: Run): Promise<Run> {
    this.clear(run.id);
    const { recorder } = this;
    return await recorder.store.transaction(async () => {
      const current = await recorder.current(run);
      if (current.status !== 'requires_action') return current;
      await recorder.finishOpenSteps(run.id, 'expired', silentSink);
      return await recorder.save<Run>({ ...current, status: 'expired', required_action: null, expires_at: null });
    });
  }
}
