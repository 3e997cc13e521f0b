import type { ChatChunk } from '../../providers/types';
import type { Message, Run, RunStep } from '../domain/objects';
import type { RunEventSink } from './events';
import { countTextTokens } from '../fileSearch/tokenPieces';
import { annotate } from './annotations';
import type { RunRecorder } from './recorder';
import { inputGrowth, rereadingDecoder, type BuiltinTool, type ToolSource } from '../tools/builtinTool';
import { stepShapeOf } from '../tools/stepShapes';
import type { ToolCallDelta } from 'openai/resources/beta/threads/runs/steps';

export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

/** A tool call while the model is still writing it. */
interface ToolCallDraft {
  id: string;
  name: string;
  /** The raw arguments so far. */
  arguments: string;
  /** The input already sent as deltas. */
  shown: string;
  /** The tool's streaming decoder, when it has one (created on the first fragment). */
  decoder?: (fragment: string) => string;
}

/**
 * One model call inside a run: turns provider chunks into a message (with its message_creation
 * step) and tool-call fragments, emitting the deltas the SDK merges. Only one message and one step
 * are open at a time (openai 7.x insists), and a delta carries only what is new.
 */
export class Turn {
  private message: Message | undefined;
  private messageStep: RunStep | undefined;
  private text = '';
  private lastSave = 0;
  private calls: ToolCallDraft[] = [];
  private toolStep: RunStep | undefined;
  private completionTokens: number | undefined;
  private promptTokens: number | undefined;
  finish: string | undefined;

  constructor(
    private readonly recorder: RunRecorder,
    private readonly run: Run,
    private readonly sink: RunEventSink,
    /** Built-in tools by the function name the model calls them with. */
    private readonly builtins: ReadonlyMap<string, BuiltinTool> = new Map(),
    /** What this run's tools produced that the answer may cite (shared across the run's turns). */
    private readonly sources: readonly ToolSource[] = [],
  ) {}

  /** Takes the next chunk; the caller waits for each before passing the next, so objects open once and in order. */
  async take(chunk: ChatChunk): Promise<void> {
    switch (chunk.type) {
      case 'text':
        if (!chunk.text) return;
        if (this.toolStep) return; // Text after tool calls began has no open message to join; models rarely do this.
        return this.appendText(chunk.text);
      case 'tool_call':
        return this.appendToolCall(chunk);
      case 'usage':
        this.promptTokens = chunk.prompt_tokens;
        this.completionTokens = chunk.completion_tokens;
        return;
      case 'finish':
        this.finish = chunk.reason;
    }
  }

  private async appendText(text: string): Promise<void> {
    if (!this.message) {
      const id = this.recorder.newId('message');
      this.messageStep = await this.recorder.openStep(this.run, { type: 'message_creation', message_creation: { message_id: id } }, this.sink);
      this.message = await this.recorder.openMessage(this.run, id);
      // Created with empty content: the SDK fires textCreated only for content it sees arrive.
      this.sink.emit({ event: 'thread.message.created', data: this.message });
      this.sink.emit({ event: 'thread.message.in_progress', data: this.message });
      this.lastSave = this.recorder.clockMs();
    }
    const first = this.text === '';
    this.text += text;
    this.sink.emit({
      event: 'thread.message.delta',
      data: { id: this.message.id, object: 'thread.message.delta', delta: { content: [{ index: 0, type: 'text', text: first ? { value: text, annotations: [] } : { value: text } }] } },
    });
    if (this.recorder.clockMs() - this.lastSave >= this.recorder.saveEveryMs) {
      this.lastSave = this.recorder.clockMs();
      await this.recorder.save(this.snapshot('in_progress'));
    }
  }

  private snapshot(status: Message['status']): Message {
    return { ...this.message!, status, content: this.text ? [{ type: 'text', text: { value: this.text, annotations: [] } }] : [] };
  }

  private async appendToolCall(chunk: Extract<ChatChunk, { type: 'tool_call' }>): Promise<void> {
    // The message (if any) must be finished before a tool step opens.
    if (this.message && this.message.status === 'in_progress') await this.completeMessage(undefined);
    let call = this.calls[chunk.index];
    const isNew = !call;
    if (!call) {
      call = { id: chunk.id || this.recorder.newId('call'), name: chunk.name ?? '', arguments: '', shown: '' };
      this.calls[chunk.index] = call;
    } else if (chunk.name && !call.name) call.name = chunk.name;
    call.arguments += chunk.arguments ?? '';
    if (!this.toolStep) this.toolStep = await this.recorder.openStep(this.run, { type: 'tool_calls', tool_calls: [] }, this.sink);
    const fragment = this.fragment(chunk.index, call, isNew, chunk.arguments ?? '');
    if (fragment) this.emitToolDelta(fragment);
  }

  private emitToolDelta(fragment: ToolCallDelta): void {
    this.sink.emit({ event: 'thread.run.step.delta', data: { id: this.toolStep!.id, object: 'thread.run.step.delta', delta: { step_details: { type: 'tool_calls', tool_calls: [fragment] } } } });
  }

