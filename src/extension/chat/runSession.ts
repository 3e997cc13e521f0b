import type OpenAI from 'openai';
import type { AssistantStream } from 'openai/lib/AssistantStream';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { ToolCallView, TranscriptMessage, WebviewNotifications } from '../../common/protocol';
import { annotationViews, type CitationSource } from './annotationViews';
import type { ProviderFailure } from './errorAdvice';
import type { ApprovalDecision, ApprovalRequest, FunctionCall, WorkspaceFunctions } from '../functions';
import { finishedCallFields, imageDataUrls, type ImageSource } from './toolCallViews';
import { errorMessage } from '../../common/errorMessage';

export interface RunSessionDeps {
  client: OpenAI;
  threadId: string;
  functions: WorkspaceFunctions;
  broadcast<K extends keyof WebviewNotifications>(method: K, params: WebviewNotifications[K]): void;
  /** The answer's text deltas, posted to the views in batches. */
  deltas: { queue(messageId: string, text: string): void; flush(): void };
  /** A readable name for a file id (the workspace path for knowledge files). */
  fileName(fileId: string): Promise<string>;
  /** Where a finished answer's citation chips point (file and quoted passage), for opening them on click. */
  onCitations(messageId: string, sources: CitationSource[]): void;
  /**
   * The embedded runtime's provider failure during this run (its kind and the provider's own
   * words), when there was one. Read once, when the run has failed.
   */
  providerFailure(): ProviderFailure | undefined;
  warn(message: string): void;
}

export interface RunOutcome {
  status: string;
  /** Why a failed run failed, from one source: the provider's own report, else the run's `last_error`. */
  failure?: RunFailure;
}

/** A failed run's cause, as the chat's notice needs it (see failedRunNotice). */
export type RunFailure = { provider: ProviderFailure } | { lastError: { code: string; message: string } };

type LiveCall = ToolCallView & { startedAt: number; messageId?: string; lastSent: number; timer?: ReturnType<typeof setTimeout> };

/** Tool-call cards refresh at most this often while code streams in. */
const CALL_REFRESH_MS = 50;

/**
 * One answer, from the first event to the end: streams it into the transcript, shows every tool
 * call as it happens, and when the run stops for function calls, runs them here (asking the user
 * first for side effects) and continues the run with their outputs — as many rounds as it takes.
 */
export class RunSession {
  runId: string | undefined;
  stopped = false;
  private stream: AssistantStream | undefined;
  /** The answer's messages, in order; the one still streaming is last. */
  private readonly messages: TranscriptMessage[] = [];
  private streaming: TranscriptMessage | undefined;
  private readonly calls = new Map<string, LiveCall>();
  private readonly approvals = new Map<string, (decision: ApprovalDecision) => void>();
  /** Calls made before any answer text (the usual case): they join the next message. */
  private unowned: ToolCallView[] = [];

  private readonly image: ImageSource;

  constructor(private readonly deps: RunSessionDeps) {
    this.image = imageDataUrls(deps.client, deps.warn);
  }

  /** The answer so far: the messages this run wrote, with their tool calls. */
  get answerSoFar(): readonly TranscriptMessage[] {
    return this.messages;
  }

  /** Calls made so far that no answer message holds yet (shown above the answer to come). */
  get pendingCalls(): readonly ToolCallView[] {
    return this.unowned;
  }

  /**
   * Follows the stream (and every continuation after function outputs) to the run's end. A
   * message still streaming then is marked incomplete, on the page too.
   */
  async drive(first: AssistantStream): Promise<RunOutcome> {
    const outcome = await this.follow(first);
    this.deps.deltas.flush();
    const message = this.streaming;
    if (message && message.status === 'streaming') {
      message.status = 'incomplete';
      this.deps.broadcast('chat/assistantEnd', { messageId: message.id, status: 'incomplete' });
    }
    return outcome.status === 'failed' ? { status: 'failed', failure: this.failure(outcome.lastError) } : { status: outcome.status };
  }

