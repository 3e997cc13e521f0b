import { Hono } from 'hono';
import type { ResponseEventSink } from '../../engine/responses/responseEngine';
import { parseOrThrow } from '../../domain/requests';
import { includeOf } from '../../services/itemPages';
import { createResponseSchema, itemListQuerySchema, retrieveResponseQuerySchema } from '../../domain/responseRequests';
import type { ResponseService } from '../../services/responses';
import { ApiError } from '../apiError';
import { jsonBody, queryObject } from '../routeContext';
import { sseResponse, type FrameSink, type SseFrame } from '../sse';

/** The Responses API's stream: each event named by its type, no closing `[DONE]`. */
function responseStream(drive: (sink: ResponseEventSink) => unknown): Response {
  return sseResponse<SseFrame>(
    (frames: FrameSink<SseFrame>) => drive({ emit: (event) => frames.emit({ event: event.type, data: event }), end: () => frames.end(), gone: () => frames.gone() }),
    { doneFrame: false, errorFrame: (message) => ({ event: 'error', data: { type: 'error', code: 'server_error', message, param: null, sequence_number: 0 } }) },
  );
}

export function responseRoutes(responses: ResponseService): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    const p = parseOrThrow(createResponseSchema, await jsonBody(c));
    const created = await responses.create(p);
    if (p.stream) return responseStream((sink) => created.start(sink));
    if (p.background) {
      void created.start();
      return c.json(created.response);
    }
    return c.json(await created.start());
  });
  app.get('/:response_id', async (c) => {
    const id = c.req.param('response_id');
    const q = parseOrThrow(retrieveResponseQuerySchema, queryObject(c));
    const response = await responses.get(id, includeOf(q));
    if (q.stream !== 'true') return c.json(response);
    if (!response.background) throw ApiError.badRequest('Only responses created with background: true can be streamed again.', 'stream');
    const after = q.starting_after ?? -1;
    return responseStream((sink) => new Promise<void>((resolve) => {
      const followed = responses.follow(id, after, { emit: (e) => sink.emit(e), end: () => { sink.end(); resolve(); } });
      if (followed) return;
      // This instance never ran it or has dropped its events: the stored outcome is all there is,
      // once the instance executing it (if any) has finished.
      void (async () => {
        const ended = response.status === 'queued' || response.status === 'in_progress' ? (await responses.untilEnded(id, () => sink.gone?.() ?? false))?.response : response;
        const final = ended ? await responses.get(id, includeOf(q)) : response;
        // The SDK replays a stream from its start and builds on `response.created`: it comes first.
        const begun: Partial<typeof final> = { ...final };
        delete begun.usage;
        sink.emit({ type: 'response.created', response: { ...begun, status: 'in_progress', output: [], completed_at: null, error: null, incomplete_details: null }, sequence_number: after + 1 });
        sink.emit({ type: `response.${final.status === 'completed' ? 'completed' : final.status === 'incomplete' ? 'incomplete' : 'failed'}`, response: final, sequence_number: after + 2 });
        sink.end();
      })().catch(() => sink.end()).finally(resolve);
    }));
  });
  app.delete('/:response_id', async (c) => c.json(await responses.delete(c.req.param('response_id'))));
  app.post('/:response_id/cancel', async (c) => c.json(await responses.cancel(c.req.param('response_id'))));
  app.get('/:response_id/input_items', async (c) => c.json(await responses.inputItems(c.req.param('response_id'), parseOrThrow(itemListQuerySchema, queryObject(c)))));
  return app;
}
