import type OpenAI from 'openai';
import type { AssistantStream } from 'openai/lib/AssistantStream';
import * as vscode from 'vscode';
import type { ErrorAction, ThreadView, ToolCallView, TranscriptMessage, WebviewNotifications } from '../common/protocol';
import type { ProviderErrorKind } from '../providers/types';
import { ensureAssistant } from './assistantRegistry';
import type { ChatWebviewHost, HostHandlers } from './chatWebviewHost';
import { actionForProviderError, runErrorAction } from './errorActions';
import { readSettings } from './settings';
import type { ThreadStore } from './threadStore';
import { modeInstructions } from './tutorInstructions';

export interface ChatControllerDeps {
  /** The SDK client for the configured server, and which server that is ('' = embedded). */
  client(): Promise<{ client: OpenAI; server: string }>;
  globalState: vscode.Memento;
  threads: ThreadStore;
  /** Why the provider last failed, when the runtime is embedded (remote servers only say last_error). */
  lastProviderFailure(): ProviderErrorKind | undefined;
  log: vscode.LogOutputChannel;
  /** The extension's version, for the webview's liveness check. */
  version: string;
}

interface ActiveRun {
  threadId: string;
  runId: string | undefined;
  stream: AssistantStream;
  client: OpenAI;
  stopped: boolean;
}

/** Text deltas are posted to the views at most this often (the view renders once per frame anyway). */
const DELTA_FLUSH_MS = 16;

/**
 * The conversation behind every chat view: sends questions through the SDK, streams the answer into
 * each open view, stops runs for real (runs.cancel, then the stream), and keeps the current thread
 * so a view that reloads gets it back whole.
 */
