import { countTokens } from 'gpt-tokenizer';
import type { ChatChunk } from '../../providers/types';
import type { Message, Run, RunStep } from '../objects';
import type { RunEventSink } from './events';
import type { RunEngine } from './runEngine';

export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

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
  private calls: { id: string; name: string; arguments: string }[] = [];
  private toolStep: RunStep | undefined;
  private completionTokens: number | undefined;
  private promptTokens: number | undefined;
  finish: string | undefined;

  constructor(
    private readonly engine: RunEngine,
    private readonly run: Run,
    private readonly sink: RunEventSink,
  ) {}

  take(chunk: ChatChunk): void {
    switch (chunk.type) {
      case 'text':
        if (!chunk.text) return;
        if (this.toolStep) return; // Text after tool calls began has no open message to join; models rarely do this.
        this.appendText(chunk.text);
        return;
      case 'tool_call':
        this.appendToolCall(chunk);
        return;
      case 'usage':
        this.promptTokens = chunk.prompt_tokens;
        this.completionTokens = chunk.completion_tokens;
        return;
      case 'finish':
        this.finish = chunk.reason;
    }
  }

  private newStep(details: RunStep['step_details']): RunStep {
    const step: RunStep = {
      id: this.engine.newId('run_step'), object: 'thread.run.step', created_at: this.engine.nowSeconds(),
      assistant_id: this.run.assistant_id, thread_id: this.run.thread_id, run_id: this.run.id,
      type: details.type, status: 'in_progress', step_details: details, last_error: null,
      expired_at: null, cancelled_at: null, failed_at: null, completed_at: null, metadata: null, usage: null,
    };
    this.engine.store().insert('run_step', step, { thread_id: this.run.thread_id, run_id: this.run.id });
    this.sink.emit({ event: 'thread.run.step.created', data: step });
    this.sink.emit({ event: 'thread.run.step.in_progress', data: step });
    return step;
  }

  private appendText(text: string): void {
    if (!this.message) {
      const id = this.engine.newId('message');
      this.messageStep = this.newStep({ type: 'message_creation', message_creation: { message_id: id } });
      this.message = {
        id, object: 'thread.message', created_at: this.engine.nowSeconds(), thread_id: this.run.thread_id,
        status: 'in_progress', incomplete_details: null, completed_at: null, incomplete_at: null, role: 'assistant',
        content: [], assistant_id: this.run.assistant_id, run_id: this.run.id, attachments: [], metadata: {},
      };
      this.engine.store().insert('message', this.message, { thread_id: this.run.thread_id, run_id: this.run.id });
      // Created with empty content: the SDK fires textCreated only for content it sees arrive.
      this.sink.emit({ event: 'thread.message.created', data: this.message });
      this.sink.emit({ event: 'thread.message.in_progress', data: this.message });
      this.lastSave = this.engine.clockMs();
    }
    const first = this.text === '';
    this.text += text;
    this.sink.emit({
      event: 'thread.message.delta',
      data: { id: this.message.id, object: 'thread.message.delta', delta: { content: [{ index: 0, type: 'text', text: first ? { value: text, annotations: [] } : { value: text } }] } },
    });
    if (this.engine.clockMs() - this.lastSave >= this.engine.saveEvery()) {
      this.lastSave = this.engine.clockMs();
      this.engine.persist(this.snapshot('in_progress'));
    }
  }

  private snapshot(status: Message['status']): Message {
    return { ...this.message!, status, content: this.text ? [{ type: 'text', text: { value: this.text, annotations: [] } }] : [] };
  }

  private appendToolCall(chunk: Extract<ChatChunk, { type: 'tool_call' }>): void {
    // The message (if any) must be finished before a tool step opens.
    if (this.message && this.message.status === 'in_progress') this.completeMessage(undefined);
    let call = this.calls[chunk.index];
    const isNew = !call;
    if (!call) {
      call = { id: chunk.id || this.engine.newId('call'), name: chunk.name ?? '', arguments: '' };
      this.calls[chunk.index] = call;
    } else if (chunk.name && !call.name) call.name = chunk.name;
    call.arguments += chunk.arguments ?? '';
    if (!this.toolStep) this.toolStep = this.newStep({ type: 'tool_calls', tool_calls: [] });
    const fragment = isNew
      ? { index: chunk.index, id: call.id, type: 'function', function: { name: call.name, arguments: chunk.arguments ?? '', output: null } }
      : { index: chunk.index, type: 'function', function: { arguments: chunk.arguments ?? '' } };
    this.sink.emit({ event: 'thread.run.step.delta', data: { id: this.toolStep.id, object: 'thread.run.step.delta', delta: { step_details: { type: 'tool_calls', tool_calls: [fragment] } } } });
  }

  /** Prompt and completion tokens: the provider's count when it sent one, else our own. */
  usage(estimatedPrompt: number): Usage {
    const prompt = this.promptTokens ?? estimatedPrompt;
    const completion = this.completionTokens ?? countTokens(this.text + this.calls.map((c) => c.name + c.arguments).join(''));
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  }

  completeMessage(usage: Usage | undefined): void {
    if (!this.message || this.message.status !== 'in_progress') return;
    const now = this.engine.nowSeconds();
    this.message = this.engine.persist<Message>({ ...this.snapshot('completed'), completed_at: now });
    this.sink.emit({ event: 'thread.message.completed', data: this.message });
    const step = this.engine.persist({ ...this.messageStep!, usage: usage ?? null });
    this.engine.finishStep(step, 'completed', this.sink);
  }

  markMessageIncomplete(): void {
    if (!this.message) return;
    this.message = this.engine.persist<Message>({ ...this.snapshot('incomplete'), status: 'incomplete', completed_at: null, incomplete_at: this.engine.nowSeconds(), incomplete_details: { reason: 'max_tokens' } });
  }

  toolCalls(): { id: string; name: string; arguments: string }[] {
    return this.calls.filter(Boolean);
  }

  openToolStep(usage: Usage): RunStep {
    const step = this.toolStep!;
    const details = { type: 'tool_calls' as const, tool_calls: this.toolCalls().map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments, output: null } })) };
    this.toolStep = this.engine.persist({ ...step, step_details: details, usage });
    return this.toolStep;
  }

  /** The stream broke or was cancelled: close what is open so nothing stays in_progress. */
  abandon(status: 'cancelled' | 'failed'): void {
    if (this.message && this.message.status === 'in_progress') {
      this.message = this.engine.persist<Message>({ ...this.snapshot('incomplete'), incomplete_at: this.engine.nowSeconds(), incomplete_details: { reason: status === 'cancelled' ? 'run_cancelled' : 'run_failed' } });
      this.sink.emit({ event: 'thread.message.incomplete', data: this.message });
      this.engine.finishStep(this.messageStep!, status, this.sink);
    }
    if (this.toolStep && this.toolStep.status === 'in_progress') this.engine.finishStep(this.toolStep, status, this.sink);
  }
}
