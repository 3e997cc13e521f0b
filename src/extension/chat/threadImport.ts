import { setMaxListeners } from 'node:events';
import type OpenAI from 'openai';
import type { ConversationText } from '../editor';
import { messageText } from './threadLoader';

/** How an import is driven: who hears of progress, and the signal that cancels it. */
export interface ImportOptions {
  /** Called after each message is stored, with how many are. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * How many messages may be on their way at once. Each write to the embedded runtime answers
   * only once it is on disk (with sql.js, a snapshot up to a quarter of a second later), so one
   * at a time would take minutes for 1,000 messages; requests in flight together share a
   * snapshot. 1 for a remote server, where requests sent together may arrive in any order.
   */
  concurrency: number;
}

/**
 * Requests in flight at once against the embedded runtime. Measured with sql.js on disk for
 * 1,000 messages: 32 → 3.1 s, 100 → 2.8 s, 250 → 1.9 s; one at a time would be minutes.
 */
export const EMBEDDED_CONCURRENCY = 100;

/** The import was cancelled; the half-made thread is gone. */
export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled.');
  }
}

/**
 * Creates a thread holding `messages` in order (user and assistant alike) and returns its id.
 * Nothing is left behind when it fails or is cancelled: the half-made thread is deleted. The
 * order is checked against the thread as stored; if concurrent requests were stored out of
 * order, the thread is made again one message at a time.
 */
export async function createThreadFrom(client: OpenAI, messages: ConversationText['messages'], options: ImportOptions): Promise<string> {
  const threadId = await fill(client, messages, options);
  if (options.concurrency === 1 || (await storedInOrder(client, threadId, messages))) return threadId;
  await client.beta.threads.delete(threadId);
  return fill(client, messages, { ...options, concurrency: 1 });
}

async function fill(client: OpenAI, messages: ConversationText['messages'], { onProgress, signal, concurrency }: ImportOptions): Promise<string> {
  // Every request in flight listens to the one signal.
  if (signal) setMaxListeners(concurrency + 10, signal);
  const threadId = (await client.beta.threads.create({}, { signal })).id;
  try {
    let done = 0;
    let next = 0;
    // Each worker takes the next message in file order, so requests leave in order; the caller
    // checks the stored order, since arriving in order is the server's business.
    const worker = async () => {
      while (next < messages.length) {
        if (signal?.aborted) throw new ImportCancelled();
        const { role, text } = messages[next++]!;
        await client.beta.threads.messages.create(threadId, { role, content: text }, { signal });
        onProgress?.(++done, messages.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, messages.length)) }, worker));
    if (signal?.aborted) throw new ImportCancelled();
    return threadId;
  } catch (err) {
    await client.beta.threads.delete(threadId).catch(() => undefined);
    throw signal?.aborted ? new ImportCancelled() : err;
  }
}

/** Whether the thread holds `messages` in their order (roles and texts). */
async function storedInOrder(client: OpenAI, threadId: string, messages: ConversationText['messages']): Promise<boolean> {
  let i = 0;
  for await (const m of client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 })) {
    const want = messages[i++];
    if (!want || want.role !== m.role || want.text !== messageText(m)) return false;
  }
  return i === messages.length;
}
