import { Hono, type Context } from 'hono';
import type { RunEvent } from '../../engine/events';
import { publicStep } from '../../engine/runEngine';
import { ApiError } from '../apiError';
import type { Run, RunStep } from '../../domain/objects';
import { createRunSchema, includeQuerySchema, listQuerySchema, modifyMetadataSchema, parseOrThrow, submitToolOutputsSchema, type CreateRunParams } from '../../domain/requests';
import { jsonBody, listBody, queryObject, type RouteDeps } from '../routeContext';
import { sseResponse } from '../sse';

/** How long the SDK's createAndPoll should wait between polls of an active run. */
const POLL_AFTER_MS = '25';

/** Creates a run and either streams it or returns it queued while it runs in the background. */
export function startRun(deps: RouteDeps, c: Context, threadId: string, params: Omit<CreateRunParams, 'additional_instructions' | 'additional_messages'> & Partial<CreateRunParams>, before?: RunEvent, include: string[] = []): Response {
  const run = deps.engine.createRun(threadId, params as CreateRunParams, include);
  if (params.stream) {
    return sseResponse((sink) => {
      if (before) sink.emit(before);
      return deps.engine.start(run, sink);
    });
  }
  void deps.engine.start(run);
  return c.json(run);
}

function withPollHint(c: Context, run: Run): Response {
  if (!['completed', 'failed', 'cancelled', 'expired', 'incomplete', 'requires_action'].includes(run.status)) c.header('openai-poll-after-ms', POLL_AFTER_MS);
  return c.json(run);
}

export function runRoutes(deps: RouteDeps): Hono {
  const { store, engine } = deps;
  const app = new Hono();

  app.post('/:thread_id/runs', async (c) => {
    const include = includeOf(c);
    return startRun(deps, c, c.req.param('thread_id'), parseOrThrow(createRunSchema, await jsonBody(c)), undefined, include);
  });
  app.get('/:thread_id/runs', (c) => {
    const threadId = c.req.param('thread_id');
    engine.conversation.getThread(threadId);
    return c.json(listBody(store.list<Run>('run', { thread_id: threadId }, parseOrThrow(listQuerySchema, queryObject(c)))));
  });
  app.get('/:thread_id/runs/:run_id', (c) => withPollHint(c, engine.getRun(c.req.param('thread_id'), c.req.param('run_id'))));
  app.post('/:thread_id/runs/:run_id', async (c) => {
    const run = engine.getRun(c.req.param('thread_id'), c.req.param('run_id'));
    const p = parseOrThrow(modifyMetadataSchema, await jsonBody(c));
    return c.json(store.update('run', { ...run, metadata: p.metadata ?? run.metadata }));
  });
  app.post('/:thread_id/runs/:run_id/cancel', (c) => c.json(engine.cancel(c.req.param('thread_id'), c.req.param('run_id'))));
  app.post('/:thread_id/runs/:run_id/submit_tool_outputs', async (c) => {
    const threadId = c.req.param('thread_id');
    const runId = c.req.param('run_id');
    const p = parseOrThrow(submitToolOutputsSchema, await jsonBody(c));
    const submission = engine.submitToolOutputs(threadId, runId, p.tool_outputs);
    if (p.stream) return sseResponse((sink) => submission.resume(sink).done);
    const { run } = submission.resume();
    return c.json(run);
  });

  // Run steps
  app.get('/:thread_id/runs/:run_id/steps', (c) => {
    const run = engine.getRun(c.req.param('thread_id'), c.req.param('run_id'));
    const include = includeOf(c);
    const query = queryObject(c);
    delete query['include[]'];
    const page = store.list<RunStep>('run_step', { run_id: run.id }, parseOrThrow(listQuerySchema, query));
    return c.json(listBody({ ...page, data: page.data.map((s) => publicStep(s, include)) }));
  });
  app.get('/:thread_id/runs/:run_id/steps/:step_id', (c) => {
    const run = engine.getRun(c.req.param('thread_id'), c.req.param('run_id'));
    const step = store.get<RunStep>('run_step', c.req.param('step_id'));
    if (!step || step.run_id !== run.id) throw ApiError.notFound('run step', c.req.param('step_id'));
    return c.json(publicStep(step, includeOf(c)));
  });
  return app;
}

/** The `include[]` query values (file search result content is the one OpenAI defines). */
function includeOf(c: Context): string[] {
  const value = parseOrThrow(includeQuerySchema, { 'include[]': queryObject(c)['include[]'] })['include[]'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
