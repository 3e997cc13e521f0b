import type { RunEvent } from '../engine/events';

/** One server-sent event: its name and its data (JSON, or a bare string such as `[DONE]`). */
export interface SseFrame {
  event: string;
  data: unknown;
}

/** Where a stream's producer writes: frames, then `end`. */
export interface FrameSink<F extends SseFrame> {
  emit(frame: F): void;
  end(): void;
  /** Whether the client went away (a producer waiting on something else can stop). */
  gone(): boolean;
}

export interface SseOptions {
  /**
   * The frame that says a failure outside the producer's own handling happened. By default the
   * Assistants API's: an `error` event with an API error body.
   */
  errorFrame?: (message: string) => SseFrame;
  /** Whether `end` writes the Assistants API's closing `done` frame (the Responses API has none). */
  doneFrame?: boolean;
}

const assistantsError = (message: string): SseFrame => ({ event: 'error', data: { error: { message, type: 'server_error', code: 'server_error' } } });

/** Encodes one frame. Every frame has an `event:` line and JSON data; the SDK ignores anything else. */
function encodeSse({ event, data }: SseFrame): string {
  return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/**
 * A server-sent-event response fed by a run. Events are written as they happen; `done` closes the
 * stream. If the client goes away the run carries on (as OpenAI's do) and events are dropped.
 *
 * Each read of the body gets every frame written since the last one, in one chunk: a reader that
 * keeps up gets each event at once, and one that falls behind (a busy SDK, a slow socket) gets
 * them batched rather than one chunk per event, whose per-chunk cost is what fell behind.
 *
 * @example
 *   return sseResponse((sink) => engine.start(run, sink));
 */
export function sseResponse<F extends SseFrame = RunEvent>(drive: (sink: FrameSink<F>) => unknown, options: SseOptions = {}): Response {
  const errorFrame = options.errorFrame ?? assistantsError;
  /** Frames written and not read yet. */
  let pending = '';
  /** `done` is in `pending`: nothing more comes. */
  let ended = false;
  /** The client went away: frames are dropped. */
  let gone = false;
  /** The stream's controller while a read waits for the next frame (pull found nothing to hand). */
  let waiting: ReadableStreamDefaultController<Uint8Array> | undefined;

  const hand = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    // Buffer.from, not TextEncoder: a tenth of the cost for strings this small (from Node's pool).
    if (pending) controller.enqueue(Buffer.from(pending));
    pending = '';
    if (ended) controller.close();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      // Called when a read finds nothing queued. With nothing written yet it returns at once and
      // the next write answers that read itself: no promise per event, whose cost a fast stream
      // multiplies.
      pull(controller) {
        if (pending || ended) hand(controller);
        else waiting = controller;
      },
      cancel() {
        gone = true;
        pending = '';
        waiting = undefined;
      },
    },
    // Nothing is queued ahead of a read, so what a slow reader has not asked for yet stays in one batch.
    { highWaterMark: 0 },
  );
  const write = (event: SseFrame) => {
    if (gone || ended) return;
    pending += encodeSse(event);
    const controller = waiting;
    waiting = undefined;
    if (controller) hand(controller);
  };
  const sink: FrameSink<F> = {
    emit: write,
    gone: () => gone,
    end() {
      if (gone || ended) return;
      if (options.doneFrame !== false) write({ event: 'done', data: '[DONE]' });
      ended = true;
      // Nothing more comes: a read waiting for the next frame is answered with the end.
      const controller = waiting;
      waiting = undefined;
      if (controller) hand(controller);
    },
  };
  queueMicrotask(() => {
    Promise.resolve()
      .then(() => drive(sink))
      .catch((err: unknown) => {
        // A failure outside the run's own handling: say so on the stream, then close it cleanly.
        const message = err instanceof Error ? err.message : String(err);
        write(errorFrame(message));
        sink.end();
      });
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' },
  });
}
