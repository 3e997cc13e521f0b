import type OpenAI from 'openai';
import * as vscode from 'vscode';
import type { ChatMode, ChatNotice, ThreadView, ToolCallView, TranscriptMessage } from '../../common/protocol';
import { saveFileAs } from '../editor';
import type { ApprovalDecision } from '../functions';
import { readSettings } from '../settings';
import { AnswerFiles } from './answerFiles';
import { ensureAssistant } from './assistantRegistry';
import { ChatPages } from './chatPages';
import type { ChatWebviewHost, HostHandlers } from './chatWebviewHost';
import type { ChatControllerDeps } from './chatControllerDeps';
import { beforeRunNotice, missingKeyNotice, runEndNotice } from './errorAdvice';
import { KnowledgeLinks } from './knowledgeLinks';
import { pageRequests, type Conversation } from './pageRequests';
import { RunningAnswer } from './runningAnswer';
import { loadNewestPage, type ThreadPage } from './threadLoader';
import { ThreadReader } from './threadReader';
import { modeInstructions } from './tutorInstructions';
import { errorMessage } from '../../common/errorMessage';

/**
 * The conversation behind every chat view: sends questions through the SDK, hands each answer to a
 * RunSession that streams it into the open views, stops runs for real (runs.cancel, then the
 * stream), and keeps the current thread so a view that reloads gets it back whole.
 */
export class ChatController implements vscode.Disposable, Conversation {
  private readonly pages = new ChatPages();
  /** The current thread as the host holds it: its newest page when opened, and every message since (older pages stay in the runtime; views ask with `chat/older`). */
  private state: ThreadView = { threadId: null, title: vscode.l10n.t('New conversation'), messages: [], hasOlder: false, mode: readSettings().mode, busy: false };
  /** How many messages of the current thread come before `state.messages` (for the thread list's count). */
  private olderCount = 0;
  private loaded = false;
  private readonly answer: RunningAnswer;
  private readonly files: AnswerFiles;
  private readonly knowledgeLinks: KnowledgeLinks;
  private readonly disposables: vscode.Disposable[] = [];
  /** Requests every chat page may make. */
  readonly handlers: HostHandlers;
  /** The current thread beyond the page held here: older pages, find, the whole thread for export. */
  readonly reader: ThreadReader;

