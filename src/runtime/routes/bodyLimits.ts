import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';

/**
 * Refuses a JSON body over `maxBytes` with a 413 in OpenAI's shape: by its Content-Length before
 * reading a byte, or, for a body sent without one (chunked), as soon as the bytes counted pass
 * the limit. Hono's middleware does the counting; this only gives the refusal our words.
 */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw ApiError.payloadTooLarge(maxBytes);
    },
  });
}
