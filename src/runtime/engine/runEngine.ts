import { ProviderError, type ChatTool, type ChatToolChoice, type ProviderFactory } from '../../providers/types';
import { type Clock, type Logger, seconds } from '../domain/clock';
import { Conversation } from '../services/threads';
import { ApiError } from '../http/apiError';
import type { IdSource } from '../domain/ids';
import type { Assistant, Message, Run, RunStep } from '../domain/objects';
import type { CreateRunParams } from '../domain/requests';
import type { ObjectStore } from '../store/types';
import { buildContext } from './context';
import { Turn, type Usage } from './turn';
import { type RunEventSink, silentSink } from './events';
import { toolContextFor } from './toolContext';
import type { BuiltinTool, BuiltinToolResult, ToolSource } from '../tools/builtinTool';

type StepToolCall = Extract<RunStep['step_details'], { type: 'tool_calls' }>['tool_calls'][number];

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

const TERMINAL = new Set(['completed', 'incomplete', 'failed', 'cancelled', 'expired']);

/**
 * Runs a run: builds its context, streams the model, records messages and steps, drives the tool
 * loop, and moves the run through OpenAI's statuses. Each active run owns an AbortController, so
 * cancel reaches the provider request itself.
 */
export class RunEngine {
  private readonly active = new Map<string, AbortController>();
  private readonly expiryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per active run: its include[] and what its tools produced that the answer may cite. */
  private readonly runExtras = new Map<string, { include: string[]; sources: ToolSource[] }>();
  readonly conversation: Conversation;

  constructor(private readonly deps: EngineDeps) {
    this.conversation = new Conversation(deps.store, deps.ids, deps.clock);
  }

  private get now(): number {
    return seconds(this.deps.clock());
  }

