import type { ChatRequest, ChatTool, ChatToolChoice, ProviderFactory } from '../../providers/types';
import type { Logger } from '../domain/clock';
import type { Assistant, Message, Run, RunStep } from '../domain/objects';
import type { ObjectStore } from '../store/types';
import type { BuiltinTool } from '../tools/builtinTool';
import { type FunctionCall, runBuiltinCalls } from './builtinCalls';
import { buildContext } from './context';
import type { RunEventSink } from './events';
import type { RunRecorder } from './recorder';
import { RunFailure } from './runFailure';
import { toolContextFor } from '../tools/toolContext';
import { Turn, type Usage } from './turn';

export interface LoopDeps {
  store: ObjectStore;
  providers: ProviderFactory;
  tools: BuiltinTool[];
  recorder: RunRecorder;
  logger: Logger;
  /** Model calls one run may make before it is stopped as a runaway tool loop. */
  maxModelCalls: number;
}

/** How a run's model loop ended: the run finished, or it waits for the client's function outputs. */
export type LoopEnd =
  | { status: 'completed' | 'incomplete'; run: Run; extra?: Partial<Run> }
  | { status: 'requires_action'; run: Run; calls: FunctionCall[] };

/**
 * Calls the model, runs the built-in tools it asks for, and calls it again with their outputs,
 * until it answers, asks for a function the client runs, or a budget runs out.
 */
export async function runLoop(deps: LoopDeps, start: Run, signal: AbortSignal, sink: RunEventSink): Promise<LoopEnd> {
  let run = start;
  const { store, recorder } = deps;
  // Read side by side: on PostgreSQL each is a round trip, and the first token waits for all.
  const [assistant, firstSteps, firstMessages] = await Promise.all([
    store.get<Assistant>('assistant', run.assistant_id),
    recorder.steps(run.id),
    threadMessagesBefore(store, run),
  ]);
  if (!assistant) throw new RunFailure('invalid_prompt', `The assistant ${run.assistant_id} was deleted.`);
  const { builtins, chatTools } = offeredTools(run, deps.tools);
  const provider = deps.providers(run.model);
  let calls = firstSteps.filter((s) => s.type === 'tool_calls').length;
  let first = true;

  for (;;) {
    if (++calls > deps.maxModelCalls) {
      throw new RunFailure('server_error', `The model kept calling tools: stopped after ${deps.maxModelCalls} model calls in one run. Ask a narrower question, or break it into steps; the limit is there so a looping model cannot run up cost.`);
    }
    const [steps, threadMessages] = first ? [firstSteps, firstMessages] : await Promise.all([recorder.steps(run.id), threadMessagesBefore(store, run)]);
    first = false;
    const context = buildContext({ run, assistant, threadMessages, runSteps: steps, runMessages: await messagesOfSteps(store, steps) });
    if ('error' in context) return { status: 'incomplete', run, extra: { incomplete_details: { reason: 'max_prompt_tokens' } } };

    const usedCompletion = run.usage?.completion_tokens ?? 0;
    const completionBudget = run.max_completion_tokens ? run.max_completion_tokens - usedCompletion : null;
    if (completionBudget !== null && completionBudget <= 0) return { status: 'incomplete', run, extra: { incomplete_details: { reason: 'max_completion_tokens' } } };

    const extras = recorder.extrasOf(run.id);
    const turn = new Turn(recorder, run, sink, builtins, extras.sources);
    const stream = provider.streamChat(chatRequest(run, context.messages, chatTools, builtins, completionBudget), signal);
    try {
      for await (const chunk of stream) await turn.take(chunk);
    } catch (err) {
      await turn.abandon(signal.aborted ? 'cancelled' : 'failed');
      throw err;
    }
    const usage = turn.usage(context.promptTokens);
    run = await recorder.save<Run>({ ...(await recorder.current(run)), usage: addUsage(run.usage, usage) });
    await turn.completeMessage(usage);

    if (turn.finish === 'length' && run.max_completion_tokens) {
      await turn.markMessageIncomplete();
      return { status: 'incomplete', run, extra: { incomplete_details: { reason: 'max_completion_tokens' } } };
    }
    if (turn.toolCalls().length === 0) return { status: 'completed', run };

    const step = await turn.openToolStep(usage);
    const current = run;
    const functionCalls = await runBuiltinCalls(
      { recorder, logger: deps.logger, sink, turn, step },
      builtins,
      () => toolContextFor(store, current, signal, extras.include, threadMessages),
      extras.sources,
    );
    if (functionCalls.length === 0) {
      await recorder.finishStep(step, 'completed', sink);
      continue;
    }
    return { status: 'requires_action', run, calls: functionCalls };
  }
}

