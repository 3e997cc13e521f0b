import type { Message, Run } from '../domain/objects';
import { silentSink } from './events';
import type { RunRecorder } from './recorder';
import type { Leases } from '../store/leases';

export const LIVE_STATUSES = ['queued', 'in_progress', 'cancelling', 'requires_action'] as const;

const STOPPED_MESSAGE = 'The Assistants runtime stopped while this run was in progress. Start a new run to continue.';

/**
 * Ends a run nobody is executing any more (its runtime stopped, or the instance holding its lease
 * died): open steps and the message it was writing are closed, and the run becomes cancelled
 * (if a cancel was asked), expired (if it waited for tool outputs) or failed. Not resumed: the
 * model's half-streamed answer cannot be continued, and asking again would bill twice and write
 * the answer twice. Re-reads the run in a transaction, so two instances settling it take turns
 * and the second finds nothing to do. Returns the run as settled, or undefined if it was not.
 */
export async function settleOrphan(recorder: RunRecorder, leases: Leases, runId: string, stillOrphan: (run: Run) => Promise<boolean>): Promise<Run | undefined> {
  const { store } = recorder;
  return await store.transaction(async () => {
    const run = await store.get<Run>('run', runId);
    if (!run || !(LIVE_STATUSES as readonly string[]).includes(run.status)) {
      await leases.release(runId);
      return undefined;
    }
    if (!(await stillOrphan(run))) return undefined;
    const now = recorder.now();
    const cancelled = run.status === 'cancelling';
    const waited = run.status === 'requires_action';
    await recorder.finishOpenSteps(run.id, cancelled ? 'cancelled' : waited ? 'expired' : 'failed', silentSink);
    for (const msg of await store.withStatus<Message>('message', ['in_progress'], { run_id: run.id })) {
      await recorder.save<Message>({ ...msg, status: 'incomplete', incomplete_at: now, incomplete_details: { reason: 'run_failed' } });
    }
    await leases.release(runId);
    if (cancelled) return await recorder.save<Run>({ ...run, status: 'cancelled', cancelled_at: now, expires_at: null, required_action: null });
    if (waited) return await recorder.save<Run>({ ...run, status: 'expired', required_action: null, expires_at: null });
    return await recorder.save<Run>({ ...run, status: 'failed', failed_at: now, expires_at: null, required_action: null, last_error: { code: 'server_error', message: STOPPED_MESSAGE } });
  });
}