  /** Validates and stores a new run (status queued) with its additional messages. */
  createRun(threadId: string, params: CreateRunParams, include: string[] = []): Run {
    const { store } = this.deps;
    this.conversation.getThread(threadId);
    const assistant = store.get<Assistant>('assistant', params.assistant_id);
    if (!assistant) throw ApiError.notFound('assistant', params.assistant_id, 'assistant_id');
    const active = this.conversation.activeRun(threadId);
    if (active) throw ApiError.badRequest(`Thread ${threadId} already has an active run ${active.id}.`);
    const instructions = [params.instructions ?? assistant.instructions, params.additional_instructions].filter(Boolean).join('\n\n');
    const created = this.now;
    return store.transaction(() => {
      const run: Run = {
        id: this.deps.ids('run'),
        object: 'thread.run',
        created_at: created,
        thread_id: threadId,
        assistant_id: assistant.id,
        status: 'queued',
        required_action: null,
        last_error: null,
        expires_at: created + seconds(this.deps.limits.runExpiryMs),
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
      store.insert('run', run, { thread_id: threadId });
      for (const m of params.additional_messages ?? []) this.conversation.insertMessage(threadId, m);
      this.runExtras.set(run.id, { include, sources: [] });
      return run;
    });
  }

  /** Returns the run, first settling an expired requires_action (its timer may not have fired yet). */
  getRun(threadId: string, runId: string): Run {
    const run = this.deps.store.get<Run>('run', runId);
    if (!run || run.thread_id !== threadId) throw ApiError.notFound('run', runId);
    if (run.status === 'requires_action' && run.expires_at && run.expires_at * 1000 <= this.deps.clock()) return this.expire(run);
    return run;
  }

  /** Starts executing a queued run. Resolves when the run is terminal or waits for tool outputs. */
  start(run: Run, sink: RunEventSink = silentSink): Promise<void> {
    sink.emit({ event: 'thread.run.created', data: run });
    sink.emit({ event: 'thread.run.queued', data: run });
    return this.execute(run, sink);
  }

  /**
   * Checks tool outputs for a run in requires_action (every pending call answered, nothing else).
   * Returns `resume`, which records them and continues the run, emitting to the given sink; a bad
   * submission throws here, before any stream has started.
   */
  submitToolOutputs(threadId: string, runId: string, outputs: { tool_call_id?: string; output?: string }[]): { resume(sink?: RunEventSink): { run: Run; done: Promise<void> } } {
    const run = this.getRun(threadId, runId);
    if (run.status !== 'requires_action' || !run.required_action) {
      throw ApiError.badRequest(`Runs in status "${run.status}" do not accept tool outputs.`, null);
    }
    const pending = run.required_action.submit_tool_outputs.tool_calls.map((c) => c.id);
    const given = new Map<string, string>();
    for (const [i, o] of outputs.entries()) {
      if (!o.tool_call_id) throw ApiError.badRequest(`Missing required parameter: 'tool_outputs[${i}].tool_call_id'.`, `tool_outputs[${i}].tool_call_id`);
      if (!pending.includes(o.tool_call_id)) throw ApiError.badRequest(`No tool call found with id '${o.tool_call_id}'.`, `tool_outputs[${i}].tool_call_id`);
      given.set(o.tool_call_id, o.output ?? '');
    }
    const missing = pending.filter((id) => !given.has(id));
    if (missing.length) throw ApiError.badRequest(`Expected tool outputs for call_ids ${JSON.stringify(pending)}, got ${JSON.stringify([...given.keys()])}`, 'tool_outputs');

    return {
      resume: (sink = silentSink) => {
        this.clearExpiry(run.id);
        const step = this.steps(run.id).find((s) => s.status === 'in_progress' && s.type === 'tool_calls');
        if (step && step.step_details.type === 'tool_calls') {
          for (const call of step.step_details.tool_calls) if (call.type === 'function' && given.has(call.id)) call.function.output = given.get(call.id)!;
          this.finishStep(step, 'completed', sink);
        }
        const queued = this.save<Run>({ ...run, status: 'queued', required_action: null });
        sink.emit({ event: 'thread.run.queued', data: queued });
        return { run: queued, done: this.execute(queued, sink) };
      },
    };
  }

  /** Cancels a run: in flight, its provider request is aborted; waiting for tools, it ends at once. */
  cancel(threadId: string, runId: string): Run {
    const run = this.getRun(threadId, runId);
    if (TERMINAL.has(run.status) || run.status === 'cancelling') {
      if (run.status === 'cancelling') return run;
      throw ApiError.badRequest(`Cannot cancel run with status '${run.status}'.`);
    }
    const cancelling = this.save<Run>({ ...run, status: 'cancelling' });
    const controller = this.active.get(run.id);
    if (controller) controller.abort(new ProviderError('aborted', 'Run cancelled'));
    else {
      this.clearExpiry(run.id);
      for (const step of this.steps(run.id).filter((s) => s.status === 'in_progress')) this.finishStep(step, 'cancelled', silentSink);
      this.save<Run>({ ...cancelling, status: 'cancelled', cancelled_at: this.now, required_action: null, expires_at: null });
    }
    return cancelling;
  }

  /** Resolves runs a crash left behind; call once at start-up before serving. */
  recover(): { runs: number } {
    const { store } = this.deps;
    const stuck = store.withStatus<Run>('run', ['queued', 'in_progress', 'cancelling', 'requires_action']);
    const now = this.now;
    for (const run of stuck) {
      for (const step of this.steps(run.id).filter((s) => s.status === 'in_progress')) {
        this.save({ ...step, status: run.status === 'cancelling' ? 'cancelled' : 'failed', ...(run.status === 'cancelling' ? { cancelled_at: now } : { failed_at: now }) } as RunStep);
      }
      for (const msg of store.withStatus<Message>('message', ['in_progress']).filter((m) => m.run_id === run.id)) {
        this.save<Message>({ ...msg, status: 'incomplete', incomplete_at: now, incomplete_details: { reason: 'run_failed' } });
      }
      if (run.status === 'cancelling') this.save<Run>({ ...run, status: 'cancelled', cancelled_at: now, expires_at: null });
      else if (run.status === 'requires_action') this.save<Run>({ ...run, status: 'expired', required_action: null, expires_at: null });
      else {
        this.save<Run>({
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

  private steps(runId: string): RunStep[] {
    return this.deps.store.list<RunStep>('run_step', { run_id: runId }, { limit: 100, order: 'asc' }).data;
  }

  private save<T extends { id: string; object: string }>(object: T): T {
    const kind = object.object === 'thread.run' ? 'run' : object.object === 'thread.run.step' ? 'run_step' : 'message';
    this.deps.store.update(kind, object);
    return object;
  }

  private async execute(initial: Run, sink: RunEventSink): Promise<void> {
    const controller = new AbortController();
    this.active.set(initial.id, controller);
    let run: Run = this.save<Run>({ ...initial, status: 'in_progress', started_at: initial.started_at ?? this.now });
    sink.emit({ event: 'thread.run.in_progress', data: run });
    try {
      run = await this.loop(run, controller.signal, sink);
    } catch (err) {
      run = this.settleFailure(this.deps.store.get<Run>('run', run.id) ?? run, err, sink);
    } finally {
      this.active.delete(initial.id);
      // A run waiting for tool outputs keeps its extras; any other end drops them.
      if (run.status !== 'requires_action') this.runExtras.delete(initial.id);
      this.deps.store.driver.persist(true);
      sink.end();
    }
  }

  private async loop(start: Run, signal: AbortSignal, sink: RunEventSink): Promise<Run> {
    let run = start;
    const { store } = this.deps;
    const assistant = store.get<Assistant>('assistant', run.assistant_id);
    if (!assistant) throw new RunFailure('invalid_prompt', `The assistant ${run.assistant_id} was deleted.`);
    const builtins = new Map(this.deps.tools.filter((t) => run.tools.some((rt) => rt.type === t.type)).map((t) => [t.definition.function.name, t]));
    const chatTools: ChatTool[] = [
      ...[...builtins.values()].map((t) => t.definition),
      ...run.tools.flatMap((t) => (t.type === 'function' ? [{ type: 'function' as const, function: stripNullish(t.function) }] : [])),
    ];
    const provider = this.deps.providers(run.model);
    let calls = this.steps(run.id).filter((s) => s.type === 'tool_calls').length;

    for (;;) {
      if (++calls > this.deps.limits.maxModelCalls) {
        throw new RunFailure('server_error', `The model kept calling tools: stopped after ${this.deps.limits.maxModelCalls} model calls in one run. Ask a narrower question, or break it into steps; the limit is there so a looping model cannot run up cost.`);
      }
      const steps = this.steps(run.id);
      const runMessages = new Map(
        steps.flatMap((s) => (s.step_details.type === 'message_creation' ? [s.step_details.message_creation.message_id] : []))
          .map((id) => [id, store.get<Message>('message', id)] as const)
          .filter((e): e is readonly [string, Message] => !!e[1]),
      );
      const threadMessages = this.threadMessagesBefore(run);
      const context = buildContext({ run, assistant, threadMessages, runSteps: steps, runMessages });
      if ('error' in context) return this.finishRun(run, 'incomplete', sink, { incomplete_details: { reason: 'max_prompt_tokens' } });

      const usedCompletion = run.usage?.completion_tokens ?? 0;
      const completionBudget = run.max_completion_tokens ? run.max_completion_tokens - usedCompletion : null;
      if (completionBudget !== null && completionBudget <= 0) return this.finishRun(run, 'incomplete', sink, { incomplete_details: { reason: 'max_completion_tokens' } });

      const extras = this.extras(run.id);
      const turn = new Turn(this, run, sink, builtins, extras.sources);
      const stream = provider.streamChat(
        {
          model: run.model,
          messages: context.messages,
          ...(chatTools.length ? { tools: chatTools, tool_choice: toChatToolChoice(run.tool_choice, builtins), parallel_tool_calls: run.parallel_tool_calls } : {}),
          ...(run.temperature != null ? { temperature: run.temperature } : {}),
          ...(run.top_p != null ? { top_p: run.top_p } : {}),
          ...(completionBudget !== null ? { max_tokens: completionBudget } : {}),
          ...(run.response_format && run.response_format !== 'auto' ? { response_format: run.response_format as never } : {}),
        },
        signal,
      );
      try {
        for await (const chunk of stream) turn.take(chunk);
      } catch (err) {
        turn.abandon(signal.aborted ? 'cancelled' : 'failed');
        throw err;
      }
      const usage = turn.usage(context.promptTokens);
      run = this.save<Run>({ ...(store.get<Run>('run', run.id) ?? run), usage: addUsage(run.usage, usage) });
      turn.completeMessage(usage);

      if (turn.finish === 'length' && run.max_completion_tokens) {
        turn.markMessageIncomplete();
        return this.finishRun(run, 'incomplete', sink, { incomplete_details: { reason: 'max_completion_tokens' } });
      }
      const toolCalls = turn.toolCalls();
      if (toolCalls.length === 0) return this.finishRun(run, 'completed', sink);

      const step = turn.openToolStep(usage);
      const functionCalls: StepToolCall[] = [];
      for (const call of toolCalls) {
        const tool = builtins.get(call.name);
        if (!tool) {
          functionCalls.push({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments, output: null } });
          continue;
        }
        const input = tool.inputOf(call.arguments);
        turn.flushInput(call.id, input);
        const context = toolContextFor(store, run, signal, extras.include, threadMessages);
        const result = await this.runBuiltin(tool, input, context);
        extras.sources.push(...(result.sources ?? []));
        this.recordBuiltin(step, call.id, tool, input, result, context.fileSearch?.ranking_options, sink);
      }
      if (functionCalls.length === 0) {
        this.finishStep(step, 'completed', sink);
        continue;
      }
      // Rounded up: expires_at is whole seconds, and a run must get at least the full wait.
      const expiresAt = Math.ceil((this.deps.clock() + this.deps.limits.requiresActionMs) / 1000);
      run = this.save<Run>({
        ...run,
        status: 'requires_action',
        expires_at: expiresAt,
        required_action: {
          type: 'submit_tool_outputs',
          submit_tool_outputs: {
            tool_calls: functionCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.type === 'function' ? c.function.name : '', arguments: c.type === 'function' ? c.function.arguments : '' } })),
          },
        },
      });
      this.scheduleExpiry(run);
      sink.emit({ event: 'thread.run.requires_action', data: run });
      return run;
    }
  }

  private threadMessagesBefore(run: Run): Message[] {
    const all: Message[] = [];
    let after: string | undefined;
    for (;;) {
      const page = this.deps.store.list<Message>('message', { thread_id: run.thread_id }, { limit: 100, order: 'asc', ...(after ? { after } : {}) });
      all.push(...page.data);
      if (!page.has_more) break;
      after = page.data[page.data.length - 1]!.id;
    }
    return all.filter((m) => m.run_id !== run.id || m.role === 'user');
  }

  /**
   * Runs a built-in tool. A tool that breaks answers the model with what went wrong (so it can
   * try another way) instead of failing the run; only cancellation stops the run.
   */
  private async runBuiltin(tool: BuiltinTool, input: string, context: ReturnType<typeof toolContextFor>): Promise<BuiltinToolResult> {
    try {
      const result = await tool.execute(input, context);
      context.signal.throwIfAborted();
      return result;
    } catch (err) {
      if (context.signal.aborted) throw context.signal.reason instanceof Error ? context.signal.reason : new ProviderError('aborted', 'Run cancelled');
      this.deps.logger.error(`${tool.type} failed in run ${context.runId}`, err);
      const message = `The ${tool.type} tool failed: ${err instanceof Error ? err.message : String(err)}`;
      return { modelOutput: message, outputs: tool.type === 'code_interpreter' ? [{ type: 'logs', logs: message }] : [] };
    }
  }

  private extras(runId: string): { include: string[]; sources: ToolSource[] } {
    let extras = this.runExtras.get(runId);
    if (!extras) this.runExtras.set(runId, (extras = { include: [], sources: [] }));
    return extras;
  }

  private recordBuiltin(step: RunStep, callId: string, tool: BuiltinTool, input: string, result: BuiltinToolResult, ranking: { ranker?: string; score_threshold: number } | undefined, sink: RunEventSink): void {
    if (step.step_details.type !== 'tool_calls') return;
    const call = step.step_details.tool_calls.find((c) => c.id === callId);
    if (!call) return;
    const index = step.step_details.tool_calls.indexOf(call);
    const { outputs, modelOutput } = result;
    if (tool.type === 'code_interpreter') {
      Object.assign(call, { type: 'code_interpreter', code_interpreter: { input, outputs } });
      sink.emit({ event: 'thread.run.step.delta', data: { id: step.id, object: 'thread.run.step.delta', delta: { step_details: { type: 'tool_calls', tool_calls: [{ index, type: 'code_interpreter', code_interpreter: { outputs: outputs.map((o, i) => ({ index: i, ...(o as object) })) } }] } } } });
    } else {
      Object.assign(call, { type: 'file_search', file_search: { ranking_options: { ranker: ranking?.ranker ?? 'auto', score_threshold: ranking?.score_threshold ?? 0 }, results: outputs } });
    }
    delete (call as { function?: unknown }).function;
    (call as unknown as { model_output: string }).model_output = modelOutput;
    this.save(step);
  }

  finishStep(step: RunStep, status: 'completed' | 'cancelled' | 'failed' | 'expired', sink: RunEventSink, lastError?: RunStep['last_error']): RunStep {
    const now = this.now;
    const done = this.save({
      ...step,
      status,
      ...(status === 'completed' ? { completed_at: now } : status === 'cancelled' ? { cancelled_at: now } : status === 'failed' ? { failed_at: now, last_error: lastError ?? null } : { expired_at: now }),
    } as RunStep);
    sink.emit({ event: `thread.run.step.${status}`, data: publicStep(done, this.runExtras.get(step.run_id)?.include) });
    return done;
  }

  private finishRun(run: Run, status: 'completed' | 'incomplete', sink: RunEventSink, extra: Partial<Run> = {}): Run {
    const done = this.save<Run>({ ...run, ...extra, status, completed_at: status === 'completed' ? this.now : null, expires_at: null, required_action: null });
    sink.emit({ event: `thread.run.${status}`, data: done });
    return done;
  }

  private settleFailure(run: Run, err: unknown, sink: RunEventSink): Run {
    const now = this.now;
    if (run.status === 'cancelling' || (err instanceof ProviderError && err.kind === 'aborted')) {
      const cancelled = this.save<Run>({ ...run, status: 'cancelled', cancelled_at: now, expires_at: null, required_action: null });
      sink.emit({ event: 'thread.run.cancelled', data: cancelled });
      return cancelled;
    }
    const lastError = toLastError(err);
    if (!(err instanceof RunFailure) && !(err instanceof ProviderError)) this.deps.logger.error(`run ${run.id} crashed`, err);
    const failed = this.save<Run>({ ...run, status: 'failed', failed_at: now, expires_at: null, required_action: null, last_error: lastError });
    sink.emit({ event: 'thread.run.failed', data: failed });
    return failed;
  }

  private scheduleExpiry(run: Run): void {
    const delay = Math.max(0, (run.expires_at ?? 0) * 1000 - this.deps.clock());
    const timer = setTimeout(() => {
      this.expiryTimers.delete(run.id);
      const current = this.deps.store.get<Run>('run', run.id);
      if (current?.status === 'requires_action') this.expire(current);
    }, delay);
    timer.unref?.();
    this.expiryTimers.set(run.id, timer);
  }

  private clearExpiry(runId: string): void {
    const t = this.expiryTimers.get(runId);
    if (t) clearTimeout(t);
    this.expiryTimers.delete(runId);
  }

  private expire(run: Run): Run {
    this.clearExpiry(run.id);
    for (const step of this.steps(run.id).filter((s) => s.status === 'in_progress')) this.finishStep(step, 'expired', silentSink);
    return this.save<Run>({ ...run, status: 'expired', required_action: null, expires_at: null });
  }

  /** Used by Turn to create objects with the engine's ids and clock. */
  newId = (kind: 'message' | 'run_step' | 'call'): string => this.deps.ids(kind);
  nowSeconds = (): number => this.now;
  store = (): ObjectStore => this.deps.store;
  saveEvery = (): number => this.deps.limits.saveEveryMs;
  clockMs = (): number => this.deps.clock();
  persist = <T extends { id: string; object: string }>(o: T): T => this.save(o);
}

/** A failure the engine decided on (as opposed to one the provider reported). */
export class RunFailure extends Error {
  constructor(readonly code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt', message: string) {
    super(message);
  }
}

function toLastError(err: unknown): NonNullable<Run['last_error']> {
  if (err instanceof RunFailure) return { code: err.code, message: err.message };
  if (err instanceof ProviderError) {
    // Without its full stop: a sentence of ours follows (it read "…in time.. Check that…").
    const detail = err.message.replace(/\.$/, '');
    switch (err.kind) {
      case 'rate_limit':
        return { code: 'rate_limit_exceeded', message: `The model provider is rate limiting requests: ${detail}. Wait a moment and try again.` };
      case 'auth':
        return { code: 'invalid_prompt', message: `The model provider rejected the API key (${err.status ?? 'auth'}): ${detail}. Set a valid key.` };
      case 'model_not_found':
        return { code: 'invalid_prompt', message: `The model provider does not know this model: ${detail}. Pick another model.` };
      case 'bad_request':
        return { code: 'invalid_prompt', message: `The model provider refused the request: ${detail}.` };
      case 'connection':
        // "did not answer", not "could not reach": a server that stalls mid-stream was reached.
        return { code: 'server_error', message: `The model provider did not answer: ${detail}. Check that it is running and the URL is right.` };
      default:
        return { code: 'server_error', message: `The model provider failed: ${detail}.` };
    }
  }
  return { code: 'server_error', message: 'The Assistants runtime hit an internal error while running this run.' };
}

function addUsage(a: Run['usage'], b: Usage): Usage {
  return { prompt_tokens: (a?.prompt_tokens ?? 0) + b.prompt_tokens, completion_tokens: (a?.completion_tokens ?? 0) + b.completion_tokens, total_tokens: (a?.total_tokens ?? 0) + b.total_tokens };
}

function stripNullish<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null)) as T;
}

