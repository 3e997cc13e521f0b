import { ProviderError, type ChatRequest, type ProviderFactory } from '../../../providers/types';
import { seconds, type Clock, type Logger } from '../../domain/clock';
import type { IdSource } from '../../domain/ids';
import { shownItem } from '../../domain/items';
import type { Leases } from '../../store/leases';
import type { ObjectStore } from '../../store/types';
import type { BuiltinTool, ToolContext } from '../../tools/builtinTool';
import { containerCitations, runResponseBuiltin, type BuiltinFindings } from './builtinRun';
import type { ItemLog } from './itemLog';
import type { ResponseErrorCode, ResponseObject, StoredResponse } from './responseObject';
import { chatToolChoice, offeredTools } from './responseTools';
import { ResponseTurn, type ResponseEventData } from './responseTurn';

export interface ResponseEngineDeps {
  store: ObjectStore;
  providers: ProviderFactory;
  items: ItemLog;
  ids: IdSource;
  clock: Clock;
  logger: Logger;
  /** The runtime's built-in tools (code interpreter, file search); a response uses those it names. */
  tools: readonly BuiltinTool[];
  /** Model calls one response may make before it is stopped as a runaway tool loop. */
  maxModelCalls: number;
  /** On a shared database, whose instance executes which response (absent: one instance only). */
  leases?: Leases | undefined;
}

/** A response's lease id: other instances settle it if this one dies (runWatch's `otherWork`). */
export const responseWork = (id: string): string => `response:${id}`;

/** The channel a cancel on any instance is announced on (payload: the response id). */
export const RESPONSE_CANCEL_CHANNEL = 'response_cancel';

/** What a response's code interpreter runs in: the container (its session key) and its files. */
export interface CodeResources {
  containerId: string;
  fileIds: string[];
}

/** A response ready to execute: its stored record and what the model is asked. */
export interface ResponseJob {
  record: StoredResponse;
  request: ChatRequest;
  /** Whether anything is written (the request's `store`). */
  persist: boolean;
  /** Where its code interpreter runs, when it has one. */
  code?: CodeResources | undefined;
}

/** Where a response's events go while it runs: the stream of the request that made it, or a follower's. */
export interface ResponseEventSink {
  emit(event: ResponseEventData & { sequence_number: number }): void;
  end(): void;
  /** Whether the client went away. */
  gone?(): boolean;
}

/** A response executing here: its events so far (a stream can resume from any of them) and who follows. */
interface Live {
  controller: AbortController;
  log: (ResponseEventData & { sequence_number: number })[];
  followers: Set<ResponseEventSink>;
  ended: boolean;
  done: Promise<ResponseObject>;
}

/** How long a finished response's events stay for a client resuming its stream (`starting_after`). */
const KEEP_EVENTS_MS = 5 * 60_000;

/**
 * Executes responses: one model call each, streamed as the Responses API's events, then stored
 * with its output items (in its conversation, or owned by the response). A response the client
 * cancels ends `cancelled` with what was written so far; a provider failure ends it `failed`
 * with the reason.
 */
export class ResponseEngine {
  private readonly live = new Map<string, Live>();

  constructor(private readonly deps: ResponseEngineDeps) {}

  /** Starts executing; `sink` (the creating request's stream) sees every event from the first. */
  start(job: ResponseJob, sink?: ResponseEventSink): Promise<ResponseObject> {
    const live: Live = { controller: new AbortController(), log: [], followers: new Set(sink ? [sink] : []), ended: false, done: Promise.resolve(job.record.response) };
    this.live.set(job.record.id, live);
    const leases = this.deps.store.driver.shared ? this.deps.leases : undefined;
    const work = responseWork(job.record.id);
    const executed = leases ? leases.claim(work).then(() => this.execute(job, live)).finally(() => leases.release(work).catch(() => undefined)) : this.execute(job, live);
    live.done = executed.finally(() => {
      live.ended = true;
      for (const follower of live.followers) follower.end();
      live.followers.clear();
      setTimeout(() => this.live.delete(job.record.id), KEEP_EVENTS_MS).unref();
    });
    return live.done;
  }

