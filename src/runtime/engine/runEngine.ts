import { ProviderError, type ProviderFactory } from '../../providers/types';
import { assertNever } from '../domain/assertNever';
import type { Clock, Logger } from '../domain/clock';
import type { IdSource } from '../domain/ids';
import type { Message, Run, RunStep } from '../domain/objects';
import type { ObjectStore } from '../store/types';
import type { BuiltinTool } from '../tools/builtinTool';
import type { FunctionCall } from './builtinCalls';
import { type RunEvent, type RunEventSink, silentSink } from './events';
import { RunRecorder } from './recorder';
import { runLoop, type LoopEnd } from './runLoop';
import { RunFailure, toLastError } from './runFailure';

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
}

export const DEFAULT_LIMITS: EngineLimits = { maxModelCalls: 16, requiresActionMs: 10 * 60_000, runExpiryMs: 10 * 60_000, saveEveryMs: 1_000 };

export interface EngineDeps {
  store: ObjectStore;
  providers: ProviderFactory;
  tools: BuiltinTool[];
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  limits: EngineLimits;
}

/**
 * Runs runs: moves each through OpenAI's statuses around the model loop (runLoop.ts), waits for
 * function outputs with an expiry, cancels, and settles what a crash left behind. Each active run
 * owns an AbortController, so cancel reaches the provider request itself.
 */
export class RunEngine {
  private readonly active = new Map<string, AbortController>();
  private readonly expiryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly recorder: RunRecorder;

  constructor(private readonly deps: EngineDeps) {
    this.recorder = new RunRecorder(deps.store, deps.ids, deps.clock, deps.limits.saveEveryMs);
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
    this.clearExpiry(run.id);
    const step = (await this.recorder.steps(run.id)).find((s) => s.status === 'in_progress' && s.type === 'tool_calls');
    if (step && step.step_details.type === 'tool_calls') {
      for (const call of step.step_details.tool_calls) if (call.type === 'function' && outputs.has(call.id)) call.function.output = outputs.get(call.id)!;
      await this.recorder.finishStep(step, 'completed', sink);
    }
    const queued = await this.recorder.save<Run>({ ...run, status: 'queued', required_action: null });
    sink.emit({ event: 'thread.run.queued', data: queued });
    return { run: queued, done: this.execute(queued, sink) };
  }

  /** Cancels an active run: in flight, its provider request is aborted; waiting for tools, it ends at once. */
  async cancel(run: Run): Promise<Run> {
    const cancelling = await this.recorder.save<Run>({ ...run, status: 'cancelling' });
    const controller = this.active.get(run.id);
    if (controller) controller.abort(new ProviderError('aborted', 'Run cancelled'));
    else {
      this.clearExpiry(run.id);
      await this.recorder.finishOpenSteps(run.id, 'cancelled', silentSink);
      await this.recorder.save<Run>({ ...cancelling, status: 'cancelled', cancelled_at: this.recorder.now(), required_action: null, expires_at: null });
    }
    return cancelling;
  }

  /** The run, first settling an expired requires_action (its timer may not have fired yet). */
  async settleExpiry(run: Run): Promise<Run> {
    if (run.status === 'requires_action' && run.expires_at && run.expires_at * 1000 <= this.deps.clock()) return await this.expire(run);
    return run;
  }

  /** Resolves runs a crash left behind; call once at start-up before serving. */
  async recover(): Promise<{ runs: number }> {
    const { store } = this.deps;
    const { recorder } = this;
    const stuck = await store.withStatus<Run>('run', ['queued', 'in_progress', 'cancelling', 'requires_action']);
    const now = recorder.now();
    for (const run of stuck) {
      for (const step of (await recorder.steps(run.id)).filter((s) => s.status === 'in_progress')) {
        await recorder.save({ ...step, status: run.status === 'cancelling' ? 'cancelled' : 'failed', ...(run.status === 'cancelling' ? { cancelled_at: now } : { failed_at: now }) } as RunStep);
      }
      for (const msg of (await store.withStatus<Message>('message', ['in_progress'])).filter((m) => m.run_id === run.id)) {
        await recorder.save<Message>({ ...msg, status: 'incomplete', incomplete_at: now, incomplete_details: { reason: 'run_failed' } });
      }
      if (run.status === 'cancelling') await recorder.save<Run>({ ...run, status: 'cancelled', cancelled_at: now, expires_at: null });
      else if (run.status === 'requires_action') await recorder.save<Run>({ ...run, status: 'expired', required_action: null, expires_at: null });
      else {
        await recorder.save<Run>({
          ...run, status: 'failed', failed_at: now, expires_at: null,
          last_error: { code: 'server_error', message: 'The Assistants runtime stopped while this run was in progress. Start a new run to continue.' },
        });
      }
    }
    return { runs: stuck.length };
  }

  /** Aborts every run in flight (shutdown). */
  abortAll(): void {
    for (const c of this.active.values()) c.abort(new ProviderError('aborted', 'Runtime shutting down'));
    for (const t of this.expiryTimers.values()) clearTimeout(t);
    this.expiryTimers.clear();
  }

  /** Resolves when no run is in flight. */
  async idle(): Promise<void> {
    while (this.active.size) await new Promise((r) => setTimeout(r, 10));
  }

  private async execute(initial: Run, sink: RunEventSink): Promise<void> {
    const { recorder } = this;
    const controller = new AbortController();
    this.active.set(initial.id, controller);
    let run: Run = await recorder.save<Run>({ ...initial, status: 'in_progress', started_at: initial.started_at ?? recorder.now() });
    sink.emit({ event: 'thread.run.in_progress', data: run });
    try {
      const end = await runLoop({ ...this.deps, recorder, maxModelCalls: this.deps.limits.maxModelCalls }, run, controller.signal, sink);
      run = await this.settle(end, sink);
    } catch (err) {
      run = await this.settleFailure(await recorder.current(run), err, sink);
    } finally {
      this.active.delete(initial.id);
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
    this.scheduleExpiry(waiting);
    sink.emit({ event: 'thread.run.requires_action', data: waiting });
    return waiting;
  }

  private async settleFailure(run: Run, err: unknown, sink: RunEventSink): Promise<Run> {
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

  private scheduleExpiry(run: Run): void {
    const delay = Math.max(0, (run.expires_at ?? 0) * 1000 - this.deps.clock());
    const timer = setTimeout(() => {
      this.expiryTimers.delete(run.id);
      void (async () => {
        const current = await this.deps.store.get<Run>('run', run.id);
        if (current?.status === 'requires_action') await this.expire(current);
      })().catch((err: unknown) => this.deps.logger.error(`Expiring run ${run.id} failed`, err));
    }, delay);
    timer.unref?.();
    this.expiryTimers.set(run.id, timer);
  }

  private clearExpiry(runId: string): void {
    const t = this.expiryTimers.get(runId);
    if (t) clearTimeout(t);
    this.expiryTimers.delete(runId);
  }

  private async expire(run: Run): Promise<Run> {
    this.clearExpiry(run.id);
    await this.recorder.finishOpenSteps(run.id, 'expired', silentSink);
    return await this.recorder.save<Run>({ ...run, status: 'expired', required_action: null, expires_at: null });
  }
}
