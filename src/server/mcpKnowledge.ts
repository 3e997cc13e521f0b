import { openAsBlob } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../runtime/domain/clock';
import type { KnowledgeSearch, Runtime } from '../runtime/index';
import { collectKnowledgeFiles, MAX_KNOWLEDGE_FILES } from './knowledgeFolder';

/** The vector store file attribute holding the path a result shows (attribute values are at most 512 characters). */
const SHOWN_PATH = 'path';
const MAX_ATTRIBUTE_CHARS = 512;

export const NO_KNOWLEDGE = 'No Knowledge to search: this MCP server was started without files. Start it with --knowledge <folder> (for example `tutor-assistants mcp --knowledge ~/course-notes`), then search again.';

/**
 * Indexes the `--knowledge` files into one vector store of the in-memory runtime, in the
 * background, and returns the search the toolbox calls. A search made while indexing is still
 * under way waits for it: clients connect and list tools at once, and a first search that found
 * nothing only because start-up was not finished would mislead the model.
 */
export function indexKnowledge(runtime: Runtime, paths: string[], logger: Logger): { search: KnowledgeSearch; ready: Promise<void> } {
  if (!paths.length) return { search: async () => NO_KNOWLEDGE, ready: Promise.resolve() };
  const ready = fill(runtime, paths, logger);
  const search: KnowledgeSearch = async ({ query, maxResults, signal }) => {
    const storeId = await ready;
    if (!storeId) return `Nothing could be indexed from ${paths.join(', ')} (the server's log on stderr says why). Start the server with --knowledge naming a folder of notes, PDFs or code.`;
    const { results } = await runtime.vectorStores.searchAvailable([storeId], { queries: [query], maxResults, scoreThreshold: 0, ...(signal ? { signal } : {}) });
    return results.map((hit) => {
      const shown = hit.attributes?.[SHOWN_PATH];
      return typeof shown === 'string' ? { ...hit, filename: shown } : hit;
    });
  };
  return { search, ready: ready.then(() => undefined) };
}

/** Uploads every file and waits until the store has ingested them; resolves with the store's id, or undefined when nothing was added. */
async function fill(runtime: Runtime, paths: string[], logger: Logger): Promise<string | undefined> {
  const started = performance.now();
  const { files, problems, truncated } = await collectKnowledgeFiles(paths);
  for (const problem of problems) logger.warn(`knowledge: ${problem}`);
  if (truncated) logger.warn(`knowledge: more than ${MAX_KNOWLEDGE_FILES} files; only the first ${MAX_KNOWLEDGE_FILES} are indexed. Name a narrower folder.`);
  if (!files.length) {
    logger.warn(`knowledge: no readable files in ${paths.join(', ')}`);
    return undefined;
  }
  const store = await runtime.vectorStores.create({ name: 'Knowledge' });
  const shownById = new Map<string, string>();
  for (const file of files) {
    try {
      const fileId = await upload(runtime, file.absolute);
      shownById.set(fileId, file.shown);
      const attributes = file.shown.length <= MAX_ATTRIBUTE_CHARS ? { [SHOWN_PATH]: file.shown } : null;
      await runtime.vectorStores.addFile(store.id, { file_id: fileId, attributes });
    } catch (err) {
      logger.warn(`knowledge: ${file.absolute}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  await runtime.vectorStores.idle();
  const unreadable = (await runtime.vectorStores.listFiles(store.id, { filter: 'failed', limit: 100, order: 'asc' })).data;
  for (const f of unreadable) logger.warn(`knowledge: ${shownById.get(f.id) ?? f.id}: ${f.last_error?.message ?? 'could not be read'}`);
  const indexed = (await runtime.vectorStores.get(store.id)).file_counts.completed;
  logger.info(`knowledge: ${indexed} of ${files.length} file(s) indexed from ${paths.join(', ')} in ${Math.round(performance.now() - started)} ms`);
  return store.id;
}

/** Through the runtime's own Files API, as any client would upload. */
async function upload(runtime: Runtime, file: string): Promise<string> {
  const form = new FormData();
  form.append('purpose', 'assistants');
  // openAsBlob reads the file as the request streams it, so a large PDF is never held whole.
  form.append('file', await openAsBlob(file), path.basename(file));
  const response = await runtime.fetch(new Request('http://tutor.local/v1/files', { method: 'POST', body: form }));
  const body = (await response.json()) as { id?: string; error?: { message?: string } };
  if (!response.ok || !body.id) throw new Error(body.error?.message ?? `upload failed with status ${response.status}`);
  return body.id;
}
