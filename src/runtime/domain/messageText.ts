import type { Message } from './objects';

/** The plain text of a message's content, for the model and for token counting. */
export function messageText(message: Pick<Message, 'content'>): string {
  return message.content
    .map((c) => (c.type === 'text' ? c.text.value : c.type === 'refusal' ? c.refusal : ''))
    .filter(Boolean)
    .join('\n');
}