  private async follow(first: AssistantStream): Promise<{ status: string; lastError?: { code: string; message: string } }> {
    let stream = first;
    for (;;) {
      this.listen(stream);
      let run: Run;
      try {
        run = await stream.finalRun();
      } catch (err) {
        return this.stopped ? { status: 'cancelled' } : { status: 'failed', lastError: { code: 'server_error', message: errorMessage(err) } };
      }
      this.runId = run.id;
      if (run.status !== 'requires_action' || this.stopped) return { status: run.status, ...(run.last_error ? { lastError: run.last_error } : {}) };
      const outputs = await this.runFunctions(run);
      if (this.stopped) return { status: 'cancelled' };
      stream = this.deps.client.beta.threads.runs.submitToolOutputsStream(run.id, { thread_id: this.deps.threadId, tool_outputs: outputs });
    }
  }

  /**
   * One cause per failed run. The provider's own report wins: the runtime's `last_error` for the
   * same failure repeats it with advice meant for plain API clients. Without one, the run's
   * `last_error` (the runtime's own decision, or whatever a remote server says).
   */
  private failure(lastError: { code: string; message: string } | undefined): RunFailure | undefined {
    const provider = this.deps.providerFailure();
    if (provider) return { provider };
    return lastError ? { lastError } : undefined;
  }

  /** Stop: cancel the run, refuse pending approvals, and end the stream. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const resolve of this.approvals.values()) resolve('deny');
    const runId = this.runId ?? this.stream?.currentRun()?.id;
    try {
      if (runId) await this.deps.client.beta.threads.runs.cancel(runId, { thread_id: this.deps.threadId });
    } catch (err) {
      this.deps.warn(`Cancel failed: ${errorMessage(err)}`);
    }
    this.stream?.abort();
  }

  /** The user answered an approval card; false if no such card is waiting. */
  answer(callId: string, decision: ApprovalDecision): boolean {
    const resolve = this.approvals.get(callId);
    if (!resolve) return false;
    this.approvals.delete(callId);
    resolve(decision);
    return true;
  }

  private listen(stream: AssistantStream): void {
    this.stream = stream;
    stream
      .on('runStepCreated', (step) => (this.runId = step.run_id))
      .on('messageCreated', (m) => {
        this.runId = m.run_id ?? this.runId;
        this.streaming = { id: m.id, role: 'assistant', text: '', status: 'streaming', createdAt: Date.now(), ...(this.unowned.length ? { toolCalls: this.unowned } : {}) };
        this.unowned = [];
        for (const view of this.calls.values()) view.messageId ??= m.id;
        this.messages.push(this.streaming);
        this.deps.broadcast('chat/assistantStart', { messageId: m.id });
      })
      .on('textDelta', (delta) => {
        if (!this.streaming || !delta.value) return;
        this.streaming.text += delta.value;
        this.deps.deltas.queue(this.streaming.id, delta.value);
      })
      .on('messageDone', (m) => {
        if (!this.streaming) return;
        this.deps.deltas.flush();
        const message = this.streaming;
        message.status = m.status === 'completed' ? 'complete' : 'incomplete';
        this.deps.broadcast('chat/assistantEnd', { messageId: message.id, status: message.status });
        void this.annotate(message, m);
      })
      .on('toolCallCreated', (call) => {
        const view: LiveCall = {
          id: call.id, kind: call.type, name: call.type === 'function' ? call.function.name : call.type,
          arguments: '', status: 'running', startedAt: Date.now(), lastSent: 0, ...(this.streaming ? { messageId: this.streaming.id } : {}),
        };
        this.calls.set(call.id, view);
        this.send(view, true);
      })
      .on('toolCallDelta', (_delta, snapshot) => {
        const view = this.calls.get(snapshot.id);
        if (!view || snapshot.type !== 'code_interpreter') return;
        view.arguments = snapshot.code_interpreter.input;
        this.send(view, false);
      })
      .on('toolCallDone', (call) => void this.callDone(call));
  }

