import type { RunEvent, RunEventSink } from '../engine/events';

/**
 * What the stream carries: the run's events, then `done`; or, when something outside the run's own
 * handling broke, an `error` frame in the shape of an API error body.
 */
type Frame = RunEvent | { event: 'done'; data: '[DONE]' } | { event: 'error'; data: { error: { message: string; type: string; code: string } } };

/** Encodes one frame. Every frame has an `event:` line and JSON data; the SDK ignores anything else. */
function encodeSse({ event, data }: Frame): string {
  return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/**
 * A server-sent-event response fed by a run. Events are written as they happen; `done` closes the
 * stream. If the client goes away the run carries on (as OpenAI's do) and events are dropped.
 *
 * @example
 *   return sseResponse((sink) => engine.start(run, sink));
 */
export function sseResponse(drive: (sink: RunEventSink) => unknown): Response {
  const encoder = new TextEncoder();
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      closed = true;
    },
  });
  const write = (event: Frame) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(encodeSse(event)));
    } catch {
      closed = true;
    }
  };
  const sink: RunEventSink = {
    emit: write,
    end() {
      if (closed) return;
      write({ event: 'done', data: '[DONE]' });
      closed = true;
      controller.close();
    },
  };
  queueMicrotask(() => {
    Promise.resolve()
      .then(() => drive(sink))
      .catch((err: unknown) => {
        // A failure outside the run's own handling: say so on the stream, then close it cleanly.
        const message = err instanceof Error ? err.message : String(err);
        write({ event: 'error', data: { error: { message, type: 'server_error', code: 'server_error' } } });
        sink.end();
      });
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' },
  });
}
