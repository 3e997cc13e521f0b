import type OpenAI from 'openai';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { TranscriptMessage } from '../../common/protocol';
import { annotationViews } from './annotationViews';
import type { AnswerFiles } from './answerFiles';
import { imageDataUrls, messageToolCalls } from './toolCallViews';
import { errorMessage } from '../../common/errorMessage';

/** Messages of a thread as the chat shows them, oldest first, and whether older ones exist. */
export interface ThreadPage {
  messages: TranscriptMessage[];
  hasOlder: boolean;
}

/** What the loader needs besides the client: where citation chips point, and the log. */
export interface LoaderDeps {
  files: Pick<AnswerFiles, 'fileName' | 'remember'>;
  warn: (message: string) => void;
}

/**
 * How many messages a thread opens with: enough to fill a tall view a few times over, few enough
 * that opening a 1,000-message thread costs the same as opening a 40-message one.
 */
export const NEWEST_PAGE = 40;
/** How many older messages `chat/older` returns when the view names no limit. */
export const OLDER_PAGE = 50;
/** The most the Assistants API lists in one request. */
const LIST_MAX = 100;

/**
 * A thread's newest messages as the chat shows them (text, citation chips, file links, tool-call
 * cards), read back from the server. Throws when the messages cannot be read.
 */
export async function loadNewestPage(client: OpenAI, threadId: string, deps: LoaderDeps, limit = NEWEST_PAGE): Promise<ThreadPage> {
  const page = await client.beta.threads.messages.list(threadId, { order: 'desc', limit });
  return { messages: await transcript(client, threadId, [...page.data].reverse(), deps), hasOlder: page.has_more };
}

/**
 * The messages before `before`, oldest first: `limit` of them, or with `through`, every one back
 * to and including that message. Throws when `through` is not older than `before` in the thread
 * (the view asked for something it cannot have), or when the messages cannot be read.
 */
export async function loadOlder(client: OpenAI, threadId: string, request: { before: string; limit?: number; through?: string }, deps: LoaderDeps): Promise<ThreadPage> {
  const { before, through } = request;
  const limit = request.limit ?? OLDER_PAGE;
  const newestFirst: Message[] = [];
  let cursor = before;
  let hasOlder = true;
  let found = false;
  while (hasOlder && !found && (through !== undefined || newestFirst.length < limit)) {
    const want = through !== undefined ? LIST_MAX : Math.min(LIST_MAX, limit - newestFirst.length);
    const page = await client.beta.threads.messages.list(threadId, { order: 'desc', after: cursor, limit: want });
    const end = through === undefined ? -1 : page.data.findIndex((m) => m.id === through);
    found = end >= 0;
    newestFirst.push(...(found ? page.data.slice(0, end + 1) : page.data));
    hasOlder = page.has_more || (found && end < page.data.length - 1);
    if (page.data.length === 0) break;
    cursor = page.data.at(-1)!.id;
  }
  if (through !== undefined && !found) throw new Error(`Message ${through} is not before ${before} in this conversation.`);
  return { messages: await transcript(client, threadId, newestFirst.reverse(), deps), hasOlder };
}

/** The chat's view of `messages` (oldest first), with the cards of just these answers. */
async function transcript(client: OpenAI, threadId: string, messages: readonly Message[], { files, warn }: LoaderDeps): Promise<TranscriptMessage[]> {
  const views: TranscriptMessage[] = [];
  for (const m of messages) {
    const annotations = m.role === 'assistant' ? await annotationViews(m, (id) => files.fileName(id)) : undefined;
    if (annotations) files.remember(m.id, annotations.sources);
    views.push({
      id: m.id,
      role: m.role,
      text: messageText(m),
      status: m.status === 'incomplete' ? 'incomplete' : 'complete',
      createdAt: m.created_at * 1000,
      ...(annotations ? { citations: annotations.citations, files: annotations.files } : {}),
    });
  }
  await restoreToolCalls(client, threadId, messages, views, warn);
  return views;
}

/** A message's text as written: its text parts, one per line (images and files are not text). */
export function messageText(m: Pick<Message, 'content'>): string {
  return m.content.map((c) => (c.type === 'text' ? c.text.value : '')).join('\n');
}

/**
 * Puts each answer's tool-call cards back (code, logs, images, search results, badges), read
 * from the run steps of these answers' runs. The text matters most: if the steps cannot be read,
 * the conversation still opens, without its cards, and the log says why.
 */
async function restoreToolCalls(client: OpenAI, threadId: string, messages: readonly Message[], views: TranscriptMessage[], warn: (message: string) => void): Promise<void> {
  let calls: Awaited<ReturnType<typeof messageToolCalls>>;
  try {
    calls = await messageToolCalls(client, threadId, messages, imageDataUrls(client, warn));
  } catch (err) {
    warn(`Could not restore the tool calls of thread ${threadId}: ${errorMessage(err)}`);
    return;
  }
  for (const view of views) {
    const cards = calls.get(view.id);
    if (cards) view.toolCalls = cards;
  }
}
