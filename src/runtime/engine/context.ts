import type { ChatContentPart, ChatMessage } from '../../providers/types';
import { messageText } from '../domain/messageText';
import { countTextTokens } from '../fileSearch/tokenPieces';
import { stepShapeOfCall } from '../tools/stepShapes';
import type { Assistant, Message, Run, RunStep } from '../domain/objects';

/** Context window assumed for models we know nothing about. */
export const DEFAULT_CONTEXT_TOKENS = 128_000;
/** Tokens kept free for the answer when truncating to the context window. */
export const ANSWER_RESERVE = 4_096;
/** Chat formats add a few tokens per message around its content. */
const PER_MESSAGE_OVERHEAD = 4;

export interface BuiltContext {
  messages: ChatMessage[];
  promptTokens: number;
  /** Thread messages left out by truncation. */
  dropped: number;
}

/** Everything the model sees for a run: instructions, the thread (truncated), then this run's own steps. */
export function buildContext(args: {
  run: Run;
  assistant: Assistant;
  additionalInstructions?: string | null;
  threadMessages: Message[];
  runSteps: RunStep[];
  runMessages: Map<string, Message>;
  contextTokens?: number;
}): BuiltContext | { error: 'max_prompt_tokens' } {
  const { run } = args;
  const system = [run.instructions, args.additionalInstructions].filter((s): s is string => !!s).join('\n\n');
  const head: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
  const tail = stepsToMessages(args.runSteps, args.runMessages);
  let thread = args.threadMessages.map(toChatMessage);

  if (run.truncation_strategy?.type === 'last_messages' && run.truncation_strategy.last_messages) {
    thread = thread.slice(-run.truncation_strategy.last_messages);
  }
  const budget = run.max_prompt_tokens ?? (args.contextTokens ?? DEFAULT_CONTEXT_TOKENS) - ANSWER_RESERVE;
  const fixed = tokens(head) + tokens(tail);
  const costs = thread.map((m) => tokens([m]));
  let total = fixed + costs.reduce((a, b) => a + b, 0);
  let first = 0;
  // Drop the oldest thread messages until the prompt fits; the newest one always stays.
  while (total > budget && first < thread.length - 1) total -= costs[first++]!;
  if (total > budget && run.max_prompt_tokens) return { error: 'max_prompt_tokens' };
  return { messages: [...head, ...thread.slice(first), ...tail], promptTokens: total, dropped: args.threadMessages.length - (thread.length - first) };
}

function toChatMessage(message: Message): ChatMessage {
  if (message.role === 'assistant') return { role: 'assistant', content: messageText(message) };
  const images = message.content.filter((c) => c.type === 'image_url');
  if (images.length === 0) return { role: 'user', content: messageText(message) };
  const parts: ChatContentPart[] = message.content.flatMap((c): ChatContentPart[] => {
    if (c.type === 'text') return [{ type: 'text', text: c.text.value }];
    if (c.type === 'image_url') return [{ type: 'image_url', image_url: { url: c.image_url.url, ...(c.image_url.detail ? { detail: c.image_url.detail } : {}) } }];
    return [];
  });
  return { role: 'user', content: parts };
}

/** Replays a run's own steps: its messages, and each tool call with its output. */
function stepsToMessages(steps: RunStep[], messages: Map<string, Message>): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const step of steps) {
    const details = step.step_details;
    if (details.type === 'message_creation') {
      const message = messages.get(details.message_creation.message_id);
      if (message) out.push({ role: 'assistant', content: messageText(message) });
      continue;
    }
    const calls = details.tool_calls;
    out.push({
      role: 'assistant',
      content: null,
      tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: modelCall(c) })),
    });
    for (const c of calls) out.push({ role: 'tool', tool_call_id: c.id, content: toolOutput(c) });
  }
  return out;
}

type StepCall = RunStep['step_details'] extends infer D ? (D extends { tool_calls: (infer T)[] } ? T : never) : never;

/** A call as the model made it: built-in tools keep the model's own name and arguments. */
function modelCall(call: StepCall): { name: string; arguments: string } {
  if (call.type === 'function') return { name: call.function.name, arguments: call.function.arguments };
  const own = (call as { model_call?: { name: string; arguments: string } }).model_call;
  if (own) return own;
  return stepShapeOfCall(call)!.modelCall(call);
}

function toolOutput(call: RunStep['step_details'] extends infer D ? D extends { tool_calls: (infer T)[] } ? T : never : never): string {
  if (call.type === 'function') return call.function.output ?? '';
  // Built-in tools keep what the model should read back beside what the step shows.
  const own = (call as { model_output?: string }).model_output;
  if (own !== undefined) return own;
  return stepShapeOfCall(call)!.modelOutput(call);
}

/**
 * Tokens of chat messages, counted with the o200k tokenizer (GPT-4o and later). countTextTokens,
 * not gpt-tokenizer's countTokens: a message may hold a 1 MB word (quadratic there) or the text
 * `<|endoftext|>` (which it refuses), and either used to stall or crash the run.
 */
export function tokens(messages: ChatMessage[]): number {
  let n = 0;
  for (const m of messages) {
    n += PER_MESSAGE_OVERHEAD;
    if (typeof m.content === 'string') n += countTextTokens(m.content);
    else if (Array.isArray(m.content)) for (const p of m.content) n += p.type === 'text' ? countTextTokens(p.text) : 85;
    if (m.role === 'assistant' && m.tool_calls) for (const c of m.tool_calls) n += countTextTokens(c.function.name + c.function.arguments);
  }
  return n;
}
