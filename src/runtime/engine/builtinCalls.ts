import { ProviderError } from '../../providers/types';
import type { Logger } from '../domain/clock';
import type { RunStep, RunStepToolCall } from '../domain/objects';
import type { BuiltinTool, BuiltinToolResult, ToolContext } from '../tools/builtinTool';
import { stepShapeOf } from '../tools/stepShapes';
import type { RunEventSink } from './events';
import type { RunRecorder } from './recorder';
import type { Turn } from './turn';

export type FunctionCall = Extract<RunStepToolCall, { type: 'function' }>;

/**
 * Runs the built-in calls of a turn in order and records each in the tool step; returns the
 * function calls left for the client to answer.
 */
export async function runBuiltinCalls(
  parts: { recorder: RunRecorder; logger: Logger; sink: RunEventSink; turn: Turn; step: RunStep },
  builtins: ReadonlyMap<string, BuiltinTool>,
  contextFor: () => Promise<ToolContext>,
  sources: { push(...s: NonNullable<BuiltinToolResult['sources']>): unknown },
): Promise<FunctionCall[]> {
  const functionCalls: FunctionCall[] = [];
  for (const call of parts.turn.toolCalls()) {
    const tool = builtins.get(call.name);
    if (!tool) {
      functionCalls.push({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments, output: null } });
      continue;
    }
    const input = tool.inputOf(call.arguments);
    parts.turn.flushInput(call.id, input);
    const context = await contextFor();
    const result = await runBuiltin(tool, input, context, parts.logger);
    sources.push(...(result.sources ?? []));
    await recordBuiltin(parts, call.id, tool, input, result, context);
  }
  return functionCalls;
}

/**
 * Runs a built-in tool. A tool that breaks answers the model with what went wrong (so it can
 * try another way) instead of failing the run; only cancellation stops the run.
 */
async function runBuiltin(tool: BuiltinTool, input: string, context: ToolContext, logger: Logger): Promise<BuiltinToolResult> {
  try {
    const result = await tool.execute(input, context);
    context.signal.throwIfAborted();
    return result;
  } catch (err) {
    if (context.signal.aborted) throw context.signal.reason instanceof Error ? context.signal.reason : new ProviderError('aborted', 'Run cancelled');
    logger.error(`${tool.type} failed in run ${context.runId}`, err);
    const message = `The ${tool.type} tool failed: ${err instanceof Error ? err.message : String(err)}`;
    return { modelOutput: message, outputs: stepShapeOf(tool).failedOutputs(message) };
  }
}

/** Writes a finished built-in call into its step, in its tool's shape, with the model's view of its output kept aside. */
async function recordBuiltin(
  { recorder, sink, step }: { recorder: RunRecorder; sink: RunEventSink; step: RunStep },
  callId: string, tool: BuiltinTool, input: string, result: BuiltinToolResult, context: ToolContext,
): Promise<void> {
  if (step.step_details.type !== 'tool_calls') return;
  const call = step.step_details.tool_calls.find((c) => c.id === callId);
  if (!call) return;
  const index = step.step_details.tool_calls.indexOf(call);
  const shape = stepShapeOf(tool);
  Object.assign(call, shape.done(input, result, context));
  const delta = shape.outputsDelta(index, result);
  if (delta) sink.emit({ event: 'thread.run.step.delta', data: { id: step.id, object: 'thread.run.step.delta', delta: { step_details: { type: 'tool_calls', tool_calls: [delta] } } } });
  delete (call as { function?: unknown }).function;
  (call as unknown as { model_output: string }).model_output = result.modelOutput;
  await recorder.save(step);
}
