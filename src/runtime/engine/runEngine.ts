import { ProviderError, type ProviderFactory } from '../../providers/types';
import { assertNever } from '../domain/assertNever';
import { conflict } from '../domain/errors';
import type { Clock, Logger } from '../domain/clock';
import type { IdSource } from '../domain/ids';
import type { Run } from '../domain/objects';
import type { ObjectStore } from '../store/types';
import type { BuiltinTool } from '../tools/builtinTool';
import type { FunctionCall } from './builtinCalls';
import { type RunEvent, type RunEventSink, silentSink } from './events';
import { RunRecorder } from './recorder';
import { runLoop, type LoopEnd } from './runLoop';
import { RunFailure, toLastError } from './runFailure';
import { LIVE_STATUSES, settleOrphan } from './orphans';
import { Leases } from '../store/leases';
import { CANCEL_CHANNEL, RunWatch } from './runWatch';
import { ToolOutputWait } from './toolOutputWait';

export { RunFailure } from './runFailure';

export interface EngineLimits {
  /** Model calls one run may make before it is stopped as a runaway tool loop. */
  maxModelCalls: number;
  /** How long a run waits in requires_action for tool outputs (OpenAI: 10 minutes). */
  requiresActionMs: number;
  /** A run's expires_at, counted from creation. */
  runExpiryMs: number;
  /** While streaming, the growing message is saved this often so a crash loses little. */
  saveEveryMs: number;
  /**
   * How long a run's lease lasts without a heartbeat (renewed every third of it): on a shared
   * database, the runs of an instance that died are settled by another within about 1⅓ of this.
   */
  leaseMs: number;
}

export const DEFAULT_LIMITS: EngineLimits = { maxModelCalls: 16, requiresActionMs: 10 * 60_000, runExpiryMs: 10 * 60_000, saveEveryMs: 1_000, leaseMs: 15_000 };

export interface EngineDeps {
  store: ObjectStore;
  providers: ProviderFactory;
  tools: BuiltinTool[];
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  limits: EngineLimits;
  /** The leases this instance holds on the database (default: its own, under a new instance name). */
  leases?: Leases;
}

/**
 * Runs runs: moves each through OpenAI's statuses around the model loop (runLoop.ts), waits for
 * function outputs with an expiry, cancels, and settles what a crash left behind. Each active run
 * owns an AbortController, so cancel reaches the provider request itself. A run being executed
 * holds a lease in the database (store/leases.ts), so instances sharing a database know who executes
 * it: a cancel on any of them reaches the one that does (runWatch.ts).
 */
export class RunEngine {
  private readonly active = new Map<string, AbortController>();
  /** Runs this instance has claimed (a subset of `active`): a lease it no longer holds stops them. */
  private readonly claimed = new Set<string>();
  /** Runs whose lease another instance settled: this one stops without writing over that. */
  private readonly lost = new Set<string>();
  private readonly waits: ToolOutputWait;
  readonly recorder: RunRecorder;
  readonly leases: Leases;
  private readonly watch: RunWatch;
  private stopped: Promise<void> | undefined;

  constructor(private readonly deps: EngineDeps) {
    this.recorder = new RunRecorder(deps.store, deps.ids, deps.clock, deps.limits.saveEveryMs);
    this.leases = deps.leases ?? new Leases(deps.store.driver, deps.limits.leaseMs);
    this.waits = new ToolOutputWait(this.recorder, deps.clock, deps.logger);
    this.watch = new RunWatch({
      recorder: this.recorder,
      leases: this.leases,
      logger: deps.logger,
      engine: {
        executing: () => this.claimed,
        abortLocal: (runId, why) => this.abortLocal(runId, why),
        settleExpiry: (run) => this.settleExpiry(run),
      },
    });
  }

  /** Starts the heartbeat and listens for cancels from other instances (after recover()). */
  startWatch(): Promise<void> {
    return this.watch.start();
  }

  /** Who takes over other work whose instance died (vector store indexing), told by the heartbeat. */
  onOrphanedWork(take: (workIds: string[]) => Promise<void>): void {
    this.watch.otherWork = take;
  }

  /** One heartbeat now (tests; the watch runs them on its own every third of a lease). */
  heartbeat(): Promise<void> {
    return this.watch.tick();
  }

  get limits(): EngineLimits {
    return this.deps.limits;
  }

  /** Starts executing a queued run. Resolves when the run is terminal or waits for tool outputs. */
  start(run: Run, sink: RunEventSink = silentSink): Promise<void> {
    sink.emit({ event: 'thread.run.created', data: run });
    sink.emit({ event: 'thread.run.queued', data: run });
    return this.execute(run, sink);
  }

