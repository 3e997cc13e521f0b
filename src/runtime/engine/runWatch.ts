import type { Logger } from '../domain/clock';
import type { Run } from '../domain/objects';
import { settleOrphan } from './orphans';
import type { RunRecorder } from './recorder';
import type { Leases } from '../store/leases';

/** The part of the engine the watch drives. */
export interface WatchedEngine {
  /** Runs this instance has claimed and is executing now. */
  executing(): ReadonlySet<string>;
  /** Stops a run executing here: asked to cancel, or its lease was lost to another instance. */
  abortLocal(runId: string, why: 'cancelled' | 'lease_lost'): void;
  /** Settles a requires_action run whose wait for tool outputs is over (a dead instance's timer). */
  settleExpiry(run: Run): Promise<Run>;
}

/** Lease ids of runs are the run ids; other work's have a prefix ending in ':' (`file:`), which no run id has. */
const isRunWork = (workId: string): boolean => !workId.includes(':');

/** The channel a cancel on any instance is announced on (payload: the run id). */
export const CANCEL_CHANNEL = 'run_cancel';

/**
 * What keeps runs honest when several instances share a database: a
 * heartbeat renews this instance's leases, a cancel announced by any instance stops the run here,
 * and runs whose instance stopped renewing are settled. The heartbeat comes every third of a
 * lease, so a dead instance's runs are settled within about 1⅓ leases of its last renewal.
 */
export class RunWatch {
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticking: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  /** Told of expired leases on work other than runs (`file:` ids: indexing), to take it over. */
  otherWork: ((workIds: string[]) => Promise<void>) | undefined;

  constructor(
    private readonly deps: { recorder: RunRecorder; leases: Leases; engine: WatchedEngine; logger: Logger },
  ) {}

  async start(): Promise<void> {
    const { recorder, leases, engine } = this.deps;
    this.unlisten = await recorder.store.driver.listen(CANCEL_CHANNEL, (runId) => engine.abortLocal(runId, 'cancelled'));
    // A database one process uses has no other instance to outlive or hear from: start-up
    // recovery and the run's own timers cover it, and an idle editor makes no queries.
    if (!recorder.store.driver.shared) return;
    this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(leases.leaseMs / 3)));
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  /** One heartbeat: renew, stop what must stop here, settle what nobody executes. */
  tick(): Promise<void> {
    this.ticking ??= this.beat().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async beat(): Promise<void> {
    const { recorder, leases, engine, logger } = this.deps;
    try {
      const held = await leases.renew();
      for (const id of engine.executing()) if (!held.has(id)) engine.abortLocal(id, 'lease_lost');
      // A cancel whose notification was missed (the listening connection was down) still lands.
      for (const run of await recorder.store.withStatus<Run>('run', ['cancelling'])) engine.abortLocal(run.id, 'cancelled');
      const expired = await leases.expired();
      for (const runId of expired.filter(isRunWork)) {
        if (engine.executing().has(runId)) continue;
        const settled = await settleOrphan(recorder, leases, runId, async () => !leases.live(await leases.of(runId)));
        if (settled) logger.warn(`Run ${runId} was left by an instance that stopped renewing its lease: now ${settled.status}.`);
      }
      const other = expired.filter((id) => !isRunWork(id));
      if (other.length) await this.otherWork?.(other);
      const now = recorder.clockMs();
      for (const run of await recorder.store.withStatus<Run>('run', ['requires_action'])) {
        if (run.expires_at && run.expires_at * 1000 <= now) await engine.settleExpiry(run);
      }
    } catch (err) {
      logger.warn(`The run heartbeat failed (${(err as Error).message}); trying again on the next one.`);
    }
  }
}
