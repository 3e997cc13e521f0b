import type { DomainError } from '../domain/errors';

/**
 * The runtime's errors as the HTTP edge answers them: OpenAI's
 * `{ "error": { message, type, param, code } }` with its status, in one place (the app's onError),
 * so the SDK raises its matching typed error (BadRequestError, NotFoundError, …). Code below the
 * edge throws DomainError; `fromDomain` gives its status here.
 *
 * @example
 *   throw ApiError.badRequest('The multipart body could not be read.', 'file');
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

  /** OpenAI answers a missing object with 404 and a refused state or input with 400. */
  static fromDomain(err: DomainError): ApiError {
    return new ApiError(DOMAIN_STATUS[err.kind], 'invalid_request_error', err.message, err.param, err.code);
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

const DOMAIN_STATUS: Record<DomainError['kind'], number> = { not_found: 404, invalid_input: 400, conflict: 400 };

/** 512 MB, 16 MB, 64 KB: limits are round numbers, so this is exact for every one we state. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
