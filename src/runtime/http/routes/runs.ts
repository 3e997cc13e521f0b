import { Hono, type Context } from 'hono';
import type { RunEvent } from '../../engine/events';
import type { Run } from '../../domain/objects';
import { createRunSchema, includeQuerySchema, listQuerySchema, modifyMetadataSchema, parseOrThrow, submitToolOutputsSchema, type CreateRunParams } from '../../domain/requests';
import { jsonBody, listBody, queryObject, type RouteDeps } from '../routeContext';
import { sseResponse } from '../sse';

/** How long the SDK's createAndPoll should wait between polls of an active run. */
const POLL_AFTER_MS = '25';

/** Creates a run and either streams it or returns it queued while it runs in the background. */
export async function startRun({ runs }: RouteDeps, c: Context, threadId: string, params: Omit<CreateRunParams, 'additional_instructions' | 'additional_messages'> & Partial<CreateRunParams>, before?: RunEvent, include: string[] = []): Promise<Response> {
  const run = await runs.create(threadId, params as CreateRunParams, include);
  if (params.stream) {
    return sseResponse(async (sink) => {
      if (before) sink.emit(before);
      return await runs.start(run, sink);
    });
  }
  void runs.start(run);
  return c.json(run);
}

function withPollHint(c: Context, run: Run): Response {
  if (!['completed', 'failed', 'cancelled', 'expired', 'incomplete', 'requires_action'].includes(run.status)) c.header('openai-poll-after-ms', POLL_AFTER_MS);
  return c.json(run);
}

export function runRoutes(deps: RouteDeps): Hono {
  const { runs } = deps;
  const app = new Hono();

  app.post('/:thread_id/runs', async (c) => {
    const include = includeOf(c);
    return startRun(deps, c, c.req.param('thread_id'), parseOrThrow(createRunSchema, await jsonBody(c)), undefined, include);
  });
  app.get('/:thread_id/runs', async (c) => {
    const threadId = c.req.param('thread_id');
    await deps.threads.getThread(threadId);
    return c.json(listBody(await runs.list(threadId, parseOrThrow(listQuerySchema, queryObject(c)))));
  });
  app.get('/:thread_id/runs/:run_id', async (c) => withPollHint(c, await runs.get(c.req.param('thread_id'), c.req.param('run_id'))));
  app.post('/:thread_id/runs/:run_id', async (c) => {
    const threadId = c.req.param('thread_id');
    const runId = c.req.param('run_id');
    await runs.get(threadId, runId);
    const p = parseOrThrow(modifyMetadataSchema, await jsonBody(c));
    return c.json(await runs.modify(threadId, runId, p.metadata));
  });
  app.post('/:thread_id/runs/:run_id/cancel', async (c) => c.json(await runs.cancel(c.req.param('thread_id'), c.req.param('run_id'))));
  app.post('/:thread_id/runs/:run_id/submit_tool_outputs', async (c) => {
    const threadId = c.req.param('thread_id');
    const runId = c.req.param('run_id');
    const p = parseOrThrow(submitToolOutputsSchema, await jsonBody(c));
    const submission = await runs.submitToolOutputs(threadId, runId, p.tool_outputs);
    if (p.stream) return sseResponse(async (sink) => (await submission.resume(sink)).done);
    const { run } = await submission.resume();
    return c.json(run);
  });

  // Run steps
  app.get('/:thread_id/runs/:run_id/steps', async (c) => {
    const threadId = c.req.param('thread_id');
    const runId = c.req.param('run_id');
    await runs.get(threadId, runId);
    const include = includeOf(c);
    const query = queryObject(c);
    delete query['include[]'];
    return c.json(listBody(await runs.listSteps(threadId, runId, parseOrThrow(listQuerySchema, query), include)));
  });
  app.get('/:thread_id/runs/:run_id/steps/:step_id', async (c) => {
    const threadId = c.req.param('thread_id');
    const runId = c.req.param('run_id');
    await runs.get(threadId, runId);
    return c.json(await runs.getStep(threadId, runId, c.req.param('step_id'), includeOf(c)));
  });
  return app;
}

/** The `include[]` query values (file search result content is the one OpenAI defines). */
function includeOf(c: Context): string[] {
  const value = parseOrThrow(includeQuerySchema, { 'include[]': queryObject(c)['include[]'] })['include[]'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