function toChatToolChoice(choice: Run['tool_choice'], builtins: Map<string, BuiltinTool>): ChatToolChoice | undefined {
  if (!choice || typeof choice === 'string') return (choice ?? undefined) as ChatToolChoice | undefined;
  if (choice.type === 'function' && choice.function) return { type: 'function', function: { name: choice.function.name } };
  const builtin = [...builtins.values()].find((t) => t.type === choice.type);
  return builtin ? { type: 'function', function: { name: builtin.definition.function.name } } : 'auto';
}

/** The include[] value that asks for file search results' text in run steps. */
export const INCLUDE_SEARCH_CONTENT = 'step_details.tool_calls[*].file_search.results[*].content';

/**
 * A step as the API shows it: internal fields (the model's view of the call and its output)
 * removed, and file search results' text only when `include[]` asked for it, as OpenAI does.
 */
export function publicStep(step: RunStep, include: readonly string[] = []): RunStep {
  if (step.step_details.type !== 'tool_calls') return step;
  const withContent = include.includes(INCLUDE_SEARCH_CONTENT);
  return {
    ...step,
    step_details: {
      ...step.step_details,
      tool_calls: step.step_details.tool_calls.map(({ ...c }) => {
        delete (c as { model_output?: unknown }).model_output;
        delete (c as { model_call?: unknown }).model_call;
        if (c.type === 'file_search' && !withContent && Array.isArray(c.file_search.results)) {
          c.file_search = { ...c.file_search, results: c.file_search.results.map(({ ...r }) => { delete r.content; return r; }) };
        }
        return c;
      }),
    },
  };
}