  /** Records the client's function outputs in the waiting step and continues the run. */
  async resume(run: Run, outputs: ReadonlyMap<string, string>, sink: RunEventSink = silentSink): Promise<{ run: Run; done: Promise<void> }> {
    this.waits.clear(run.id);
    const { recorder } = this;
    // One transaction from requires_action to queued-and-claimed: two submissions at once (on
    // two instances) cannot both resume the run.
    const queued = await this.deps.store.transaction(async () => {
      const current = await recorder.current(run);
      if (current.status !== 'requires_action') throw conflict(`Runs in status "${current.status}" do not accept tool outputs.`, null);
      const step = (await recorder.steps(run.id)).find((s) => s.status === 'in_progress' && s.type === 'tool_calls');
      if (step && step.step_details.type === 'tool_calls') {
        for (const call of step.step_details.tool_calls) if (call.type === 'function' && outputs.has(call.id)) call.function.output = outputs.get(call.id)!;
        await recorder.finishStep(step, 'completed', sink);
      }
      await this.leases.claim(run.id);
      return await recorder.save<Run>({ ...current, status: 'queued', required_action: null });
    });
    sink.emit({ event: 'thread.run.queued', data: queued });
    return { run: queued, done: this.execute(queued, sink) };
  }

  /**
   * Cancels a live run. Waiting for tool outputs (nobody executes it), it ends at once; executed by
   * this or another instance, it becomes cancelling and the executor, told through the database,
   * aborts its provider request and ends it; if its executor's lease ran out, it ends here.
   */
  async cancel(run: Run): Promise<Run> {
    const { recorder } = this;
    const cancelling = await this.deps.store.transaction(async () => {
      const current = await recorder.current(run);
      if (!(LIVE_STATUSES as readonly string[]).includes(current.status) || current.status === 'cancelling') return current;
      const marked = await recorder.save<Run>({ ...current, status: 'cancelling' });
      // Executed here, or by an instance whose lease is live (on SQLite nobody renews leases: `active` tells).
      const executing = this.active.has(run.id) || this.leases.live(await this.leases.of(run.id));
      if (current.status !== 'requires_action' && executing) {
        await this.deps.store.driver.notify(CANCEL_CHANNEL, run.id);
        return marked;
      }
      this.waits.clear(run.id);
      await recorder.finishOpenSteps(run.id, 'cancelled', silentSink);
      await this.leases.release(run.id);
      await recorder.save<Run>({ ...marked, status: 'cancelled', cancelled_at: recorder.now(), required_action: null, expires_at: null });
      return marked;
    });
    this.abortLocal(run.id, 'cancelled'); // Executed here: no need to wait for the notification.
    return cancelling;
  }

  /** The run, first settling an expired requires_action (its timer may not have fired yet). */
  settleExpiry(run: Run): Promise<Run> {
    return this.waits.settle(run);
  }

  /**
   * Settles runs a crash left behind; call once at start-up before serving. A database only this
   * process uses (SQLite) has nobody else executing anything: every live run is settled. On a
   * shared one (PostgreSQL) other instances may be executing runs: only those whose lease ran out
   * (or that never had one) are, and requires_action runs only once their wait is over.
   */
  async recover(): Promise<{ runs: number }> {
    const { store } = this.deps;
    const shared = store.driver.shared;
    if (!shared) await this.leases.clear();
    const now = this.recorder.clockMs();
    let runs = 0;
    for (const run of await store.withStatus<Run>('run', [...LIVE_STATUSES])) {
      const orphan = async (current: Run): Promise<boolean> => {
        if (!shared) return true;
        if (current.status === 'requires_action') return !!current.expires_at && current.expires_at * 1000 <= now;
        return !this.leases.live(await this.leases.of(current.id));
      };
      if (await settleOrphan(this.recorder, this.leases, run.id, orphan)) runs++;
    }
    return { runs };
  }

  /** Aborts every run in flight and stops the heartbeat (shutdown). */
  abortAll(): void {
    this.stopped ??= this.watch.stop();
    for (const c of this.active.values()) c.abort(new ProviderError('aborted', 'Runtime shutting down'));
    this.waits.clearAll();
  }

  private abortLocal(runId: string, why: 'cancelled' | 'lease_lost'): void {
    const controller = this.active.get(runId);
    if (!controller) return;
    if (why === 'lease_lost') {
      this.lost.add(runId);
      this.deps.logger.warn(`Run ${runId}: another instance settled it (this one missed its heartbeats); stopping it here.`);
    }
    controller.abort(new ProviderError('aborted', why === 'cancelled' ? 'Run cancelled' : 'Lease lost'));
  }