  private async callDone(call: ToolCall): Promise<void> {
    const view = this.calls.get(call.id);
    if (!view) return;
    view.durationMs = Date.now() - view.startedAt;
    // A function call ends the stream waiting for us ('waiting'): it runs in runFunctions.
    Object.assign(view, await finishedCallFields(call, this.image));
    this.send(view, true);
  }

  /** Runs the run's function calls side by side (parallel calls), each shown on its card. */
  private async runFunctions(run: Run): Promise<{ tool_call_id: string; output: string }[]> {
    const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
    return Promise.all(
      calls.map(async (c) => {
        const call: FunctionCall = { id: c.id, name: c.function.name, arguments: c.function.arguments };
        const view = this.calls.get(c.id) ?? this.newFunctionView(call);
        view.status = 'running';
        view.startedAt = Date.now();
        this.send(view, true);
        const result = this.stopped ? { output: 'The user stopped the answer.' } : await this.deps.functions.run(call);
        view.output = result.output;
        view.durationMs = Date.now() - view.startedAt;
        view.status = this.stopped ? 'cancelled' : 'done';
        if (result.verified !== undefined) view.verified = result.verified;
        if (result.approval && view.approval) view.approval = { ...view.approval, state: result.approval };
        this.send(view, true);
        return { tool_call_id: c.id, output: result.output };
      }),
    );
  }

  /** Shows the approval card on the call and waits for the user's answer (or Stop). */
  askApproval(call: FunctionCall, request: ApprovalRequest): Promise<ApprovalDecision> {
    if (this.stopped) return Promise.resolve('deny');
    const view = this.calls.get(call.id) ?? this.newFunctionView(call);
    view.approval = { state: 'pending', preview: request.preview, ...(request.target ? { target: request.target } : {}) };
    view.status = 'waiting';
    this.send(view, true);
    return new Promise((resolve) => this.approvals.set(call.id, resolve));
  }

  private newFunctionView(call: FunctionCall): LiveCall {
    const view: LiveCall = { id: call.id, kind: 'function', name: call.name, arguments: call.arguments, status: 'running', startedAt: Date.now(), lastSent: 0 };
    this.calls.set(call.id, view);
    return view;
  }

  /** Posts a call's card; streaming updates are throttled, state changes go at once. */
  private send(view: LiveCall, now: boolean): void {
    if (view.timer) clearTimeout(view.timer);
    view.timer = undefined;
    const post = () => {
      view.lastSent = Date.now();
      view.timer = undefined;
      this.deps.broadcast('chat/toolCall', { ...(view.messageId ? { messageId: view.messageId } : {}), call: publicView(view) });
    };
    if (now || Date.now() - view.lastSent >= CALL_REFRESH_MS) post();
    else view.timer = setTimeout(post, CALL_REFRESH_MS);
    this.remember(view);
  }

  /** Keeps the call on its message, so a view that reloads shows it too. */
  private remember(view: LiveCall): void {
    const owner = view.messageId ? this.messages.find((m) => m.id === view.messageId) : undefined;
    const list = owner ? (owner.toolCalls ??= []) : this.unowned;
    const at = list.findIndex((c) => c.id === view.id);
    if (at >= 0) list[at] = publicView(view);
    else list.push(publicView(view));
  }

  /** Turns the finished message's annotations into citation chips and file links. */
  private async annotate(message: TranscriptMessage, done: Message): Promise<void> {
    const views = await annotationViews(done, this.deps.fileName);
    if (!views) return;
    this.deps.onCitations(message.id, views.sources);
    message.citations = views.citations;
    message.files = views.files;
    this.deps.broadcast('chat/annotations', { messageId: message.id, citations: views.citations, files: views.files });
  }
}

function publicView(view: LiveCall): ToolCallView {
  const shown: ToolCallView & Partial<LiveCall> = { ...view };
  delete shown.startedAt;
  delete shown.messageId;
  delete shown.lastSent;
  delete shown.timer;
  return shown;
}
