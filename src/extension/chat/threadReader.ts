import type OpenAI from 'openai';
import type { ThreadView } from '../../common/protocol';
import { loadOlder, type LoaderDeps, type ThreadPage } from './threadLoader';
import { matchingIds, wholeThreadText, type MessageText } from './threadText';

/** What the reader needs from the conversation: the current thread and the client. */
export interface ThreadReaderDeps {
  /** The current thread as the views show it (loaded first if need be), the running answer included. */
  current(): Promise<ThreadView>;
  /** Whether `threadId` is still the current thread (checked again after every await). */
  isCurrent(threadId: string): boolean;
  client(): Promise<OpenAI>;
  loader: LoaderDeps;
}

/**
 * Reads the current thread beyond the newest page the host holds: older pages for a view
 * scrolling up, and the whole thread as text for find and export.
 */
export class ThreadReader {
  constructor(private readonly deps: ThreadReaderDeps) {}

  /** How pages are read (the controller loads the newest page with the same). */
  get loader(): LoaderDeps {
    return this.deps.loader;
  }

  /**
   * Older messages for a view scrolling up (`chat/older`). Refused when the view asks about a
   * thread that is no longer the current one: its answer would land in the wrong conversation.
   */
  async older(request: { threadId: string; before: string; limit?: number; through?: string }): Promise<ThreadPage> {
    const stale = () => new Error(`Conversation ${request.threadId} is no longer the open one.`);
    if (!this.deps.isCurrent(request.threadId)) throw stale();
    const page = await loadOlder(await this.deps.client(), request.threadId, request, this.deps.loader);
    if (!this.deps.isCurrent(request.threadId)) throw stale();
    return page;
  }

  /** The ids of the messages that contain `query` (ignoring case), oldest first: the whole thread, not the page the host holds. */
  async find(query: string): Promise<{ threadId: string | null; messageIds: string[] }> {
    const thread = await this.wholeThread();
    return { threadId: thread.threadId, messageIds: thread.threadId ? matchingIds(thread.messages, query) : [] };
  }

  /** Every message as text, oldest first, with the question and answer in flight: what export and find read. */
  async wholeThread(): Promise<{ threadId: string | null; title: string; messages: MessageText[] }> {
    const { threadId, title, messages: held } = await this.deps.current();
    if (!threadId) return { threadId: null, title, messages: held.map(({ id, role, text }) => ({ id, role, text })) };
    return { threadId, title, messages: await wholeThreadText(await this.deps.client(), threadId, held) };
  }
}
