import type OpenAI from 'openai';
import type { ToolCallView, TranscriptMessage } from '../../common/protocol';
import { WorkspaceFunctions, type ApprovalDecision, type WorkspaceFunctionDeps } from '../functions';
import { DeltaThrottle } from './deltaThrottle';
import { RunSession, type RunOutcome, type RunSessionDeps } from './runSession';

export interface RunningAnswerDeps extends Pick<RunSessionDeps, 'broadcast' | 'fileName' | 'onCitations' | 'providerFailure' | 'warn'> {
  workspaceState: WorkspaceFunctionDeps['workspaceState'];
  loadVerifier: WorkspaceFunctionDeps['loadVerifier'];
}

/**
 * The answer being written, one at a time: its RunSession, the transcript it joins when the run
 * ends, and the workspace functions its function calls run (approvals go to its cards).
 */
export class RunningAnswer {
  private session: RunSession | undefined;
  private transcript: TranscriptMessage[] | undefined;
  private readonly functions: WorkspaceFunctions;
  private readonly deltas: DeltaThrottle;

  constructor(private readonly deps: RunningAnswerDeps) {
    this.deltas = new DeltaThrottle((delta) => deps.broadcast('chat/delta', delta));
    this.functions = new WorkspaceFunctions({
      workspaceState: deps.workspaceState,
      loadVerifier: deps.loadVerifier,
      askApproval: (call, preview) => this.session?.askApproval(call, preview) ?? Promise.resolve('deny'),
    });
  }

  get busy(): boolean {
    return !!this.session;
  }

  /** The answer's messages so far, when it belongs to `transcript` (a thread switched to meanwhile has none). */
  messagesFor(transcript: readonly TranscriptMessage[]): readonly TranscriptMessage[] {
    return this.session && this.transcript === transcript ? this.session.answerSoFar : [];
  }

  /** Calls made so far that no answer message holds yet. */
  get pendingCalls(): readonly ToolCallView[] {
    return this.session?.pendingCalls ?? [];
  }

  /**
   * Streams a run on the thread to its end; its messages then join `transcript` and the outcome
   * says how it ended.
   */
  async run(client: OpenAI, threadId: string, params: { assistant_id: string; additional_instructions: string }, transcript: TranscriptMessage[]): Promise<RunOutcome> {
    const session = new RunSession({ ...this.deps, client, threadId, functions: this.functions, deltas: this.deltas });
    this.session = session;
    this.transcript = transcript;
    const outcome = await session.drive(client.beta.threads.runs.stream(threadId, params));
    transcript.push(...session.answerSoFar);
    this.session = undefined;
    this.transcript = undefined;
    return outcome;
  }

  /** The user answered an approval card; false if no such card is waiting. */
  approve(callId: string, decision: ApprovalDecision): boolean {
    return this.session?.answer(callId, decision) ?? false;
  }

  /** Stops the answer: cancels the run (the runtime aborts the model request) and ends the stream. */
  async stop(): Promise<boolean> {
    const session = this.session;
    if (!session) return false;
    await session.stop();
    return true;
  }

  dispose(): void {
    void this.stop();
    this.deltas.dispose();
  }
}