  /**
   * Follows a response executing (or lately executed) here from after event `startingAfter`: the
   * events logged so far, then the rest as they come. False when this instance has no events for it.
   */
  follow(id: string, startingAfter: number, sink: ResponseEventSink): boolean {
    const live = this.live.get(id);
    if (!live) return false;
    for (const event of live.log) if (event.sequence_number > startingAfter) sink.emit(event);
    if (live.ended) sink.end();
    else live.followers.add(sink);
    return true;
  }

  /** Stops a response executing here and waits for it to settle; undefined when it is not running here. */
  async cancel(id: string): Promise<ResponseObject | undefined> {
    const live = this.live.get(id);
    if (!live || live.ended) return undefined;
    live.controller.abort(new ProviderError('aborted', 'Response cancelled'));
    return await live.done;
  }

  /** Hears cancels announced by other instances: a response executing here stops. */
  async listen(): Promise<void> {
    this.unlisten = await this.deps.store.driver.listen(RESPONSE_CANCEL_CHANNEL, (id) => {
      const live = this.live.get(id);
      if (live && !live.ended) live.controller.abort(new ProviderError('aborted', 'Response cancelled'));
    });
  }

  /** Whether this instance is executing the response now. */
  executing(id: string): boolean {
    const live = this.live.get(id);
    return !!live && !live.ended;
  }

  /** Aborts every response in flight (shutdown) and waits for them to be stored. */
  async abortAll(): Promise<void> {
    const running = [...this.live.values()].filter((l) => !l.ended);
    for (const l of running) l.controller.abort(new ProviderError('aborted', 'The runtime is shutting down'));
    await Promise.allSettled(running.map((l) => l.done));
    await this.unlisten?.();
  }

  private unlisten: (() => Promise<void>) | undefined;

  private async execute(job: ResponseJob, live: Live): Promise<ResponseObject> {
    const { record } = job;
    const response = record.response;
    let sequence = 0;
    const emit = (data: ResponseEventData) => {
      const event = { ...data, sequence_number: sequence++ };
      live.log.push(event);
      for (const follower of live.followers) follower.emit(event);
    };
    const snapshot = () => ({ ...response, output: response.output.map((i) => structuredClone(shownItem(i, record.include ?? []))) });
    emit({ type: 'response.created', response: snapshot() });
    if (response.status === 'queued') emit({ type: 'response.queued', response: snapshot() });
    response.status = 'in_progress';
    emit({ type: 'response.in_progress', response: snapshot() });
    // A background response is polled (and may be cancelled from another instance): its record says it has begun.
    if (job.persist && record.status === 'queued') await this.deps.store.update<StoredResponse>('response', { ...record, status: 'in_progress' }, { urgent: true });

    const include = record.include ?? [];
    const signal = live.controller.signal;
    const usage = { input: 0, output: 0 };
    let failure: unknown;
    let cut = false;
    try {
      cut = await this.modelLoop(job, { emit, signal, include, usage });
    } catch (err) {
      failure = err;
    }
    response.usage = { input_tokens: usage.input, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: usage.output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: usage.input + usage.output };
    if (failure === undefined) {
      response.status = cut ? 'incomplete' : 'completed';
      if (response.status === 'completed') response.completed_at = seconds(this.deps.clock());
      else response.incomplete_details = { reason: 'max_output_tokens' };
    } else if (signal.aborted) {
      response.status = 'cancelled';
    } else {
      response.status = 'failed';
      response.error = errorOf(failure);
      this.deps.logger.warn(`Response ${record.id} failed: ${response.error.message}`);
    }
    if (job.persist) await this.save(record).catch((err: unknown) => this.deps.logger.error(`Storing response ${record.id} failed`, err));
    // A cancelled response's stream just ends: the spec has no event for it.
    if (response.status === 'completed') emit({ type: 'response.completed', response: snapshot() });
    else if (response.status === 'incomplete') emit({ type: 'response.incomplete', response: snapshot() });
    else if (response.status === 'failed') emit({ type: 'response.failed', response: snapshot() });
    return response;
  }

