import { type Clock, seconds } from '../domain/clock';
import type { IdSource } from '../domain/ids';
import type { Message, Run, RunStep } from '../domain/objects';
import type { ObjectStore } from '../store/types';
import type { ToolSource } from '../tools/builtinTool';
import { assertNever } from '../domain/assertNever';
import type { RunEvent, RunEventSink } from './events';
import { publicStep } from './publicStep';

/** What an active run carries between its model calls: its include[] and what its tools produced that the answer may cite. */
export interface RunExtras {
  include: string[];
  sources: ToolSource[];
}

export type StepEnd = 'completed' | 'cancelled' | 'failed' | 'expired';

/**
 * The one writer of a run's objects: it makes their ids and timestamps, saves them, opens and
 * finishes steps with their events, and keeps each active run's extras. The run loop and each
 * turn of it record through it.
 */
export class RunRecorder {
  private readonly extras = new Map<string, RunExtras>();

  constructor(
    readonly store: ObjectStore,
    private readonly ids: IdSource,
    private readonly clock: Clock,
    /** While streaming, the growing message is saved this often so a crash loses little. */
    readonly saveEveryMs: number,
  ) {}

  newId(kind: 'message' | 'run_step' | 'call' | 'run'): string {
    return this.ids(kind);
  }

  /** Unix seconds, as every `*_at` field has it. */
  now(): number {
    return seconds(this.clock());
  }

  clockMs(): number {
    return this.clock();
  }

  async save<T extends { id: string; object: string }>(object: T): Promise<T> {
    const kind = object.object === 'thread.run' ? 'run' : object.object === 'thread.run.step' ? 'run_step' : 'message';
    await this.store.update(kind, object);
    return object;
  }

  /** The run as stored now (a cancel may have changed it meanwhile), or `fallback`. */
  async current(run: Run): Promise<Run> {
    return await this.store.get<Run>('run', run.id) ?? run;
  }

  async steps(runId: string): Promise<RunStep[]> {
    return (await this.store.list<RunStep>('run_step', { run_id: runId }, { limit: 100, order: 'asc' })).data;
  }

  async openStep(run: Run, details: RunStep['step_details'], sink: RunEventSink): Promise<RunStep> {
    const step: RunStep = {
      id: this.newId('run_step'), object: 'thread.run.step', created_at: this.now(),
      assistant_id: run.assistant_id, thread_id: run.thread_id, run_id: run.id,
      type: details.type, status: 'in_progress', step_details: details, last_error: null,
      expired_at: null, cancelled_at: null, failed_at: null, completed_at: null, metadata: null, usage: null,
    };
    await this.store.insert('run_step', step, { thread_id: run.thread_id, run_id: run.id });
    sink.emit({ event: 'thread.run.step.created', data: step });
    sink.emit({ event: 'thread.run.step.in_progress', data: step });
    return step;
  }

  /** Stores the assistant's message a turn starts writing, empty and in progress. */
  async openMessage(run: Run, id: string): Promise<Message> {
    const message: Message = {
      id, object: 'thread.message', created_at: this.now(), thread_id: run.thread_id,
      status: 'in_progress', incomplete_details: null, completed_at: null, incomplete_at: null, role: 'assistant',
      content: [], assistant_id: run.assistant_id, run_id: run.id, attachments: [], metadata: {},
    };
    return await this.store.insert('message', message, { thread_id: run.thread_id, run_id: run.id });
  }

  async finishStep(step: RunStep, status: StepEnd, sink: RunEventSink, lastError?: RunStep['last_error']): Promise<RunStep> {
    const now = this.now();
    const done = await this.save({
      ...step,
      status,
      ...(status === 'completed' ? { completed_at: now } : status === 'cancelled' ? { cancelled_at: now } : status === 'failed' ? { failed_at: now, last_error: lastError ?? null } : { expired_at: now }),
    } as RunStep);
    const data = publicStep(done, this.extras.get(step.run_id)?.include);
    sink.emit(stepEndEvent(status, data));
    return done;
  }

  /** Ends every step of the run still in progress (no listener is told). */
  async finishOpenSteps(runId: string, status: StepEnd, sink: RunEventSink): Promise<void> {
    for (const step of (await this.steps(runId)).filter((s) => s.status === 'in_progress')) await this.finishStep(step, status, sink);
  }

  startExtras(runId: string, include: string[]): void {
    this.extras.set(runId, { include, sources: [] });
  }

  extrasOf(runId: string): RunExtras {
    let extras = this.extras.get(runId);
    if (!extras) this.extras.set(runId, (extras = { include: [], sources: [] }));
    return extras;
  }

  dropExtras(runId: string): void {
    this.extras.delete(runId);
  }

  /** Writes what the run recorded to disk now (the end of a run is worth an fsync). */
  persist(): void {
    this.store.driver.persist(true);
  }
}

function stepEndEvent(status: StepEnd, data: RunStep): RunEvent {
  switch (status) {
    case 'completed':
      return { event: 'thread.run.step.completed', data };
    case 'cancelled':
      return { event: 'thread.run.step.cancelled', data };
    case 'failed':
      return { event: 'thread.run.step.failed', data };
    case 'expired':
      return { event: 'thread.run.step.expired', data };
    default:
      return assertNever(status);
  }
}
