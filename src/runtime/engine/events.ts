import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';

/**
 * An event of a run as OpenAI names and shapes it: the SDK's own union, so a wrong event name or
 * payload fails to compile.
 */
export type RunEvent = AssistantStreamEvent;

/**
 * Where a run's events go while a client listens. A run with no listener (non-streaming, or the
 * client went away) gets the silent sink: the run goes on either way, as OpenAI's does.
 */
export interface RunEventSink {
  emit(event: RunEvent): void;
  /** The stream is over for this request (terminal status, or requires_action). */
  end(): void;
}

export const silentSink: RunEventSink = { emit() {}, end() {} };
