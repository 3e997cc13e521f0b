import { createHash } from 'node:crypto';
import OpenAI, { toFile } from 'openai';
import * as vscode from 'vscode';
import type { Candidate } from './knowledgeFiles';
import type { IndexedFile, KnowledgeState, ServerKnowledge } from './knowledgeState';

export interface IndexContext {
  client: OpenAI;
  /** Which server `client` talks to ('' for the embedded runtime): the state is kept per server. */
  server: string;
  state: KnowledgeState;
  workspaceName: string;
  log: vscode.LogOutputChannel;
}

export interface IndexResult {
  storeId: string;
  /** Workspace-relative paths now in the store with their current content. */
  indexed: string[];
  /** Already in the store with the same content. */
  unchanged: string[];
  failed: { path: string; reason: string }[];
  cancelled: boolean;
}

/** Progress for one phase: uploads fill the bar's first half, indexing the second. */
export type ProgressSink = (message: string, fraction: number) => void;

const UPLOADS_IN_FLIGHT = 4;
/** Below OpenAI's 2,000-file limit per batch, and small enough that progress moves. */
const BATCH_SIZE = 500;
/** How long to wait for a batch to settle after asking it to cancel. */
const CANCEL_GRACE_MS = 10_000;

/**
 * Uploads the files that are new or changed, adds them to the workspace's knowledge vector store
 * in batches and waits until they are indexed. A changed file's new version goes in before its
 * old one comes out, so search never misses it in between. Files that fail to index are removed
 * again (a failed entry only clutters the store); `signal` stops uploads and cancels the batch.
 */
export async function indexFiles(ctx: IndexContext, files: Candidate[], progress: ProgressSink, signal: AbortSignal): Promise<IndexResult> {
  const knowledge = ctx.state.get(ctx.server);
  const storeId = await ensureStore(ctx, knowledge);
  const result: IndexResult = { storeId, indexed: [], unchanged: [], failed: [], cancelled: false };
  const present = await filesInStore(ctx.client, storeId);

  const uploaded = new Map<string, { file: Candidate; entry: IndexedFile }>();
  let done = 0;
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file && !signal.aborted; file = queue.shift()) {
      try {
        const entry = await uploadIfChanged(ctx, knowledge, present, file);
        if (entry) uploaded.set(entry.fileId, { file, entry });
        else result.unchanged.push(file.path);
      } catch (err) {
        result.failed.push({ path: file.path, reason: reasonOf(err) });
        ctx.log.warn(`Knowledge: could not upload ${file.path}: ${reasonOf(err)}`);
      }
      progress(vscode.l10n.t('Uploading {0}/{1}…', ++done, files.length), 0.5 * (done / files.length));
    }
  };
  await Promise.all(Array.from({ length: UPLOADS_IN_FLIGHT }, worker));
  // Entries for unchanged files may carry a new mtime: saving it spares the hash next time.
  await ctx.state.set(ctx.server, knowledge);

  if (signal.aborted) {
    result.cancelled = true;
    await Promise.all([...uploaded.keys()].map((id) => removeFile(ctx, storeId, id)));
    return result;
  }

  const ids = [...uploaded.keys()];
  let indexedCount = 0;
  for (let i = 0; i < ids.length; i += BATCH_SIZE) {
    const batchIds = ids.slice(i, i + BATCH_SIZE);
    if (signal.aborted) {
      // Uploaded for a batch that will not run: nothing else would ever delete them.
      await Promise.all(batchIds.map((id) => removeFile(ctx, storeId, id)));
      continue;
    }
    const batch = await runBatch(ctx, storeId, batchIds, signal, (completed) => {
      progress(vscode.l10n.t('Indexing {0}/{1}…', indexedCount + completed, ids.length), 0.5 + 0.5 * ((indexedCount + completed) / ids.length));
    });
    indexedCount += batchIds.length;
    await settle(ctx, knowledge, storeId, batch.id, batchIds, uploaded, result);
    await ctx.state.set(ctx.server, knowledge);
  }
  // Cancelled means the user asked to stop, even if the last batch finished first.
  result.cancelled = signal.aborted;
  return result;
}

/** The workspace's store: the one remembered, or a new one when there is none or it was deleted. */
async function ensureStore(ctx: IndexContext, knowledge: ServerKnowledge): Promise<string> {
  if (knowledge.storeId) {
    try {
      const store = await ctx.client.vectorStores.retrieve(knowledge.storeId);
      if (store.status !== 'expired') return store.id;
    } catch (err) {
      if (!(err instanceof OpenAI.NotFoundError)) throw err;
    }
    // The store is gone, and the files uploaded for it are now orphans: remove them quietly.
    ctx.log.info(`Knowledge: vector store ${knowledge.storeId} is gone; creating a new one.`);
    await Promise.all(Object.values(knowledge.files).map((f) => ctx.client.files.delete(f.fileId).catch(() => undefined)));
  }
  const store = await ctx.client.vectorStores.create({ name: `Tutor knowledge: ${ctx.workspaceName}` });
  knowledge.storeId = store.id;
  knowledge.files = {};
  await ctx.state.set(ctx.server, knowledge);
  ctx.log.info(`Knowledge: created vector store ${store.id} for ${ctx.workspaceName}.`);
  return store.id;
}

