import type OpenAI from 'openai';
import type { RunCreateParamsBaseStream } from 'openai/lib/AssistantStream';
import * as vscode from 'vscode';
import { WorkspaceFunctions, type ApprovalDecision, type ApprovalRequest } from '../../functions';
import { readSettings } from '../../settings';
import { annotationViews } from '../annotationViews';
import { AnswerFiles } from '../answerFiles';
import { ensureAssistant } from '../assistantRegistry';
import type { ChatControllerDeps } from '../chatControllerDeps';
import { beforeRunNotice, missingKeyNotice, runEndNotice } from '../errorAdvice';
import { KnowledgeLinks } from '../knowledgeLinks';
import { RunSession, type RunOutcome } from '../runSession';
import { ChatViewAnswer } from './chatViewAnswer';
import { participantPrompt, type TutorCommand } from './participantPrompt';
import { errorMessage } from '../../../common/errorMessage';

/** The id contributed in package.json's chatParticipants. */
export const TUTOR_PARTICIPANT_ID = 'tutor.tutor';

/**
 * What each @tutor answer remembers in VS Code's chat history. VS Code keeps the history of a
 * chat session; Tutor's thread keeps the conversation itself. The thread id in the previous
 * answer's metadata is the link between the two, so one source of truth stays: the thread.
 */
export interface TutorChatMetadata {
  threadId?: string;
  command?: TutorCommand;
  /** verify_math's verdicts in this answer (for the follow-ups). */
  checks?: boolean[];
  status?: string;
}

export interface TutorParticipantDeps extends Pick<ChatControllerDeps, 'client' | 'globalState' | 'threads' | 'providerFailure' | 'missingKeyFor' | 'log' | 'workspaceState' | 'loadVerifier'> {
  knowledge: ChatControllerDeps['knowledge'] & { locateCitation(fileId: string, quote?: string): Promise<vscode.Location | undefined> };
  /** A thread @tutor wrote to: the sidebar reloads it if it shows it. */
  threadUpdated(threadId: string): void;
  /** The thread Tutor's own view shows (for /continue). */
  currentThread(): string | undefined;
}

/**
 * @tutor in VS Code's Chat view: the same assistant, runtime, provider settings and per-workspace
 * threads as Tutor's own view. A Chat session maps to one thread (created on its first request,
 * listed in Switch Conversation; `/continue` picks up the thread open in Tutor's view instead),
 * each request is a run on it, streamed through the same RunSession the sidebar uses, and Stop in
 * the Chat view cancels the run on the server.
 */
export class TutorParticipant {
  private readonly links: KnowledgeLinks;
  private readonly files: AnswerFiles;

  constructor(private readonly deps: TutorParticipantDeps) {
    this.links = new KnowledgeLinks(() => deps.knowledge.storeId());
    this.files = new AnswerFiles(deps.knowledge, () => deps.client());
  }