  /** Resolves when no run is in flight (and, after abortAll, the heartbeat has stopped). */
  async idle(): Promise<void> {
    while (this.active.size) await new Promise((r) => setTimeout(r, 10));
    await this.stopped;
  }

  private async execute(initial: Run, sink: RunEventSink): Promise<void> {
    const { recorder } = this;
    const controller = new AbortController();
    this.active.set(initial.id, controller);
    let run: Run = initial;
    try {
      // Queued → in_progress, with the lease, in one transaction: a cancel that came first
      // (from any instance) is found here rather than overwritten.
      run = await this.deps.store.transaction(async () => {
        const current = await recorder.current(initial);
        if (current.status !== 'queued') return current;
        await this.leases.claim(initial.id);
        return await recorder.save<Run>({ ...current, status: 'in_progress', started_at: current.started_at ?? recorder.now() });
      });
      if (run.status !== 'in_progress') {
        // Cancelled before it started: it ends cancelled here. Anything else was settled elsewhere
        // (its lease ran out before this instance got to it): that stands.
        if (run.status !== 'cancelling') this.lost.add(initial.id);
        throw new ProviderError('aborted', `Run ${run.id} was ${run.status} before it started`);
      }
      this.claimed.add(initial.id);
      sink.emit({ event: 'thread.run.in_progress', data: run });
      const end = await runLoop({ ...this.deps, recorder, maxModelCalls: this.deps.limits.maxModelCalls }, run, controller.signal, sink);
      run = await this.settle(end, sink);
    } catch (err) {
      run = await this.settleFailure(await recorder.current(run), err, sink);
    } finally {
      this.active.delete(initial.id);
      this.claimed.delete(initial.id);
      // Not executing it any more: waiting for tool outputs, or over (unless another instance took it).
      if (!this.lost.delete(initial.id)) await this.leases.release(initial.id).catch((err: unknown) => this.deps.logger.error(`Releasing run ${initial.id} failed`, err));
      // A run waiting for tool outputs keeps its extras; any other end drops them.
      if (run.status !== 'requires_action') recorder.dropExtras(initial.id);
      recorder.persist();
      sink.end();
    }
  }

  private async settle(end: LoopEnd, sink: RunEventSink): Promise<Run> {
    switch (end.status) {
      case 'completed':
      case 'incomplete':
        return this.finishRun(end.run, end.status, sink, end.extra);
      case 'requires_action':
        return await this.requireAction(end.run, end.calls, sink);
      default:
        return assertNever(end);
    }
  }

  private async finishRun(run: Run, status: 'completed' | 'incomplete', sink: RunEventSink, extra: Partial<Run> = {}): Promise<Run> {
    const done = await this.recorder.save<Run>({ ...run, ...extra, status, completed_at: status === 'completed' ? this.recorder.now() : null, expires_at: null, required_action: null });
    const event: RunEvent = status === 'completed' ? { event: 'thread.run.completed', data: done } : { event: 'thread.run.incomplete', data: done };
    sink.emit(event);
    return done;
  }

  private async requireAction(run: Run, calls: FunctionCall[], sink: RunEventSink): Promise<Run> {
    // Rounded up: expires_at is whole seconds, and a run must get at least the full wait.
    const expiresAt = Math.ceil((this.deps.clock() + this.deps.limits.requiresActionMs) / 1000);
    const waiting = await this.recorder.save<Run>({
      ...run,
      status: 'requires_action',
      expires_at: expiresAt,
      required_action: {
        type: 'submit_tool_outputs',
        submit_tool_outputs: { tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: c.function.arguments } })) },
      },
    });
    this.waits.schedule(waiting);
    sink.emit({ event: 'thread.run.requires_action', data: waiting });
    return waiting;
  }

  private async settleFailure(run: Run, err: unknown, sink: RunEventSink): Promise<Run> {
    // Another instance settled it when this one's lease ran out: its word stands.
    if (this.lost.has(run.id)) return run;
    const now = this.recorder.now();
    if (run.status === 'cancelling' || (err instanceof ProviderError && err.kind === 'aborted')) {
      const cancelled = await this.recorder.save<Run>({ ...run, status: 'cancelled', cancelled_at: now, expires_at: null, required_action: null });
      sink.emit({ event: 'thread.run.cancelled', data: cancelled });
      return cancelled;
    }
    const lastError = toLastError(err);
    if (!(err instanceof RunFailure) && !(err instanceof ProviderError)) this.deps.logger.error(`run ${run.id} crashed`, err);
    const failed = await this.recorder.save<Run>({ ...run, status: 'failed', failed_at: now, expires_at: null, required_action: null, last_error: lastError });
    sink.emit({ event: 'thread.run.failed', data: failed });
    return failed;
  }
}