  /**
   * The delta for one tool-call fragment, in the shape of the tool the model called. A built-in
   * tool shows as itself, and input that streams is decoded from the partial JSON arguments as the
   * model writes them, only the new part each time.
   */
  private fragment(index: number, call: ToolCallDraft, isNew: boolean, piece: string): ToolCallDelta | undefined {
    const builtin = this.builtins.get(call.name);
    if (!builtin) {
      return isNew
        ? { index, id: call.id, type: 'function', function: { name: call.name, arguments: piece, output: null } }
        : { index, type: 'function', function: { arguments: piece } };
    }
    const shape = stepShapeOf(builtin);
    if (!shape.streamsInput) return isNew ? shape.started(index, call.id, '') : undefined;
    const added = this.newInput(builtin, call, piece);
    if (isNew) return shape.started(index, call.id, added);
    return added ? shape.moreInput(index, added) : undefined;
  }

  /** The input written since the last delta; nothing when the decoded input did not just grow. */
  private newInput(builtin: BuiltinTool, call: ToolCallDraft, piece: string): string {
    call.decoder ??= builtin.inputDecoder?.() ?? rereadingDecoder((raw) => builtin.inputOf(raw));
    const added = call.decoder(piece);
    call.shown += added;
    return added;
  }

  /**
   * Once a built-in call is complete, sends whatever of its final input the stream has not shown
   * yet, so the SDK's accumulated input equals the step's.
   */
  flushInput(callId: string, finalInput: string): void {
    const index = this.calls.findIndex((c) => c?.id === callId);
    const call = this.calls[index];
    const builtin = call && this.builtins.get(call.name);
    if (!call || !this.toolStep || !builtin || !stepShapeOf(builtin).streamsInput) return;
    const added = inputGrowth(call.shown, finalInput);
    if (!added) return;
    call.shown = finalInput;
    this.emitToolDelta(stepShapeOf(builtin).moreInput(index, added));
  }

  /** Prompt and completion tokens: the provider's count when it sent one, else our own. */
  usage(estimatedPrompt: number): Usage {
    const prompt = this.promptTokens ?? estimatedPrompt;
    // Linear-time and special-token safe: model output can hold a huge word or `<|endoftext|>` too.
    const completion = this.completionTokens ?? countTextTokens(this.text + this.calls.map((c) => c.name + c.arguments).join(''));
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  }

  async completeMessage(usage: Usage | undefined): Promise<void> {
    if (!this.message || this.message.status !== 'in_progress') return;
    const now = this.recorder.now();
    const annotations = this.sources.length ? annotate(this.text, [...this.sources]) : [];
    if (annotations.length) {
      // The SDK builds textDone from the deltas it merged, so the annotations travel in one too.
      this.sink.emit({
        event: 'thread.message.delta',
        data: { id: this.message.id, object: 'thread.message.delta', delta: { content: [{ index: 0, type: 'text', text: { annotations: annotations.map((a, i) => ({ index: i, ...a })) } }] } },
      });
    }
    const completed = this.snapshot('completed');
    if (annotations.length && completed.content[0]?.type === 'text') completed.content[0].text.annotations = annotations;
    this.message = await this.recorder.save<Message>({ ...completed, completed_at: now });
    this.sink.emit({ event: 'thread.message.completed', data: this.message });
    // The usage and the end in one write.
    await this.recorder.finishStep({ ...this.messageStep!, usage: usage ?? null }, 'completed', this.sink);
  }

  async markMessageIncomplete(): Promise<void> {
    if (!this.message) return;
    this.message = await this.recorder.save<Message>({ ...this.snapshot('incomplete'), status: 'incomplete', completed_at: null, incomplete_at: this.recorder.now(), incomplete_details: { reason: 'max_tokens' } });
  }

  toolCalls(): { id: string; name: string; arguments: string }[] {
    return this.calls.filter(Boolean).map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
  }

  async openToolStep(usage: Usage): Promise<RunStep> {
    const step = this.toolStep!;
    const details = { type: 'tool_calls' as const, tool_calls: this.toolCalls().map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments, output: null } })) };
    // Built-in calls show as their own type from the start, so a crash mid-execution leaves a
    // step the API can still describe. model_call keeps the call as the model wrote it, for
    // replaying the run to the model; the API never shows it (publicStep removes it).
    for (const call of details.tool_calls) {
      const builtin = this.builtins.get(call.function.name);
      if (!builtin) continue;
      const model_call = { name: call.function.name, arguments: call.function.arguments };
      Object.assign(call, { ...stepShapeOf(builtin).pending(builtin, call.function.arguments), function: undefined, model_call });
    }
    this.toolStep = await this.recorder.save({ ...step, step_details: details, usage });
    return this.toolStep;
  }

  /** The stream broke or was cancelled: close what is open so nothing stays in_progress. */
  async abandon(status: 'cancelled' | 'failed'): Promise<void> {
    if (this.message && this.message.status === 'in_progress') {
      this.message = await this.recorder.save<Message>({ ...this.snapshot('incomplete'), incomplete_at: this.recorder.now(), incomplete_details: { reason: status === 'cancelled' ? 'run_cancelled' : 'run_failed' } });
      this.sink.emit({ event: 'thread.message.incomplete', data: this.message });
      await this.recorder.finishStep(this.messageStep!, status, this.sink);
    }
    if (this.toolStep && this.toolStep.status === 'in_progress') await this.recorder.finishStep(this.toolStep, status, this.sink);
  }
}
