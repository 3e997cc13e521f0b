import type { ChatChunk } from '../../../providers/types';
import type { IdSource } from '../../domain/ids';
import type { FunctionCallItem, Item, MessageItem, OutputText } from '../../domain/items';

/** A stream event's payload before its sequence number is given (ResponseStreamEvent in the spec). */
export type ResponseEventData = { type: string } & Record<string, unknown>;

/**
 * One model call of a response: its chunks become output items — a message whose text streams,
 * function calls whose arguments stream — and the events that show them being built, in the
 * order the SDK's ResponseStream checks: item added, its parts, its deltas, its done events.
 */
export class ResponseTurn {
  readonly output: Item[] = [];
  finish: ChatChunk extends infer C ? (C extends { type: 'finish'; reason: infer R } ? R : never) | undefined : never;
  inputTokens = 0;
  outputTokens = 0;
  private message: { item: MessageItem; part: OutputText; index: number } | undefined;
  private calls = new Map<number, { item: FunctionCallItem; index: number }>();

  constructor(
    private readonly ids: IdSource,
    private readonly emit: (data: ResponseEventData) => void,
  ) {}

  take(chunk: ChatChunk): void {
    switch (chunk.type) {
      case 'text':
        if (chunk.text) this.text(chunk.text);
        return;
      case 'tool_call':
        this.toolCall(chunk);
        return;
      case 'usage':
        this.inputTokens = chunk.prompt_tokens;
        this.outputTokens = chunk.completion_tokens;
        return;
      case 'finish':
        this.finish = chunk.reason;
    }
  }

  /** Closes every open item: `completed`, or `incomplete` when the answer was cut short. */
  close(status: 'completed' | 'incomplete'): void {
    this.closeMessage(status);
    for (const { item, index } of this.calls.values()) {
      item.status = status;
      this.emit({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: index, name: item.name, arguments: item.arguments });
      this.emit({ type: 'response.output_item.done', output_index: index, item: { ...item } });
    }
    this.calls.clear();
  }

  /** The function calls the model made, for the client to run. */
  functionCalls(): FunctionCallItem[] {
    return this.output.filter((i): i is FunctionCallItem => i.type === 'function_call');
  }

  private text(text: string): void {
    if (!this.message) {
      const item: MessageItem = { type: 'message', id: this.ids('message'), status: 'in_progress', role: 'assistant', content: [] };
      const index = this.output.push(item) - 1;
      this.emit({ type: 'response.output_item.added', output_index: index, item: { ...item, content: [] } });
      const part: OutputText = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      item.content.push(part);
      this.emit({ type: 'response.content_part.added', item_id: item.id, output_index: index, content_index: 0, part: { ...part } });
      this.message = { item, part, index };
    }
    const { item, part, index } = this.message;
    part.text += text;
    this.emit({ type: 'response.output_text.delta', item_id: item.id, output_index: index, content_index: 0, delta: text, logprobs: [] });
  }

  private closeMessage(status: 'completed' | 'incomplete'): void {
    if (!this.message) return;
    const { item, part, index } = this.message;
    this.message = undefined;
    item.status = status;
    this.emit({ type: 'response.output_text.done', item_id: item.id, output_index: index, content_index: 0, text: part.text, logprobs: [] });
    this.emit({ type: 'response.content_part.done', item_id: item.id, output_index: index, content_index: 0, part: { ...part } });
    this.emit({ type: 'response.output_item.done', output_index: index, item: { ...item, content: [{ ...part }] } });
  }

  private toolCall(chunk: Extract<ChatChunk, { type: 'tool_call' }>): void {
    // A message before the calls is finished first: items complete in order.
    this.closeMessage('completed');
    let call = this.calls.get(chunk.index);
    if (!call) {
      const item: FunctionCallItem = { type: 'function_call', id: this.ids('function_call'), call_id: chunk.id || this.ids('call'), name: chunk.name ?? '', arguments: '', status: 'in_progress' };
      call = { item, index: this.output.push(item) - 1 };
      this.calls.set(chunk.index, call);
      this.emit({ type: 'response.output_item.added', output_index: call.index, item: { ...item } });
    } else if (chunk.name && !call.item.name) {
      call.item.name = chunk.name;
    }
    if (chunk.arguments) {
      call.item.arguments += chunk.arguments;
      this.emit({ type: 'response.function_call_arguments.delta', item_id: call.item.id, output_index: call.index, delta: chunk.arguments });
    }
  }
}
