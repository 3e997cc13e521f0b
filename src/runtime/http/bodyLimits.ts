import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './apiError';

/**
 * Refuses a JSON body over `maxBytes` with a 413 in OpenAI's shape: by its Content-Length before
 * reading a byte, or, for a body sent chunked, as soon as the bytes counted pass the limit (Hono's
 * middleware counts). Requests with a Content-Length are judged from the header alone: touching
 * the body stream of a request that is then answered without reading it (a 404, say) made the
 * Node adapter close the keep-alive connection under the client's next request.
 */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw ApiError.payloadTooLarge(maxBytes);
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (c.req.header('transfer-encoding')) return counted(c, next);
    if (Number(c.req.header('content-length') ?? 0) > maxBytes) tooLarge();
    await next();
  };
}
