import type OpenAI from 'openai';
import * as vscode from 'vscode';
import type { ChatNotice, ThreadView, ToolCallView, TranscriptMessage, WebviewNotifications } from '../../common/protocol';
import { ensureAssistant } from './assistantRegistry';
import type { ChatWebviewHost, HostHandlers } from './chatWebviewHost';
import { runErrorAction } from './errorActions';
import { beforeRunNotice, failedRunNotice, missingKeyNotice, type RunFailureFacts } from './errorAdvice';
import { readSettings } from '../settings';
import type { ThreadStore } from './threadStore';
import { WorkspaceFunctions, type WorkspaceFunctionDeps } from '../functions';
import { annotationViews, type CitationSource } from './annotationViews';
import { RunSession } from './runSession';
import { imageDataUrls, threadToolCalls } from './toolCallViews';
import { modeInstructions } from './tutorInstructions';

export interface ChatControllerDeps {
  /** The SDK client for the configured server, and which server that is ('' = embedded). */
  client(): Promise<{ client: OpenAI; server: string }>;
  globalState: vscode.Memento;
  threads: ThreadStore;
  /** Why the provider last failed, when the runtime is embedded (remote servers only say last_error). */
  lastProviderFailure(): RunFailureFacts['provider'];
  /**
   * The provider whose key is missing ('OpenAI', 'Azure OpenAI'), when the embedded runtime would
   * need one and none is stored or in the environment; undefined when a question can go.
   */
  missingKeyFor(): Promise<string | undefined>;
  log: vscode.LogOutputChannel;
  /** The extension's version, for the webview's liveness check. */
  version: string;
  workspaceState: vscode.Memento;
  /** Loads verify_math's checker (a separate bundle, loaded on first use). */
  loadVerifier: WorkspaceFunctionDeps['loadVerifier'];
  /** The workspace's knowledge: its vector store, and where its files live. */
  knowledge: {
    storeId(): string | undefined;
    relativePathOf(fileId: string): string | undefined;
    openCitation(fileId: string, quote?: string): Promise<boolean>;
  };
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
  private active: RunSession | undefined;
  private readonly functions: WorkspaceFunctions;
  private readonly citations = new Map<string, CitationSource[]>();
  /** Threads already pointed at the workspace's knowledge store, so each is updated once. */
  private readonly linkedThreads = new Map<string, string>();
  private pendingDelta: { messageId: string; text: string } | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: ChatControllerDeps) {
    this.functions = new WorkspaceFunctions({
      workspaceState: deps.workspaceState,
      loadVerifier: deps.loadVerifier,
      askApproval: (call, preview) => this.active?.askApproval(call, preview) ?? Promise.resolve('deny'),
    });
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
    'chat/approve': ({ callId, decision }) => ({ done: this.active?.answer(callId, decision) ?? false }),
    'chat/openCitation': async ({ messageId, n }) => {
      const source = this.citations.get(messageId)?.find((c) => c.n === n);
      return { opened: source ? await this.deps.knowledge.openCitation(source.fileId, source.quote) : false };
    },
    'chat/saveFile': ({ fileId }) => this.saveFile(fileId),
  };

  /** Saves a file the code interpreter wrote where the user chooses. */
  private async saveFile(fileId: string): Promise<{ saved: boolean }> {
    try {
      const { client } = await this.deps.client();
      const file = await client.files.retrieve(fileId);
      const name = file.filename.split('/').pop() || 'output';
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), title: 'Save the file Tutor made' });
      if (!target) return { saved: false };
      const bytes = new Uint8Array(await (await client.files.content(fileId)).arrayBuffer());
      await vscode.workspace.fs.writeFile(target, bytes);
      return { saved: true };
    } catch (err) {
      this.notice({ text: `Could not save the file: ${describe(err)}`, level: 'error' });
      return { saved: false };
    }
  }

  /** A file's readable name: its workspace path for knowledge files, else its upload name. */
  private async fileName(fileId: string): Promise<string> {
    const known = this.deps.knowledge.relativePathOf(fileId);
    if (known) return known;
    try {
      const { client } = await this.deps.client();
      return (await client.files.retrieve(fileId)).filename;
    } catch {
      return fileId;
    }
  }

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

  /** Every tool call of the current thread, including the running answer's not yet tied to a message. */
  get toolCalls(): ToolCallView[] {
    return [...this.state.messages.flatMap((m) => m.toolCalls ?? []), ...(this.active?.pendingCalls ?? [])];
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
        const views = m.role === 'assistant' ? await annotationViews(m, (id) => this.fileName(id)) : undefined;
        if (views) this.citations.set(m.id, views.sources);
        messages.push({
          id: m.id,
          role: m.role,
          text: m.content.map((c) => (c.type === 'text' ? c.text.value : '')).join('\n'),
          status: m.status === 'incomplete' ? 'incomplete' : 'complete',
          createdAt: m.created_at * 1000,
          ...(views ? { citations: views.citations, files: views.files } : {}),
        });
      }
      await this.restoreToolCalls(client, threadId, messages);
    } catch (err) {
      this.deps.log.warn(`Could not load thread ${threadId}: ${describe(err)}`);
      if ((err as { status?: number }).status === 404) await this.deps.threads.remove(threadId);
      this.notice({ text: `Could not load this conversation: ${describe(err)}`, level: 'error', action: 'openSettings' });
      return;
    }
    this.state = { ...this.state, threadId, title, messages, busy: !!this.active, notice: undefined };
  }

  /**
   * Puts each answer's tool-call cards back (code, logs, images, search results, badges), read
   * from the thread's run steps. The text matters most: if the steps cannot be read, the
   * conversation still opens, without its cards, and the log says why.
   */
  private async restoreToolCalls(client: OpenAI, threadId: string, messages: TranscriptMessage[]): Promise<void> {
    let calls: Map<string, ToolCallView[]>;
    try {
      calls = await threadToolCalls(client, threadId, imageDataUrls(client, (m) => this.deps.log.warn(m)));
    } catch (err) {
      this.deps.log.warn(`Could not restore the tool calls of thread ${threadId}: ${describe(err)}`);
      return;
    }
    for (const message of messages) {
      const cards = calls.get(message.id);
      if (cards) message.toolCalls = cards;
    }
  }

  /** Shows a notice; `remember` keeps it in the view (about the last answer) for pages that load later. */
  private notice(notice: ChatNotice, remember = false): void {
    if (remember) this.state.notice = notice;
    this.broadcast('chat/notice', notice);
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

  /**
   * Sends a question to the current thread and streams the answer. Every open view shows the
   * question through one `chat/question` (the view it was typed in too, so it appears once). A
   * question refused before it was sent goes back into the composer: nothing typed is lost.
   */
  async send(text: string): Promise<{ accepted: boolean; notice?: string }> {
    const question = text.trim();
    if (!question) return { accepted: false, notice: 'Type a question first.' };
    if (this.active) return this.refuse(question, 'Tutor is still answering. Press Stop (Esc) first, or wait for the answer.');
    if (await this.saidKeyIsMissing({ questionInBox: true })) return this.refuse(question);
    await this.sync();
    this.state.notice = undefined;
    const userMessage: TranscriptMessage = { id: `local-${Date.now()}`, role: 'user', text: question, status: 'complete', createdAt: Date.now() };
    this.state.messages.push(userMessage);
    this.broadcast('chat/question', { text: question, id: userMessage.id });
    let client: OpenAI;
    let threadId = this.state.threadId;
    let server = '';
    try {
      const c = await this.deps.client();
      server = c.server;
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
      await this.linkKnowledge(client, threadId);
      this.startRun(client, threadId, assistantId, c.server === '');
    } catch (err) {
      this.failBeforeRun(err, server);
      return { accepted: false };
    }
    return { accepted: true };
  }

  /** When the provider needs a key that is not there: says so (nothing is sent) and returns true. */
  private async saidKeyIsMissing(options: { questionInBox: boolean }): Promise<boolean> {
    const missing = await this.deps.missingKeyFor();
    if (!missing) return false;
    const { message, action, secondaryAction } = missingKeyNotice(missing, options);
    this.notice({ text: message, level: 'error', action, secondaryAction }, true);
    return true;
  }

  /** A question that was not sent: back into every composer, and the reason for the caller to show. */
  private refuse(question: string, notice?: string): { accepted: false; notice?: string } {
    this.broadcast('chat/draft', { text: question, ifEmpty: true });
    return { accepted: false, ...(notice ? { notice } : {}) };
  }

  /**
   * Points the thread's file search at the workspace's knowledge store (threads are per
   * workspace; the assistant is shared by all of them, so the store belongs on the thread).
   */
  private async linkKnowledge(client: OpenAI, threadId: string): Promise<void> {
    const storeId = this.deps.knowledge.storeId();
    if (!storeId || this.linkedThreads.get(threadId) === storeId) return;
    await client.beta.threads.update(threadId, { tool_resources: { file_search: { vector_store_ids: [storeId] } } });
    this.linkedThreads.set(threadId, storeId);
  }

  /** Asks again: a new run on the thread (the question is already in it). */
  async retry(): Promise<{ accepted: boolean }> {
    if (this.active || !this.state.threadId) return { accepted: false };
    const last = this.state.messages.at(-1);
    if (last?.role === 'assistant') {
      const question = [...this.state.messages].reverse().find((m) => m.role === 'user');
      return question ? this.send(question.text) : { accepted: false };
    }
    if (await this.saidKeyIsMissing({ questionInBox: false })) return { accepted: false };
    let server = '';
    try {
      const c = await this.deps.client();
      server = c.server;
      const assistantId = await ensureAssistant(c.client, this.deps.globalState, c.server, readSettings().model);
      await this.linkKnowledge(c.client, this.state.threadId);
      this.startRun(c.client, this.state.threadId, assistantId, c.server === '');
      return { accepted: true };
    } catch (err) {
      this.failBeforeRun(err, server);
      return { accepted: false };
    }
  }

  /** A request before the run failed (the server refused the token, or did not answer): say which, and the fix. */
  private failBeforeRun(err: unknown, server: string): void {
    this.deps.log.error(`Sending failed: ${describe(err)}`);
    const status = (err as { status?: unknown }).status;
    const { message, action } = beforeRunNotice({ message: describe(err), ...(typeof status === 'number' ? { status } : {}) }, server);
    this.notice({ text: message, level: 'error', action }, true);
  }

  private startRun(client: OpenAI, threadId: string, assistantId: string, embedded: boolean): void {
    const session = new RunSession({
      client,
      threadId,
      functions: this.functions,
      messages: this.state.messages,
      broadcast: (method, params) => this.broadcast(method, params),
      queueDelta: (id, text) => this.queueDelta(id, text),
      flushDelta: () => this.flushDelta(),
      fileName: (id) => this.fileName(id),
      citations: this.citations,
      warn: (m) => this.deps.log.warn(m),
    });
    this.active = session;
    this.state.notice = undefined;
    this.setBusy(true);
    const stream = client.beta.threads.runs.stream(threadId, { assistant_id: assistantId, additional_instructions: modeInstructions(this.state.mode) });
    void session.drive(stream).then((outcome) => this.finishRun(session, threadId, outcome.status, outcome.lastError, embedded));
  }

  private finishRun(active: RunSession, threadId: string, status: string, lastError: { code: string; message: string } | undefined, embedded: boolean): void {
    if (this.active !== active) return;
    this.flushDelta();
    this.active = undefined;
    const message = active.current;
    if (message && message.status === 'streaming') {
      message.status = 'incomplete';
      this.broadcast('chat/assistantEnd', { messageId: message.id, status: 'incomplete' });
    }
    this.setBusy(false);
    void this.deps.threads.touch(threadId, this.state.messages.length);
    if (status === 'cancelled') this.notice({ text: 'Stopped. The answer above is incomplete; press Retry to ask again.', level: 'info', action: 'retry' }, true);
    else if (status === 'failed') {
      const { message, action } = failedRunNotice({ provider: this.deps.lastProviderFailure(), ...(lastError ? { lastError } : {}), embedded });
      this.notice({ text: message, level: 'error', action }, true);
    } else if (status === 'incomplete') this.notice({ text: 'The answer was cut off at the token limit. Ask Tutor to continue.', level: 'warning' }, true);
    else if (status === 'expired') this.notice({ text: 'The run expired while waiting for a tool. Ask again.', level: 'warning', action: 'retry' }, true);
  }

  /** Stops the answer: cancels the run (the runtime aborts the model request) and ends the stream. */
  async stop(): Promise<boolean> {
    const active = this.active;
    if (!active) return false;
    await active.stop();
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

/** An error's message for people; API errors carry a clean one. */
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
