import type { ChatChunk, ChatMessage } from '../../../providers/types';
import type { IdSource } from '../../domain/ids';
import type { Annotation, BuiltinCallItem, FunctionCallItem, Item, MessageItem, OutputText } from '../../domain/items';
import type { BuiltinTool } from '../../tools/builtinTool';
import { queriesOf } from '../../tools/fileSearchTool';
import { CitationStream, type CitedFile } from './citationStream';

/** A stream event's payload before its sequence number is given (ResponseStreamEvent in the spec). */
export type ResponseEventData = { type: string } & Record<string, unknown>;

/** A built-in call the model made in this turn: its item, where it is, its tool and the model's raw arguments. */
export interface BuiltinCall {
  item: BuiltinCallItem;
  index: number;
  tool: BuiltinTool;
  raw: string;
  decode?: (fragment: string) => string;
}

/**
 * One model call of a response: its chunks become output items — a message whose text streams,
 * function calls whose arguments stream, built-in calls (file search, code whose source streams)
 * — and the events that show them being built, in the order the SDK's ResponseStream checks:
 * item added, its parts, its deltas, its done events. Items go into the response's `output`,
 * which earlier model calls of the same response already filled.
 */
export class ResponseTurn {
  finish: Extract<ChatChunk, { type: 'finish' }>['reason'] | undefined;
  inputTokens = 0;
  outputTokens = 0;
  private message: { item: MessageItem; part: OutputText; index: number } | undefined;
  private readonly calls = new Map<number, { item: FunctionCallItem; index: number } | BuiltinCall>();
  private readonly citations: CitationStream | undefined;
  /** The text of the message this turn wrote, for the next model call to read back. */
  private lastText: string | undefined;

  constructor(
    private readonly ids: IdSource,
    private readonly emit: (data: ResponseEventData) => void,
    private readonly output: Item[],
    private readonly builtins: ReadonlyMap<string, BuiltinTool> = new Map(),
    private readonly context: { containerId?: string | undefined; citedFiles?: ReadonlyMap<string, CitedFile> } = {},
  ) {
    if (context.citedFiles?.size) this.citations = new CitationStream(context.citedFiles);
  }

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

  /**
   * Closes every open item: `completed`, or `incomplete` when the answer was cut short. A
   * built-in call that is complete stays open for the engine to run; a cut one ends incomplete.
   */
  close(status: 'completed' | 'incomplete', annotate: (text: string) => Annotation[] = () => []): void {
    this.closeMessage(status, annotate);
    for (const call of this.calls.values()) {
      if ('tool' in call) {
        if (call.item.type === 'code_interpreter_call') {
          call.item.code = call.tool.inputOf(call.raw);
          this.emit({ type: 'response.code_interpreter_call_code.done', item_id: call.item.id, output_index: call.index, code: call.item.code });
        } else {
          call.item.queries = queriesOf(call.raw);
        }
        if (status === 'incomplete') this.endBuiltin(call, 'incomplete');
        continue;
      }
      const { item, index } = call;
      item.status = status;
      this.emit({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: index, name: item.name, arguments: item.arguments });
      this.emit({ type: 'response.output_item.done', output_index: index, item: { ...item } });
    }
  }

  /** The function calls the model made, for the client to run. */
  functionCalls(): FunctionCallItem[] {
    return [...this.calls.values()].flatMap((c) => ('tool' in c ? [] : [c.item]));
  }

  /** The built-in calls the model made, for the engine to run. */
  builtinCalls(): BuiltinCall[] {
    return [...this.calls.values()].filter((c): c is BuiltinCall => 'tool' in c);
  }

  /** Ends a built-in call's item: its final status and the done event. */
  endBuiltin(call: BuiltinCall, status: BuiltinCallItem['status'], shown: Item = call.item): void {
    call.item.status = status;
    if (status === 'completed') this.emit({ type: `response.${call.item.type}.completed`, item_id: call.item.id, output_index: call.index });
    this.emit({ type: 'response.output_item.done', output_index: call.index, item: { ...shown } });
  }