  /**
   * Calls the model, runs the built-in calls it makes (their results read back to it), and calls
   * it again, until it answers, asks for a function the client runs, or is cut short; true when
   * cut short (max_output_tokens). Output items go straight into the response.
   */
  private async modelLoop(job: ResponseJob, run: { emit: (data: ResponseEventData) => void; signal: AbortSignal; include: string[]; usage: { input: number; output: number } }): Promise<boolean> {
    const response = job.record.response;
    const { chatTools, builtins } = offeredTools(response.tools, this.deps.tools);
    const findings: BuiltinFindings = { cited: new Map(), files: [] };
    const messages = [...job.request.messages];
    const context = this.toolContext(job, run.signal);
    let toolCalls = 0;
    for (let call = 1; ; call++) {
      if (call > this.deps.maxModelCalls) throw new Error(`The model kept calling tools: stopped after ${this.deps.maxModelCalls} model calls in one response. Ask a narrower question; the limit keeps a looping model from running up cost.`);
      const toolsLeft = response.max_tool_calls === null || toolCalls < response.max_tool_calls;
      const request: ChatRequest = {
        ...job.request,
        messages,
        ...(chatTools.length && toolsLeft ? { tools: chatTools, tool_choice: call === 1 ? chatToolChoice(response.tool_choice, builtins) : 'auto', parallel_tool_calls: response.parallel_tool_calls } : {}),
      };
      const turn = new ResponseTurn(this.deps.ids, run.emit, response.output, builtins, { containerId: job.code?.containerId, citedFiles: findings.cited });
      let failure: unknown;
      try {
        for await (const chunk of this.deps.providers(request.model).streamChat(request, run.signal)) turn.take(chunk);
      } catch (err) {
        failure = err;
      }
      run.usage.input += turn.inputTokens;
      run.usage.output += turn.outputTokens;
      const cut = failure !== undefined || turn.finish === 'length';
      turn.close(cut ? 'incomplete' : 'completed', (text) => containerCitations(text, findings, job.code?.containerId));
      if (failure !== undefined) throw failure;
      if (cut) return true;
      const pending = turn.builtinCalls();
      if (pending.length === 0) return false;
      messages.push(turn.assistantMessage());
      for (const [i, builtin] of pending.entries()) {
        toolCalls++;
        let output: string;
        try {
          output = await runResponseBuiltin(builtin, { turn, emit: run.emit, logger: this.deps.logger, include: run.include, findings }, context);
        } catch (err) {
          // Cancelled: the calls not run yet end incomplete too, so no item is left in progress.
          for (const left of pending.slice(i + 1)) turn.endBuiltin(left, 'incomplete', shownItem(left.item, run.include));
          throw err;
        }
        messages.push({ role: 'tool', tool_call_id: builtin.item.id, content: output });
      }
      // Function calls wait for the client: the response ends with them.
      if (turn.functionCalls().length > 0) return false;
    }
  }

  /** What the built-in tools of a response may touch: its container's files, its file_search tool's stores. */
  private toolContext(job: ResponseJob, signal: AbortSignal): ToolContext {
    const response = job.record.response;
    const search = response.tools.find((t) => t.type === 'file_search');
    return {
      // The code interpreter keeps one Python session per key: a response's is its container's.
      threadId: job.code?.containerId ?? job.record.id,
      runId: job.record.id,
      signal,
      codeFileIds: job.code?.fileIds ?? [],
      vectorStoreIds: search?.type === 'file_search' ? search.vector_store_ids : [],
      ...(search?.type === 'file_search' ? { fileSearch: { ...(search.max_num_results ? { max_num_results: search.max_num_results } : {}), ...(search.ranking_options ? { ranking_options: { score_threshold: search.ranking_options.score_threshold ?? 0, ...(search.ranking_options.ranker ? { ranker: search.ranking_options.ranker } : {}) } } : {}) } } : {}),
      include: [],
    };
  }

  private async save(record: StoredResponse): Promise<void> {
    const { store, items } = this.deps;
    await store.transaction(async () => {
      if (record.thread_id) await items.appendToThread(record.thread_id, record.response.output);
      else await items.appendToResponse(record.id, record.response.output);
      await store.update<StoredResponse>('response', { ...record, status: record.response.status }, { urgent: true });
    });
  }
}

function errorOf(err: unknown): { code: ResponseErrorCode; message: string } {
  if (err instanceof ProviderError) {
    const code: ResponseErrorCode = err.kind === 'rate_limit' ? 'rate_limit_exceeded' : err.kind === 'bad_request' ? 'invalid_prompt' : 'server_error';
    return { code, message: `The model provider failed (${err.kind}): ${err.message}` };
  }
  return { code: 'server_error', message: err instanceof Error ? err.message : String(err) };
}
