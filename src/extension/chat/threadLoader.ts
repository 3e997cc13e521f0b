import type OpenAI from 'openai';
import type { ToolCallView, TranscriptMessage } from '../../common/protocol';
import { annotationViews } from './annotationViews';
import type { AnswerFiles } from './answerFiles';
import { imageDataUrls, threadToolCalls } from './toolCallViews';

/**
 * A thread's transcript as the chat shows it: text, citation chips, file links and tool-call
 * cards, read back from the server; where each chip points goes to `files`. Throws when the
 * messages cannot be read.
 */
export async function loadThread(client: OpenAI, threadId: string, files: Pick<AnswerFiles, 'fileName' | 'remember'>, warn: (message: string) => void): Promise<TranscriptMessage[]> {
  const messages: TranscriptMessage[] = [];
  for await (const m of client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 })) {
    const views = m.role === 'assistant' ? await annotationViews(m, (id) => files.fileName(id)) : undefined;
    if (views) files.remember(m.id, views.sources);
    messages.push({
      id: m.id,
      role: m.role,
      text: m.content.map((c) => (c.type === 'text' ? c.text.value : '')).join('\n'),
      status: m.status === 'incomplete' ? 'incomplete' : 'complete',
      createdAt: m.created_at * 1000,
      ...(views ? { citations: views.citations, files: views.files } : {}),
    });
  }
  await restoreToolCalls(client, threadId, messages, warn);
  return messages;
}

/**
 * Puts each answer's tool-call cards back (code, logs, images, search results, badges), read
 * from the thread's run steps. The text matters most: if the steps cannot be read, the
 * conversation still opens, without its cards, and the log says why.
 */
async function restoreToolCalls(client: OpenAI, threadId: string, messages: TranscriptMessage[], warn: (message: string) => void): Promise<void> {
  let calls: Map<string, ToolCallView[]>;
  try {
    calls = await threadToolCalls(client, threadId, imageDataUrls(client, warn));
  } catch (err) {
    warn(`Could not restore the tool calls of thread ${threadId}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  for (const message of messages) {
    const cards = calls.get(message.id);
    if (cards) message.toolCalls = cards;
  }
}