/** Ids of the files the store holds, indexed: an entry missing here is uploaded again. */
async function filesInStore(client: OpenAI, storeId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const f of client.vectorStores.files.list(storeId, { limit: 100, filter: 'completed' })) ids.add(f.id);
  return ids;
}

/** Uploads the file unless the store already has this content; returns the new entry. */
async function uploadIfChanged(ctx: IndexContext, knowledge: ServerKnowledge, present: Set<string>, file: Candidate): Promise<IndexedFile | undefined> {
  const prior = knowledge.files[file.path];
  const known = prior && present.has(prior.fileId);
  if (known && prior.mtime === file.mtime && prior.size === file.size) return undefined;
  const bytes = await vscode.workspace.fs.readFile(file.uri);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (known && prior.sha256 === sha256) {
    // Touched but not changed (a checkout, a save without edits): keep the entry.
    knowledge.files[file.path] = { ...prior, mtime: file.mtime, size: file.size };
    return undefined;
  }
  const name = file.path.split('/').pop()!;
  // Not aborted mid-request on cancel: the server might keep a file whose id never reached us,
  // an orphan nobody could delete. Cancel stops new uploads; those in flight finish, then go.
  const created = await ctx.client.files.create({ file: await toFile(bytes, name), purpose: 'assistants' });
  return { fileId: created.id, uri: file.uri.toString(), mtime: file.mtime, size: file.size, sha256 };
}

/** Adds files to the store as one batch and polls until it settles; cancels it when `signal` fires. */
async function runBatch(ctx: IndexContext, storeId: string, fileIds: string[], signal: AbortSignal, onProgress: (completed: number) => void) {
  const batches = ctx.client.vectorStores.fileBatches;
  let batch = await batches.create(storeId, { file_ids: fileIds });
  let cancelledAt: number | undefined;
  let wait = 150;
  // 'cancelling' is OpenAI's state between a cancel request and the end; the SDK's type lacks it.
  const busy = () => batch.status === 'in_progress' || (batch.status as string) === 'cancelling';
  while (busy()) {
    onProgress(batch.file_counts.completed + batch.file_counts.failed);
    if (signal.aborted && cancelledAt === undefined) {
      cancelledAt = Date.now();
      batch = await batches.cancel(batch.id, { vector_store_id: storeId });
      continue;
    }
    if (cancelledAt !== undefined && Date.now() - cancelledAt > CANCEL_GRACE_MS) break;
    // Once cancelled, `signal` no longer cuts the wait short (it has fired; that would spin).
    await sleep(wait, cancelledAt === undefined ? signal : undefined);
    wait = Math.min(wait * 1.5, 1000);
    batch = await batches.retrieve(batch.id, { vector_store_id: storeId });
  }
  onProgress(batch.file_counts.completed + batch.file_counts.failed);
  ctx.log.info(`Knowledge: batch ${batch.id} ${batch.status}: ${JSON.stringify(batch.file_counts)}`);
  return batch;
}

/**
 * Records what a settled batch indexed (replacing older versions of the same files) and removes
 * what failed or was cancelled, keeping the first reason of each failure for the summary.
 */
async function settle(ctx: IndexContext, knowledge: ServerKnowledge, storeId: string, batchId: string, fileIds: string[], uploaded: Map<string, { file: Candidate; entry: IndexedFile }>, result: IndexResult): Promise<void> {
  const statuses = new Map<string, { status: string; reason?: string }>();
  for await (const vf of ctx.client.vectorStores.fileBatches.listFiles(batchId, { vector_store_id: storeId, limit: 100 })) {
    statuses.set(vf.id, { status: vf.status, reason: vf.last_error?.message });
  }
  const removals: Promise<void>[] = [];
  for (const id of fileIds) {
    const { file, entry } = uploaded.get(id)!;
    const outcome = statuses.get(id);
    if (outcome?.status === 'completed') {
      const prior = knowledge.files[file.path];
      knowledge.files[file.path] = entry;
      result.indexed.push(file.path);
      if (prior && prior.fileId !== id) removals.push(removeFile(ctx, storeId, prior.fileId));
      continue;
    }
    if (outcome?.status === 'failed') {
      result.failed.push({ path: file.path, reason: outcome.reason || vscode.l10n.t('the server gave no reason') });
      ctx.log.warn(`Knowledge: ${file.path} failed to index: ${outcome.reason ?? 'no reason given'}`);
    }
    removals.push(removeFile(ctx, storeId, id));
  }
  await Promise.all(removals);
}

/** Takes a file out of the store and deletes the upload; best effort (it may be gone already). */
async function removeFile(ctx: IndexContext, storeId: string, fileId: string): Promise<void> {
  await ctx.client.vectorStores.files.delete(fileId, { vector_store_id: storeId }).catch(() => undefined);
  await ctx.client.files.delete(fileId).catch((err: unknown) => ctx.log.warn(`Knowledge: could not delete file ${fileId}: ${reasonOf(err)}`));
}

export function reasonOf(err: unknown): string {
  if (err instanceof OpenAI.APIError && err.error && typeof err.error === 'object' && 'message' in err.error) return String(err.error.message);
  return err instanceof Error ? err.message : String(err);
}

/** Waits `ms`, or less when `signal` fires: cancelling should not wait out a poll interval. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