export class ChatController implements vscode.Disposable {
  private readonly hosts = new Set<ChatWebviewHost>();
  private state: ThreadView = { threadId: null, title: 'New conversation', messages: [], mode: readSettings().mode, busy: false };
  private loaded = false;
  private active: ActiveRun | undefined;
  private pendingDelta: { messageId: string; text: string } | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: ChatControllerDeps) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tutor.mode')) {
          this.state.mode = readSettings().mode;
          this.broadcast('chat/mode', { mode: this.state.mode });
        }
      }),
    );
  }

  /** Requests every chat page may make. */
  readonly handlers: HostHandlers = {
    'app/ping': ({ sentAt }) => ({ version: this.deps.version, receivedAt: Math.max(sentAt, Date.now()) }),
    'chat/sync': () => this.sync(),
    'chat/send': ({ text }) => this.send(text),
    'chat/stop': async () => ({ stopped: await this.stop() }),
    'chat/retry': () => this.retry(),
    'chat/setMode': async ({ mode }) => {
      await vscode.workspace.getConfiguration('tutor').update('mode', mode, vscode.ConfigurationTarget.Global);
      this.state.mode = mode;
      this.broadcast('chat/mode', { mode });
      return { mode };
    },
    'chat/action': async ({ action }) => {
      if (action === 'retry') await this.retry();
      else await runErrorAction(action);
      return { done: true };
    },
    'chat/code': async ({ action, code }) => {
      if (action === 'copy') {
        await vscode.env.clipboard.writeText(code);
        return { done: true };
      }
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) {
        void vscode.window.showInformationMessage('Open a file first, then Insert at Cursor puts the code where your cursor is.');
        return { done: false };
      }
      return { done: await editor.edit((b) => editor.selections.forEach((s) => b.replace(s, code))) };
    },
    'chat/openLink': async ({ href }) => {
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(href, true);
      } catch {
        return { opened: false };
      }
      if (!['http', 'https', 'mailto'].includes(uri.scheme)) return { opened: false };
      // openExternal asks the user to confirm unknown domains: VS Code's own link protection.
      return { opened: await vscode.env.openExternal(uri) };
    },
  };

  /** Connects a chat page; it receives every notification from now on. */
  attach(host: ChatWebviewHost): vscode.Disposable {
    this.hosts.add(host);
    const onDispose = host.onDidDispose(() => this.hosts.delete(host));
    return new vscode.Disposable(() => {
      onDispose.dispose();
      this.hosts.delete(host);
    });
  }

  get view(): ThreadView {
    return this.state;
  }

  get busy(): boolean {
    return !!this.active;
  }

  private broadcast<K extends keyof WebviewNotifications>(method: K, params: WebviewNotifications[K]): void {
    for (const host of this.hosts) host.notify(method, params);
  }

  /** The current thread, loaded from the runtime the first time (after a restart or reload). */
  async sync(): Promise<ThreadView> {
    if (!this.loaded) {
      this.loaded = true;
      const meta = this.deps.threads.current();
      if (meta) await this.load(meta.id, meta.title);
    }
    return this.state;
  }

  private async load(threadId: string, title: string): Promise<void> {
    const messages: TranscriptMessage[] = [];
    try {
      const { client } = await this.deps.client();
      for await (const m of client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 })) {
        messages.push({
          id: m.id,
          role: m.role,
          text: m.content.map((c) => (c.type === 'text' ? c.text.value : '')).join('\n'),
          status: m.status === 'incomplete' ? 'incomplete' : 'complete',
          createdAt: m.created_at * 1000,
        });
      }
    } catch (err) {
      this.deps.log.warn(`Could not load thread ${threadId}: ${describe(err)}`);
      if ((err as { status?: number }).status === 404) await this.deps.threads.remove(threadId);
      this.notice(`Could not load this conversation: ${describe(err)}`, 'error', 'openSettings');
      return;
    }
    this.state = { ...this.state, threadId, title, messages, busy: !!this.active };
  }

  private notice(text: string, level: 'info' | 'warning' | 'error', action?: ErrorAction): void {
    this.broadcast('chat/notice', { text, level, ...(action ? { action } : {}) });
  }

  /** Starts a fresh thread (it is created on the first question). */
  async newThread(): Promise<void> {
    if (this.active) await this.stop();
    await this.deps.threads.setCurrent(null);
    this.loaded = true;
    this.state = { threadId: null, title: 'New conversation', messages: [], mode: this.state.mode, busy: false };
    this.broadcast('chat/reset', this.state);
  }

  async switchThread(id: string): Promise<void> {
    if (this.active) await this.stop();
    const meta = this.deps.threads.get(id);
    if (!meta) return;
    await this.deps.threads.setCurrent(id);
    this.loaded = true;
    await this.load(id, meta.title);
    this.broadcast('chat/reset', this.state);
  }

  async deleteThread(id: string): Promise<void> {
    if (this.state.threadId === id) await this.newThread();
    await this.deps.threads.remove(id);
    try {
      const { client } = await this.deps.client();
      await client.beta.threads.delete(id);
    } catch (err) {
      this.deps.log.warn(`Deleting thread ${id} on the server failed: ${describe(err)}`);
    }
  }

  /** Sends a question to the current thread and streams the answer. */
  async send(text: string, options: { echoed?: boolean } = {}): Promise<{ accepted: boolean; notice?: string }> {
    const question = text.trim();
    if (!question) return { accepted: false, notice: 'Type a question first.' };
    if (this.active) return { accepted: false, notice: 'Tutor is still answering. Press Stop (Esc) first, or wait for the answer.' };
    await this.sync();
    const userMessage: TranscriptMessage = { id: `local-${Date.now()}`, role: 'user', text: question, status: 'complete', createdAt: Date.now() };
    this.state.messages.push(userMessage);
    if (!options.echoed) this.broadcast('chat/question', { text: question, id: userMessage.id });
    let client: OpenAI;
    let threadId = this.state.threadId;
    try {
      const c = await this.deps.client();
      client = c.client;
      const assistantId = await ensureAssistant(client, this.deps.globalState, c.server, readSettings().model);
      if (!threadId) {
        threadId = (await client.beta.threads.create()).id;
        const meta = await this.deps.threads.add(threadId, question);
        this.state = { ...this.state, threadId, title: meta.title };
        this.broadcast('chat/title', { title: meta.title });
      }
      const created = await client.beta.threads.messages.create(threadId, { role: 'user', content: question });
      userMessage.id = created.id;
      this.startRun(client, threadId, assistantId);
    } catch (err) {
      this.failBeforeRun(err);
      return { accepted: false };
    }
    return { accepted: true };
  }

  /** Asks again: a new run on the thread (the question is already in it). */
  async retry(): Promise<{ accepted: boolean }> {
    if (this.active || !this.state.threadId) return { accepted: false };
    const last = this.state.messages.at(-1);
    if (last?.role === 'assistant') {
      const question = [...this.state.messages].reverse().find((m) => m.role === 'user');
      return question ? this.send(question.text) : { accepted: false };
    }
    try {
      const c = await this.deps.client();
      const assistantId = await ensureAssistant(c.client, this.deps.globalState, c.server, readSettings().model);
      this.startRun(c.client, this.state.threadId, assistantId);
      return { accepted: true };
    } catch (err) {
      this.failBeforeRun(err);
      return { accepted: false };
    }
  }

  private failBeforeRun(err: unknown): void {
    this.deps.log.error(`Sending failed: ${describe(err)}`);
    const kind = (err as { status?: number }).status === undefined ? 'connection' : undefined;
    const { message, action } = actionForProviderError(kind, undefined);
    this.notice(`${describe(err)} — ${message}`, 'error', action);
  }

  private startRun(client: OpenAI, threadId: string, assistantId: string): void {
    const stream = client.beta.threads.runs.stream(threadId, { assistant_id: assistantId, additional_instructions: modeInstructions(this.state.mode) });
    const active: ActiveRun = { threadId, runId: undefined, stream, client, stopped: false };
    this.active = active;
    this.setBusy(true);
    let current: TranscriptMessage | undefined;
    const calls = new Map<string, ToolCallView & { startedAt: number }>();

    stream
      .on('runStepCreated', (step) => (active.runId = step.run_id))
      .on('messageCreated', (m) => {
        active.runId = m.run_id ?? active.runId;
        current = { id: m.id, role: 'assistant', text: '', status: 'streaming', createdAt: Date.now() };
        this.state.messages.push(current);
        this.broadcast('chat/assistantStart', { messageId: m.id });
      })
      .on('textDelta', (delta) => {
        if (!current || !delta.value) return;
        current.text += delta.value;
        this.queueDelta(current.id, delta.value);
      })
      .on('messageDone', (m) => {
        if (!current) return;
        this.flushDelta();
        current.status = m.status === 'completed' ? 'complete' : 'incomplete';
        this.broadcast('chat/assistantEnd', { messageId: current.id, status: current.status });
      })
      .on('toolCallCreated', (call) => {
        const view: ToolCallView & { startedAt: number } = {
          id: call.id, kind: call.type, name: call.type === 'function' ? call.function.name : call.type,
          arguments: '', status: 'running', startedAt: Date.now(),
        };
        calls.set(call.id, view);
        this.broadcast('chat/toolCall', { ...(current ? { messageId: current.id } : {}), call: publicCall(view) });
      })
      .on('toolCallDone', (call) => {
        const view = calls.get(call.id);
        if (!view) return;
        view.arguments = call.type === 'function' ? call.function.arguments : call.type === 'code_interpreter' ? call.code_interpreter.input : '';
        view.output = call.type === 'function' ? (call.function.output ?? undefined) : undefined;
        view.status = call.type === 'function' && call.function.output == null ? 'waiting' : 'done';
        view.durationMs = Date.now() - view.startedAt;
        this.broadcast('chat/toolCall', { call: publicCall(view) });
      });

    void stream.finalRun().then(
      (run) => this.finishRun(active, run.status, run.last_error ?? undefined, current),
      (err: unknown) => this.finishRun(active, active.stopped ? 'cancelled' : 'failed', active.stopped ? undefined : { code: 'server_error', message: describe(err) }, current),
    );
  }

  private finishRun(active: ActiveRun, status: string, lastError: { code: string; message: string } | undefined, message: TranscriptMessage | undefined): void {
    if (this.active !== active) return;
    this.flushDelta();
    this.active = undefined;
    if (message && message.status === 'streaming') {
      message.status = 'incomplete';
      this.broadcast('chat/assistantEnd', { messageId: message.id, status: 'incomplete' });
    }
    this.setBusy(false);
    void this.deps.threads.touch(active.threadId, this.state.messages.length);
    if (status === 'cancelled') this.notice('Stopped. The answer above is incomplete; press Retry to ask again.', 'info', 'retry');
    else if (status === 'failed') {
      const { message: fix, action } = actionForProviderError(this.deps.lastProviderFailure(), lastError?.code);
      this.notice(`${lastError?.message ?? 'The run failed.'} ${fix}`.trim(), 'error', action);
    } else if (status === 'incomplete') this.notice('The answer was cut off at the token limit. Ask Tutor to continue.', 'warning');
    else if (status === 'expired') this.notice('The run expired while waiting for a tool. Ask again.', 'warning', 'retry');
    else if (status === 'requires_action') this.notice('Tutor asked for a tool this version cannot run yet. Ask again without it.', 'warning');
  }

  /** Stops the answer: cancels the run (the runtime aborts the model request) and ends the stream. */
  async stop(): Promise<boolean> {
    const active = this.active;
    if (!active) return false;
    active.stopped = true;
    try {
      const runId = active.runId ?? active.stream.currentRun()?.id;
      if (runId) await active.client.beta.threads.runs.cancel(runId, { thread_id: active.threadId });
    } catch (err) {
      this.deps.log.warn(`Cancel failed: ${describe(err)}`);
    }
    active.stream.abort();
    return true;
  }

  private setBusy(busy: boolean): void {
    this.state.busy = busy;
    this.broadcast('chat/busy', { busy });
  }

  private queueDelta(messageId: string, text: string): void {
    if (this.pendingDelta && this.pendingDelta.messageId !== messageId) this.flushDelta();
    this.pendingDelta = { messageId, text: (this.pendingDelta?.text ?? '') + text };
    this.flushTimer ??= setTimeout(() => this.flushDelta(), DELTA_FLUSH_MS);
  }

  private flushDelta(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const pending = this.pendingDelta;
    this.pendingDelta = undefined;
    if (pending) this.broadcast('chat/delta', pending);
  }

  /** The current thread as Markdown, LaTeX and code kept as written. */
  toMarkdown(): string {
    const lines = [`# ${this.state.title}`, '', `_Exported from Tutor on ${new Date().toISOString().slice(0, 10)}._`, ''];
    for (const m of this.state.messages) lines.push(`## ${m.role === 'user' ? 'You' : 'Tutor'}`, '', m.text, '');
    return lines.join('\n');
  }

  dispose(): void {
    void this.stop();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function publicCall({ startedAt: _startedAt, ...view }: ToolCallView & { startedAt: number }): ToolCallView {
  return view;
}

/** An error's message for people; API errors carry a clean one. */
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
