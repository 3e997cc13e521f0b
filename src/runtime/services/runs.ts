import { seconds } from '../domain/clock';
import { conflict, invalidInput, notFound } from '../domain/errors';
import type { Assistant, Run, RunStep } from '../domain/objects';
import type { CreateRunParams } from '../domain/requests';
import type { RunEventSink } from '../engine/events';
import { publicStep } from '../engine/publicStep';
import type { RunEngine } from '../engine/runEngine';
import type { ObjectStore, Page, PageQuery } from '../store/types';
import type { Conversation } from './threads';

const TERMINAL = new Set(['completed', 'incomplete', 'failed', 'cancelled', 'expired']);

/** Runs and their steps: what a request may do to a run, checked here; the engine runs them. */
export class RunService {
  constructor(
    private readonly store: ObjectStore,
    private readonly threads: Conversation,
    private readonly engine: RunEngine,
  ) {}

  /** Validates and stores a new run (status queued) with its additional messages. */
  async create(threadId: string, params: CreateRunParams, include: string[] = []): Promise<Run> {
    const { store } = this;
    await this.threads.getThread(threadId);
    const assistant = await store.get<Assistant>('assistant', params.assistant_id);
    if (!assistant) throw notFound('assistant', params.assistant_id, 'assistant_id');
    const instructions = [params.instructions ?? assistant.instructions, params.additional_instructions].filter(Boolean).join('\n\n');
    const { recorder } = this.engine;
    const created = recorder.now();
    return await store.transaction(async () => {
      // Checked inside the transaction that adds the run, with the thread read (and, on PostgreSQL,
      // locked) there too, so two requests at once cannot both pass.
      await this.threads.getThread(threadId);
      const active = await this.threads.activeRun(threadId);
      if (active) throw conflict(`Thread ${threadId} already has an active run ${active.id}.`);
      const run: Run = {
        id: recorder.newId('run'),
        object: 'thread.run',
        created_at: created,
        thread_id: threadId,
        assistant_id: assistant.id,
        status: 'queued',
        required_action: null,
        last_error: null,
        expires_at: created + seconds(this.engine.limits.runExpiryMs),
        started_at: null,
        cancelled_at: null,
        failed_at: null,
        completed_at: null,
        incomplete_details: null,
        model: params.model ?? assistant.model,
        instructions,
        tools: (params.tools ?? assistant.tools) as Run['tools'],
        metadata: params.metadata ?? {},
        usage: null,
        temperature: params.temperature ?? assistant.temperature ?? null,
        top_p: params.top_p ?? assistant.top_p ?? null,
        max_prompt_tokens: params.max_prompt_tokens ?? null,
        max_completion_tokens: params.max_completion_tokens ?? null,
        truncation_strategy: (params.truncation_strategy ?? { type: 'auto', last_messages: null }) as Run['truncation_strategy'],
        tool_choice: (params.tool_choice ?? 'auto') as Run['tool_choice'],
        parallel_tool_calls: params.parallel_tool_calls ?? true,
        response_format: (params.response_format ?? assistant.response_format ?? 'auto') as Run['response_format'],
      };
      await store.insert('run', run, { thread_id: threadId });
      // Claimed by this instance, which goes on to execute it: a run is never live without a lease.
      await this.engine.leases.claim(run.id);
      for (const m of params.additional_messages ?? []) await this.threads.insertMessage(threadId, m);
      recorder.startExtras(run.id, include);
      return run;
    });
  }

  /** Starts a created run; resolves when it is terminal or waits for tool outputs. */
  start(run: Run, sink?: RunEventSink): Promise<void> {
    return this.engine.start(run, sink);
  }

  /** Returns the run, first settling an expired requires_action (its timer may not have fired yet). */
  async get(threadId: string, runId: string): Promise<Run> {
    const run = await this.store.get<Run>('run', runId);
    if (!run || run.thread_id !== threadId) throw notFound('run', runId);
    return this.engine.settleExpiry(run);
  }

  async list(threadId: string, page: PageQuery): Promise<Page<Run>> {
    await this.threads.getThread(threadId);
    return await this.store.list<Run>('run', { thread_id: threadId }, page);
  }

  async modify(threadId: string, runId: string, metadata: Run['metadata'] | undefined): Promise<Run> {
    const run = await this.get(threadId, runId);
    return (await this.store.update('run', { ...run, metadata: metadata ?? run.metadata })) as Run;
  }

  /**
   * Checks tool outputs for a run in requires_action (every pending call answered, nothing else).
   * Returns `resume`, which records them and continues the run, emitting to the given sink; a bad
   * submission throws here, before any stream has started.
   */
  async submitToolOutputs(threadId: string, runId: string, outputs: { tool_call_id?: string; output?: string }[]): Promise<{ resume(sink?: RunEventSink): Promise<{ run: Run; done: Promise<void> }> }> {
    const run = await this.get(threadId, runId);
    if (run.status !== 'requires_action' || !run.required_action) {
      throw conflict(`Runs in status "${run.status}" do not accept tool outputs.`, null);
    }
    const pending = run.required_action.submit_tool_outputs.tool_calls.map((c) => c.id);
    const given = new Map<string, string>();
    for (const [i, o] of outputs.entries()) {
      if (!o.tool_call_id) throw invalidInput(`Missing required parameter: 'tool_outputs[${i}].tool_call_id'.`, `tool_outputs[${i}].tool_call_id`);
      if (!pending.includes(o.tool_call_id)) throw invalidInput(`No tool call found with id '${o.tool_call_id}'.`, `tool_outputs[${i}].tool_call_id`);
      given.set(o.tool_call_id, o.output ?? '');
    }
    const missing = pending.filter((id) => !given.has(id));
    if (missing.length) throw invalidInput(`Expected tool outputs for call_ids ${JSON.stringify(pending)}, got ${JSON.stringify([...given.keys()])}`, 'tool_outputs');
    return { resume: (sink) => this.engine.resume(run, given, sink) };
  }

  /** Cancels a run; a run already cancelling stays so, a finished one cannot be. */
  async cancel(threadId: string, runId: string): Promise<Run> {
    const run = await this.get(threadId, runId);
    if (run.status === 'cancelling') return run;
    if (TERMINAL.has(run.status)) throw conflict(`Cannot cancel run with status '${run.status}'.`);
    return this.engine.cancel(run);
  }

  async listSteps(threadId: string, runId: string, page: PageQuery, include: string[]): Promise<Page<RunStep>> {
    const run = await this.get(threadId, runId);
    const steps = await this.store.list<RunStep>('run_step', { run_id: run.id }, page);
    return { ...steps, data: steps.data.map((s) => publicStep(s, include)) };
  }

  async getStep(threadId: string, runId: string, stepId: string, include: string[]): Promise<RunStep> {
    const run = await this.get(threadId, runId);
    const step = await this.store.get<RunStep>('run_step', stepId);
    if (!step || step.run_id !== run.id) throw notFound('run step', stepId);
    return publicStep(step, include);
  }
}