  register(extensionUri: vscode.Uri): vscode.Disposable {
    const participant = vscode.chat.createChatParticipant(TUTOR_PARTICIPANT_ID, (request, context, stream, token) => this.handle(request, context, stream, token));
    participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'tutor.svg');
    participant.followupProvider = { provideFollowups: (result) => followups(result.metadata as TutorChatMetadata | undefined) };
    return participant;
  }

  async handle(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const command = request.command as TutorCommand | undefined;
    const settings = readSettings();
    const missing = settings.serverUrl ? undefined : await this.deps.missingKeyFor();
    if (missing) {
      const advice = missingKeyNotice(missing, { questionInBox: false });
      stream.markdown(advice.message);
      stream.button({ command: 'tutor.setApiKey', title: vscode.l10n.t('Set API Key') });
      return { errorDetails: { message: advice.message }, metadata: { command } satisfies TutorChatMetadata };
    }
    const prompt = await participantPrompt(request, settings.mode);
    if (!prompt) {
      const message = vscode.l10n.t('Select the code or equation in the editor (or attach a file with #), then ask `@tutor /{0}` again.', command ?? '');
      stream.markdown(message);
      return { errorDetails: { message }, metadata: { command } satisfies TutorChatMetadata };
    }
    let threadId = threadOf(context.history) ?? (command === 'continue' ? this.deps.currentThread() : undefined);
    let client: OpenAI;
    let server = '';
    let assistantId: string;
    try {
      const c = await this.deps.client();
      client = c.client;
      server = c.server;
      assistantId = await ensureAssistant(client, this.deps.globalState, server, settings.model);
      if (!threadId || !this.deps.threads.get(threadId)) {
        const id = threadId ?? (await client.beta.threads.create()).id;
        await this.deps.threads.add(id, prompt.text, 0, false);
        threadId = id;
      }
      await this.links.link(client, threadId);
    } catch (err) {
      const advice = beforeRunNotice(err, server);
      this.deps.log.error(`@tutor: sending failed: ${errorMessage(err)}`);
      stream.markdown(advice.message);
      return { errorDetails: { message: advice.message }, metadata: { command, ...(threadId ? { threadId } : {}) } satisfies TutorChatMetadata };
    }
    if (token.isCancellationRequested) return { metadata: { threadId, command, status: 'cancelled' } satisfies TutorChatMetadata };

    const answer = new ChatViewAnswer(stream);
    const outcome = await this.stream(client, threadId, { assistant_id: assistantId, additional_instructions: prompt.instructions, additional_messages: [{ role: 'user', content: prompt.text }] }, answer, token);
    answer.finish();
    await this.citeSources(client, threadId, outcome.runId, stream);
    const meta = this.deps.threads.get(threadId);
    await this.deps.threads.touch(threadId, (meta?.messageCount ?? 0) + 1 + outcome.messages);
    this.deps.threadUpdated(threadId);
    const metadata: TutorChatMetadata = { threadId, status: outcome.status, checks: answer.checks, ...(command ? { command } : {}) };
    if (outcome.status === 'completed' || outcome.status === 'cancelled') return { metadata };
    const notice = runEndNotice(outcome.status, { ...outcome.failure, embedded: server === '' });
    const message = notice?.text ?? vscode.l10n.t('The answer ended: {0}.', outcome.status);
    if (!answer.answered) stream.markdown(message);
    return { errorDetails: { message }, metadata };
  }

  /** Runs one answer to its end, function calls included; Stop in the Chat view cancels it on the server. */
  private async stream(client: OpenAI, threadId: string, params: RunCreateParamsBaseStream, answer: ChatViewAnswer, token: vscode.CancellationToken): Promise<RunOutcome & { runId?: string; messages: number }> {
    const functions: WorkspaceFunctions = new WorkspaceFunctions({
      workspaceState: this.deps.workspaceState,
      loadVerifier: this.deps.loadVerifier,
      // Called only while the run below is going, after `session` exists.
      askApproval: (call, request): Promise<ApprovalDecision> => (session.stopped ? Promise.resolve('deny') : askInDialog(call.name, request)),
    });
    const session: RunSession = new RunSession({
      client,
      threadId,
      functions,
      broadcast: (method, params) => answer.broadcast(method, params),
      deltas: answer.deltas,
      fileName: (id) => this.files.fileName(id),
      onCitations: () => undefined,
      providerFailure: () => this.deps.providerFailure(),
      warn: (m) => this.deps.log.warn(m),
    });
    const running = session;
    const stop = token.onCancellationRequested(() => void running.stop());
    try {
      const outcome = await running.drive(client.beta.threads.runs.stream(threadId, params));
      return { ...outcome, ...(running.runId ? { runId: running.runId } : {}), messages: running.answerSoFar.length };
    } finally {
      stop.dispose();
    }
  }

  /** The answer's Knowledge citations: a reference each (VS Code's "Used n references") and an anchor per number under the answer. */
  private async citeSources(client: OpenAI, threadId: string, runId: string | undefined, stream: vscode.ChatResponseStream): Promise<void> {
    if (!runId) return;
    try {
      const page = await client.beta.threads.messages.list(threadId, { run_id: runId, order: 'asc' });
      const anchors: { n: number; name: string; location: vscode.Location }[] = [];
      for (const message of page.data) {
        const views = await annotationViews(message, (id) => this.files.fileName(id));
        for (const source of views?.sources ?? []) {
          if (anchors.some((a) => a.n === source.n)) continue;
          const location = await this.deps.knowledge.locateCitation(source.fileId, source.quote);
          const name = views!.citations.find((c) => c.n === source.n)?.fileName ?? source.fileId;
          if (location) anchors.push({ n: source.n, name, location });
        }
      }
      if (!anchors.length) return;
      for (const a of anchors) stream.reference(a.location);
      stream.markdown(`\n\n**${vscode.l10n.t('Sources:')}** `);
      anchors.forEach((a, i) => {
        if (i) stream.markdown(' · ');
        stream.markdown(`[${a.n}] `);
        stream.anchor(a.location, a.name);
      });
    } catch (err) {
      this.deps.log.warn(`@tutor: could not show the answer's sources: ${errorMessage(err)}`);
    }
  }
}

/** The thread this chat session is about: the one the last @tutor answer in its history ran on. */
export function threadOf(history: vscode.ChatContext['history']): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (turn instanceof vscode.ChatResponseTurn && turn.participant === TUTOR_PARTICIPANT_ID) {
      const id = (turn.result.metadata as TutorChatMetadata | undefined)?.threadId;
      if (id) return id;
    }
  }
  return undefined;
}

/**
 * What to ask next: after a hint the next hint (tutor mode keeps going one step at a time). The
 * prompts are the student's next question, so they are in the display language like the labels.
 */
export function followups(meta: TutorChatMetadata | undefined): vscode.ChatFollowup[] {
  if (!meta?.threadId || meta.status === 'failed') return [];
  switch (meta.command) {
    case 'solve':
      return [{ prompt: vscode.l10n.t('Explain the key step again in simpler words.'), label: vscode.l10n.t('Explain the key step again') }];
    case 'check':
      return meta.checks?.includes(false)
        ? [{ prompt: vscode.l10n.t('Where exactly is my mistake? Give me a hint, not the answer.'), command: 'hint', label: vscode.l10n.t('Hint: where is my mistake?') }]
        : [{ prompt: vscode.l10n.t('What should I try next?'), command: 'hint', label: vscode.l10n.t('Next step') }];
    case 'explain':
      return [{ prompt: vscode.l10n.t('Give me a small exercise to check I understood.'), label: vscode.l10n.t('Give me an exercise') }];
    default:
      return [
        { prompt: vscode.l10n.t('Give me the next hint.'), command: 'hint', label: vscode.l10n.t('Next hint') },
        { prompt: vscode.l10n.t('Show me the full solution.'), command: 'solve', label: vscode.l10n.t('Show the full solution') },
      ];
  }
}

/** A side effect (inserting into an editor) asked about in a modal: the Chat view has no approval card. */
async function askInDialog(name: string, request: ApprovalRequest): Promise<ApprovalDecision> {
  const allow = vscode.l10n.t('Allow');
  const always = vscode.l10n.t('Always allow in this workspace');
  const detail = [request.target, request.preview].filter(Boolean).join('\n\n');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('@tutor wants to run {0}.', name), { modal: true, detail }, allow, always);
  return choice === allow ? 'approve' : choice === always ? 'always' : 'deny';
}