/** The run's built-in tools by the function name the model calls them with, and every tool as the model sees it. */
function offeredTools(run: Run, tools: readonly BuiltinTool[]): { builtins: Map<string, BuiltinTool>; chatTools: ChatTool[] } {
  const builtins = new Map(tools.filter((t) => run.tools.some((rt) => rt.type === t.type)).map((t) => [t.definition.function.name, t]));
  const chatTools: ChatTool[] = [
    ...[...builtins.values()].map((t) => t.definition),
    ...run.tools.flatMap((t) => (t.type === 'function' ? [{ type: 'function' as const, function: stripNullish(t.function) }] : [])),
  ];
  return { builtins, chatTools };
}

function chatRequest(run: Run, messages: ChatRequest['messages'], chatTools: ChatTool[], builtins: Map<string, BuiltinTool>, completionBudget: number | null): ChatRequest {
  return {
    model: run.model,
    messages,
    ...(chatTools.length ? { tools: chatTools, tool_choice: toChatToolChoice(run.tool_choice, builtins), parallel_tool_calls: run.parallel_tool_calls } : {}),
    ...(run.temperature != null ? { temperature: run.temperature } : {}),
    ...(run.top_p != null ? { top_p: run.top_p } : {}),
    ...(completionBudget !== null ? { max_tokens: completionBudget } : {}),
    ...(run.response_format && run.response_format !== 'auto' ? { response_format: run.response_format as never } : {}),
  };
}

/** The messages this run's steps created, by id. */
async function messagesOfSteps(store: ObjectStore, steps: RunStep[]): Promise<Map<string, Message>> {
  const ids = steps.flatMap((s) => (s.step_details.type === 'message_creation' ? [s.step_details.message_creation.message_id] : []));
  const found = await Promise.all(ids.map(async (id) => [id, await store.get<Message>('message', id)] as const));
  return new Map(found.filter((e): e is readonly [string, Message] => !!e[1]));
}

/** The thread's messages the model reads: all but what this run itself wrote (its additional user messages stay). */
async function threadMessagesBefore(store: ObjectStore, run: Run): Promise<Message[]> {
  const all: Message[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.list<Message>('message', { thread_id: run.thread_id }, { limit: 100, order: 'asc', ...(after ? { after } : {}) });
    all.push(...page.data);
    if (!page.has_more) break;
    after = page.data[page.data.length - 1]!.id;
  }
  return all.filter((m) => m.run_id !== run.id || m.role === 'user');
}

function addUsage(a: Run['usage'], b: Usage): Usage {
  return { prompt_tokens: (a?.prompt_tokens ?? 0) + b.prompt_tokens, completion_tokens: (a?.completion_tokens ?? 0) + b.completion_tokens, total_tokens: (a?.total_tokens ?? 0) + b.total_tokens };
}

function stripNullish<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null)) as T;
}

function toChatToolChoice(choice: Run['tool_choice'], builtins: Map<string, BuiltinTool>): ChatToolChoice | undefined {
  if (!choice || typeof choice === 'string') return (choice ?? undefined) as ChatToolChoice | undefined;
  if (choice.type === 'function' && choice.function) return { type: 'function', function: { name: choice.function.name } };
  const builtin = [...builtins.values()].find((t) => t.type === choice.type);
  return builtin ? { type: 'function', function: { name: builtin.definition.function.name } } : 'auto';
}
