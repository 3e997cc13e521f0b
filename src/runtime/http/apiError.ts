/**
 * The one error type of the runtime. Anything thrown as an ApiError becomes OpenAI's
 * `{ "error": { message, type, param, code } }` with its status in one place (the app's onError),
 * so the SDK raises its matching typed error (BadRequestError, NotFoundError, …).
 *
 * @example
 *   throw ApiError.notFound('thread', id);
 *   throw ApiError.badRequest("'limit' must be between 1 and 100", 'limit');
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
    return new ApiError(400, 'invalid_request_error', message, param, code);
  }

  static notFound(kind: string, id: string, param: string | null = null): ApiError {
    return new ApiError(404, 'invalid_request_error', `No ${kind} found with id '${id}'.`, param, null);
  }

  static unauthorized(message = 'Incorrect API key provided. Send it as "Authorization: Bearer <token>".'): ApiError {
    return new ApiError(401, 'invalid_request_error', message, null, 'invalid_api_key');
  }

  /** 413: the body is over `limitBytes`; sent before the body is read (the client can stop sending). */
  static payloadTooLarge(limitBytes: number, what = 'The request body'): ApiError {
    return new ApiError(413, 'invalid_request_error', `${what} is larger than this endpoint accepts (${formatBytes(limitBytes)}).`, null, 'request_too_large');
  }

  static methodNotAllowed(method: string, path: string): ApiError {
    return new ApiError(405, 'invalid_request_error', `${method} is not supported on ${path}.`, null, null);
  }

  toBody(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** 512 MB, 16 MB, 64 KB: limits are round numbers, so this is exact for every one we state. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