  constructor(private readonly deps: ChatControllerDeps) {
    this.knowledgeLinks = new KnowledgeLinks(() => deps.knowledge.storeId());
    this.files = new AnswerFiles(deps.knowledge, () => deps.client());
    this.reader = new ThreadReader({
      current: () => this.sync(),
      isCurrent: (threadId) => this.state.threadId === threadId,
      client: async () => (await deps.client()).client,
      loader: { files: this.files, warn: (m) => deps.log.warn(m) },
    });
    this.handlers = pageRequests(this, deps.version);
    this.answer = new RunningAnswer({
      workspaceState: deps.workspaceState,
      loadVerifier: deps.loadVerifier,
      broadcast: (method, params) => this.pages.broadcast(method, params),
      fileName: (id) => this.files.fileName(id),
      onCitations: (messageId, sources) => this.files.remember(messageId, sources),
      providerFailure: () => deps.providerFailure(),
      warn: (m) => deps.log.warn(m),
    });
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tutor.mode')) {
          this.state.mode = readSettings().mode;
          this.pages.broadcast('chat/mode', { mode: this.state.mode });
        }
      }),
    );
  }

  async setMode(mode: ChatMode): Promise<ChatMode> {
    await vscode.workspace.getConfiguration('tutor').update('mode', mode, vscode.ConfigurationTarget.Global);
    this.state.mode = mode;
    this.pages.broadcast('chat/mode', { mode });
    return mode;
  }

  /** The user answered an approval card; false if the running answer has no such card waiting. */
  approve(callId: string, decision: ApprovalDecision): boolean {
    return this.answer.approve(callId, decision);
  }

  /** Opens the file a citation chip points at, at the quoted passage. */
  openCitation(messageId: string, n: number): Promise<boolean> {
    return this.files.openCitation(messageId, n);
  }

  /** Saves a file the code interpreter wrote where the user chooses. */
  async saveFile(fileId: string): Promise<boolean> {
    try {
      const { client } = await this.deps.client();
      return await saveFileAs(client, fileId);
    } catch (err) {
      this.notice({ text: vscode.l10n.t('Could not save the file: {0}', errorMessage(err)), level: 'error' });
      return false;
    }
  }

  /** Connects a chat page; it receives every notification from now on. */
  attach(host: ChatWebviewHost): vscode.Disposable {
    return this.pages.attach(host);
  }

  /** The current thread as the views show it, with the answer still running. */
  get view(): ThreadView {
    const answer = this.answer.messagesFor(this.state.messages);
    const pending = this.answer.pendingCalls;
    if (!answer.length && !pending.length) return this.state;
    return { ...this.state, messages: [...this.state.messages, ...answer], ...(pending.length ? { pendingCalls: [...pending] } : {}) };
  }

  /** Every tool call of the current thread, including the running answer's not yet tied to a message. */
  get toolCalls(): ToolCallView[] {
    return [...this.view.messages.flatMap((m) => m.toolCalls ?? []), ...this.answer.pendingCalls];
  }

  get busy(): boolean {
    return this.answer.busy;
  }

  /** The current thread, loaded from the runtime the first time (after a restart or reload). */
  async sync(): Promise<ThreadView> {
    if (!this.loaded) {
      this.loaded = true;
      const meta = this.deps.threads.current();
      if (meta) await this.load(meta.id, meta.title);
    }
    return this.view;
  }

  private async load(threadId: string, title: string): Promise<void> {
    let page: ThreadPage;
    try {
      const { client } = await this.deps.client();
      page = await loadNewestPage(client, threadId, this.reader.loader);
    } catch (err) {
      this.deps.log.warn(`Could not load thread ${threadId}: ${errorMessage(err)}`);
      if ((err as { status?: number }).status === 404) await this.deps.threads.remove(threadId);
      this.notice({ text: vscode.l10n.t('Could not load this conversation: {0}', errorMessage(err)), level: 'error', action: 'openSettings' });
      return;
    }
    this.state = { ...this.state, threadId, title, messages: page.messages, hasOlder: page.hasOlder, busy: this.answer.busy, notice: undefined };
    // The thread list counted every message when it was last used; what is not in the page is older.
    this.olderCount = page.hasOlder ? Math.max(0, (this.deps.threads.get(threadId)?.messageCount ?? 0) - page.messages.length) : 0;
  }

  /** Shows a notice; `remember` keeps it in the view (about the last answer) for pages that load later. */
  private notice(notice: ChatNotice, remember = false): void {
    if (remember) this.state.notice = notice;
    this.pages.broadcast('chat/notice', notice);
  }

  /** Starts a fresh thread (it is created on the first question). */
  async newThread(): Promise<void> {
    if (this.answer.busy) await this.stop();
    await this.deps.threads.setCurrent(null);
    this.loaded = true;
    this.state = { threadId: null, title: vscode.l10n.t('New conversation'), messages: [], hasOlder: false, mode: this.state.mode, busy: false };
    this.olderCount = 0;
    this.pages.broadcast('chat/reset', this.view);
  }

  async switchThread(id: string): Promise<void> {
    if (this.answer.busy) await this.stop();
    const meta = this.deps.threads.get(id);
    if (!meta) return;
    await this.deps.threads.setCurrent(id);
    this.loaded = true;
    await this.load(id, meta.title);
    this.pages.broadcast('chat/reset', this.view);
  }

  /**
   * Another face of the conversation (@tutor in the Chat view) wrote to a thread: when it is the
   * one shown here and no answer is running, it is loaded again so the views show what was added.
   */
  async threadUpdated(id: string): Promise<void> {
    if (this.state.threadId === id && !this.answer.busy) await this.switchThread(id);
  }

  async deleteThread(id: string): Promise<void> {
    if (this.state.threadId === id) await this.newThread();
    await this.deps.threads.remove(id);
    try {
      const { client } = await this.deps.client();
      await client.beta.threads.delete(id);
    } catch (err) {
      this.deps.log.warn(`Deleting thread ${id} on the server failed: ${errorMessage(err)}`);
    }
  }

  /**
   * Sends a question to the current thread and streams the answer. Every open view shows the
   * question through one `chat/question` (the view it was typed in too, so it appears once). A
   * question refused before it was sent goes back into the composer: nothing typed is lost.
   */
  async send(text: string): Promise<{ accepted: boolean; notice?: string }> {
    const question = text.trim();
    if (!question) return { accepted: false, notice: vscode.l10n.t('Type a question first.') };
    if (this.answer.busy) return this.refuse(question, vscode.l10n.t('Tutor is still answering. Press Stop (Esc) first, or wait for the answer.'));
    if (await this.saidKeyIsMissing({ questionInBox: true })) return this.refuse(question);
    await this.sync();
    this.state.notice = undefined;
    const userMessage: TranscriptMessage = { id: `local-${Date.now()}`, role: 'user', text: question, status: 'complete', createdAt: Date.now() };
    this.state.messages.push(userMessage);
    this.pages.broadcast('chat/question', { text: question, id: userMessage.id });
    let threadId = this.state.threadId;
    const accepted = await this.startAnswer(async (client) => {
      if (!threadId) {
        threadId = (await client.beta.threads.create()).id;
        const meta = await this.deps.threads.add(threadId, question);
        this.state = { ...this.state, threadId, title: meta.title };
        this.pages.broadcast('chat/title', { title: meta.title });
      }
      const created = await client.beta.threads.messages.create(threadId, { role: 'user', content: question });
      userMessage.id = created.id;
      return threadId;
    });
    return { accepted };
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
    this.pages.broadcast('chat/draft', { text: question, ifEmpty: true });
    return { accepted: false, ...(notice ? { notice } : {}) };
  }

  /** Asks again: a new run on the thread (the question is already in it). */
  async retry(): Promise<{ accepted: boolean }> {
    const threadId = this.state.threadId;
    if (this.answer.busy || !threadId) return { accepted: false };
    const last = this.state.messages.at(-1);
    if (last?.role === 'assistant') {
      const question = [...this.state.messages].reverse().find((m) => m.role === 'user');
      return question ? this.send(question.text) : { accepted: false };
    }
    if (await this.saidKeyIsMissing({ questionInBox: false })) return { accepted: false };
    return { accepted: await this.startAnswer(async () => threadId) };
  }

  /**
   * Starts a run on the thread `prepare` readies (after the assistant is known). When a request
   * before the run fails (the server refused the token, or did not answer), says which, and the fix.
   */
  private async startAnswer(prepare: (client: OpenAI) => Promise<string>): Promise<boolean> {
    let server = '';
    try {
      const c = await this.deps.client();
      server = c.server;
      const assistantId = await ensureAssistant(c.client, this.deps.globalState, c.server, readSettings().model);
      const threadId = await prepare(c.client);
      await this.knowledgeLinks.link(c.client, threadId);
      this.startRun(c.client, threadId, assistantId, c.server === '');
      return true;
    } catch (err) {
      this.deps.log.error(`Sending failed: ${errorMessage(err)}`);
      const { message, action } = beforeRunNotice(err, server);
      this.notice({ text: message, level: 'error', action }, true);
      return false;
    }
  }

  /** Streams the answer into the views; when the run did not complete, a notice says how it ended. */
  private startRun(client: OpenAI, threadId: string, assistantId: string, embedded: boolean): void {
    this.state.notice = undefined;
    this.setBusy(true);
    const params = { assistant_id: assistantId, additional_instructions: modeInstructions(this.state.mode, vscode.env.language) };
    void this.answer.run(client, threadId, params, this.state.messages).then((outcome) => {
      this.setBusy(false);
      void this.deps.threads.touch(threadId, this.olderCount + this.state.messages.length);
      const notice = runEndNotice(outcome.status, { ...outcome.failure, embedded });
      if (notice) this.notice(notice, true);
    });
  }

  /** Stops the answer: cancels the run (the runtime aborts the model request) and ends the stream. */
  stop(): Promise<boolean> {
    return this.answer.stop();
  }

  private setBusy(busy: boolean): void {
    this.state.busy = busy;
    this.pages.broadcast('chat/busy', { busy });
  }

  dispose(): void {
    this.answer.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