  /** This turn as the model wrote it, for the next model call of the same response to read. */
  assistantMessage(): ChatMessage {
    const text = this.lastText ?? null;
    const toolCalls = [...this.calls.values()].map((c) =>
      'tool' in c
        ? { id: c.item.id, type: 'function' as const, function: { name: c.tool.definition.function.name, arguments: c.raw } }
        : { id: c.item.call_id, type: 'function' as const, function: { name: c.item.name, arguments: c.item.arguments } },
    );
    return { role: 'assistant', content: text, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
  }


  private text(text: string): void {
    if (!this.citations) return this.appendText(text);
    for (const piece of this.citations.push(text)) {
      if ('text' in piece) this.appendText(piece.text);
      else this.addAnnotation({ type: 'file_citation', file_id: piece.cite.file_id, filename: piece.cite.filename, index: this.openMessage().part.text.length });
    }
  }

  private openMessage(): { item: MessageItem; part: OutputText; index: number } {
    if (!this.message) {
      const item: MessageItem = { type: 'message', id: this.ids('message'), status: 'in_progress', role: 'assistant', content: [] };
      const index = this.output.push(item) - 1;
      this.emit({ type: 'response.output_item.added', output_index: index, item: { ...item, content: [] } });
      const part: OutputText = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      item.content.push(part);
      this.emit({ type: 'response.content_part.added', item_id: item.id, output_index: index, content_index: 0, part: { ...part, annotations: [] } });
      this.message = { item, part, index };
    }
    return this.message;
  }

  private appendText(text: string): void {
    if (!text) return;
    const { item, part, index } = this.openMessage();
    part.text += text;
    this.emit({ type: 'response.output_text.delta', item_id: item.id, output_index: index, content_index: 0, delta: text, logprobs: [] });
  }

  private addAnnotation(annotation: Annotation): void {
    const { item, part, index } = this.openMessage();
    const annotationIndex = part.annotations.push(annotation) - 1;
    this.emit({ type: 'response.output_text.annotation.added', item_id: item.id, output_index: index, content_index: 0, annotation_index: annotationIndex, annotation: { ...annotation } });
  }

  private closeMessage(status: 'completed' | 'incomplete', annotate: (text: string) => Annotation[]): void {
    const held = this.citations?.flush();
    if (held) this.appendText(held);
    if (!this.message) return;
    const { item, part, index } = this.message;
    for (const annotation of annotate(part.text)) this.addAnnotation(annotation);
    this.message = undefined;
    this.lastText = part.text;
    item.status = status;
    this.emit({ type: 'response.output_text.done', item_id: item.id, output_index: index, content_index: 0, text: part.text, logprobs: [] });
    this.emit({ type: 'response.content_part.done', item_id: item.id, output_index: index, content_index: 0, part: { ...part, annotations: [...part.annotations] } });
    this.emit({ type: 'response.output_item.done', output_index: index, item: { ...item, content: [{ ...part, annotations: [...part.annotations] }] } });
  }

  private toolCall(chunk: Extract<ChatChunk, { type: 'tool_call' }>): void {
    // A message before the calls is finished first: items complete in order.
    if (this.message) this.closeMessage('completed', () => []);
    let call = this.calls.get(chunk.index);
    if (!call) {
      call = this.newCall(chunk);
      this.calls.set(chunk.index, call);
    } else if (!('tool' in call) && chunk.name && !call.item.name) {
      call.item.name = chunk.name;
    }
    if (!chunk.arguments) return;
    if (!('tool' in call)) {
      call.item.arguments += chunk.arguments;
      this.emit({ type: 'response.function_call_arguments.delta', item_id: call.item.id, output_index: call.index, delta: chunk.arguments });
      return;
    }
    call.raw += chunk.arguments;
    if (call.item.type !== 'code_interpreter_call' || !call.decode) return;
    const added = call.decode(chunk.arguments);
    if (!added) return;
    call.item.code = (call.item.code ?? '') + added;
    this.emit({ type: 'response.code_interpreter_call_code.delta', item_id: call.item.id, output_index: call.index, delta: added });
  }

  private newCall(chunk: Extract<ChatChunk, { type: 'tool_call' }>): { item: FunctionCallItem; index: number } | BuiltinCall {
    const tool = chunk.name ? this.builtins.get(chunk.name) : undefined;
    if (!tool) {
      const item: FunctionCallItem = { type: 'function_call', id: this.ids('function_call'), call_id: chunk.id || this.ids('call'), name: chunk.name ?? '', arguments: '', status: 'in_progress' };
      const index = this.output.push(item) - 1;
      this.emit({ type: 'response.output_item.added', output_index: index, item: { ...item } });
      return { item, index };
    }
    const item: BuiltinCallItem = tool.type === 'file_search'
      ? { type: 'file_search_call', id: this.ids('file_search_call'), status: 'in_progress', queries: [], results: null }
      : { type: 'code_interpreter_call', id: this.ids('code_interpreter_call'), status: 'in_progress', container_id: this.context.containerId ?? '', code: '', outputs: null };
    const index = this.output.push(item) - 1;
    this.emit({ type: 'response.output_item.added', output_index: index, item: { ...item } });
    this.emit({ type: `response.${item.type}.in_progress`, item_id: item.id, output_index: index });
    return { item, index, tool, raw: '', ...(tool.inputDecoder ? { decode: tool.inputDecoder() } : {}) };
  }
}
