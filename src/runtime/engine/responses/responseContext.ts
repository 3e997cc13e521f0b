import type { ChatMessage } from '../../../providers/types';
import { invalidInput } from '../../domain/errors';
import { ANSWER_RESERVE, DEFAULT_CONTEXT_TOKENS, tokens } from '../context';

/**
 * What a response sends the model, fitted to the context window (Tutor assumes 128k tokens, less
 * what the answer may use). With `truncation: "auto"` the oldest turns are dropped until it fits
 * (instructions and the newest turn always stay; a tool result never loses the call it answers).
 * With `"disabled"` (the default) a context that does not fit is a 400 before the model is asked.
 */
export function fitContext(messages: ChatMessage[], truncation: 'auto' | 'disabled', maxOutputTokens: number | null): ChatMessage[] {
  const budget = DEFAULT_CONTEXT_TOKENS - (maxOutputTokens ?? ANSWER_RESERVE);
  const costs = messages.map((m) => tokens([m]));
  let total = costs.reduce((a, b) => a + b, 0);
  if (total <= budget) return messages;
  if (truncation !== 'auto') {
    throw invalidInput(`The input is about ${total} tokens, more than the ${budget} that fit in the context window with room for the answer. Shorten it, or set truncation: "auto" to drop the oldest turns.`, 'input', 'context_length_exceeded');
  }
  const head = messages[0]?.role === 'system' ? 1 : 0;
  let first = head;
  while (total > budget && first < messages.length - 1) {
    total -= costs[first++]!;
    // A tool result without its call is refused by chat completions: it goes with the call.
    while (messages[first]?.role === 'tool' && first < messages.length - 1) total -= costs[first++]!;
  }
  return [...messages.slice(0, head), ...messages.slice(first)];
}
