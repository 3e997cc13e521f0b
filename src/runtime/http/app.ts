import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Logger } from '../domain/clock';
import { DomainError } from '../domain/errors';
import { JSON_BODY_LIMITS, REFUSED_BODY_DRAIN_BYTES } from '../domain/limits';
import { ApiError } from './apiError';
import { jsonBodyLimit } from './bodyLimits';
import type { RouteDeps } from './routeContext';
import { assistantRoutes } from './routes/assistants';
import { containerRoutes } from './routes/containers';
import { conversationRoutes } from './routes/conversations';
import { responseRoutes } from './routes/responses';
import { fileRoutes } from './routes/files';
import { runRoutes } from './routes/runs';
import { threadRoutes } from './routes/threads';
import { vectorStoreRoutes } from './routes/vectorStores';

export interface HttpOptions {
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** The largest upload accepted, in bytes. */
  maxFileBytes: number;
  logger: Logger;
}

/**
 * The Assistants v2, Responses and Conversations APIs over the services, under /v1: the token check, body limits, the routes,
 * and the one place errors become OpenAI's shape and status (onError below).
 */
export function httpApp(services: RouteDeps, options: HttpOptions): Hono {
  const app = new Hono().basePath('/v1');
  if (options.token) {
    const expected = Buffer.from(`Bearer ${options.token}`);
    app.use('*', async (c, next) => {
      const given = Buffer.from(c.req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw ApiError.unauthorized();
      await next();
    });
  }
  // After the token check, so a stranger's body is never read at all; uploads count their own bytes (routes/files.ts).
  for (const [family, limit] of Object.entries(JSON_BODY_LIMITS)) app.use(`/${family}`, jsonBodyLimit(limit)).use(`/${family}/*`, jsonBodyLimit(limit));
  app.route('/assistants', assistantRoutes(services));
  app.route('/files', fileRoutes(services, options.maxFileBytes));
  app.route('/threads', runRoutes(services));
  app.route('/threads', threadRoutes(services));
  app.route('/vector_stores', vectorStoreRoutes(services.vectorStores));
  app.route('/responses', responseRoutes(services.responses));
  app.route('/conversations', conversationRoutes(services.conversations));
  app.route('/containers', containerRoutes(services.containers));
  app.notFound((c) => c.json(new ApiError(404, 'invalid_request_error', `Invalid URL (${c.req.method} ${new URL(c.req.url).pathname})`).toBody(), 404));
  app.onError((thrown, c) => {
    const err = thrown instanceof DomainError ? ApiError.fromDomain(thrown) : thrown;
    if (err instanceof ApiError) {
      if (err.status === 413 && !drainable(c.req.raw)) c.header('connection', 'close');
      return c.json(err.toBody(), err.status as 400);
    }
    options.logger.error(`${c.req.method} ${c.req.path} failed`, err);
    return c.json(new ApiError(500, 'server_error', 'The Assistants runtime hit an internal error. It has been logged.').toBody(), 500);
  });
  return app;
}

/** Whether a refused request's remaining body is small and sized, so reading it beats closing (domain/limits.ts). */
function drainable(request: Request): boolean {
  if (request.headers.get('transfer-encoding')) return false;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) && declared <= REFUSED_BODY_DRAIN_BYTES;
}
