/** A server-sent event as OpenAI names it: `event:` line plus JSON `data:`. */
export interface RunEvent {
  event: string;
  data: unknown;
}

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

/** Encodes one event. Every event has an `event:` line and JSON data; the SDK ignores anything else. */
export function encodeSse({ event, data }: RunEvent): string {
  return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
