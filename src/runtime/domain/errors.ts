/**
 * What went wrong with a request, in the runtime's own terms. Services, the engine and the store
 * throw these; the HTTP edge (http/apiError.ts) turns each kind into OpenAI's status and body.
 * `param` and `code` are OpenAI's fields of the same names.
 *
 * @example
 *   throw notFound('thread', id);
 *   throw invalidInput("'limit' must be between 1 and 100", 'limit');
 */
export class DomainError extends Error {
  constructor(
    /** not_found: no such object; invalid_input: the request is wrong; conflict: the object's state refuses it. */
    readonly kind: 'not_found' | 'invalid_input' | 'conflict',
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** No object of `kind` has this id (OpenAI's words). */
export function notFound(kind: string, id: string, param: string | null = null): DomainError {
  return new DomainError('not_found', `No ${kind} found with id '${id}'.`, param);
}

export function invalidInput(message: string, param: string | null = null, code: string | null = null): DomainError {
  return new DomainError('invalid_input', message, param, code);
}

/** The request is well formed, but the object's state refuses it (a run already active, a finished batch). */
export function conflict(message: string, param: string | null = null): DomainError {
  return new DomainError('conflict', message, param);
}
