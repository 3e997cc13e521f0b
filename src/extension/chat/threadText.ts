import type OpenAI from 'openai';
import type { TranscriptMessage } from '../../common/protocol';
import { messageText } from './threadLoader';

/** A message as find and export read it: who wrote it and its text. */
export interface MessageText {
  id: string;
  role: 'user' | 'assistant';
  text: string;
}

/**
 * Every message of the thread, oldest first, as text: read from the runtime (texts only: no run
 * steps, no images, so a 1,000-message thread is ten list requests), then what the host holds
 * that the runtime does not have yet or has only in part — the question just sent, the answer
 * still streaming — in the host's words.
 */
export async function wholeThreadText(client: OpenAI, threadId: string, held: readonly TranscriptMessage[]): Promise<MessageText[]> {
  const heldById = new Map(held.map((m) => [m.id, m]));
  const messages: MessageText[] = [];
  const seen = new Set<string>();
  for await (const m of client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 })) {
    seen.add(m.id);
    messages.push({ id: m.id, role: m.role, text: heldById.get(m.id)?.text ?? messageText(m) });
  }
  for (const m of held) if (!seen.has(m.id)) messages.push({ id: m.id, role: m.role, text: m.text });
  return messages;
}

/** The ids of the messages whose text contains `query`, ignoring case, in the order given. */
export function matchingIds(messages: readonly MessageText[], query: string): string[] {
  const needle = query.toLowerCase();
  return messages.filter((m) => m.text.toLowerCase().includes(needle)).map((m) => m.id);
}
