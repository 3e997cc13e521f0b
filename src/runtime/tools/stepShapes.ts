import type { RunStepToolCall } from '../domain/objects';
import type { ToolCallDelta } from 'openai/resources/beta/threads/runs/steps';
import type { BuiltinTool, BuiltinToolResult, ToolContext } from './builtinTool';

/**
 * How one kind of built-in tool shows its calls in a `tool_calls` run step and in the step deltas
 * the SDK merges. The engine asks the shape of the tool it runs, so it never names a tool type.
 */
export interface BuiltinStepShape {
  /** Whether the call's input streams as the model writes it (and what is left is sent once the call is complete). */
  readonly streamsInput: boolean;
  /** The delta that opens a call; `input` is what of the input is decoded so far ('' when it does not stream). */
  started(index: number, id: string, input: string): ToolCallDelta;
  /** The delta that adds input the model just wrote. */
  moreInput(index: number, added: string): ToolCallDelta;
  /** The call's step entry once the model finished writing it and before it runs. */
  pending(tool: BuiltinTool, rawArguments: string): Partial<RunStepToolCall>;
  /** The call's step entry once it ran. */
  done(input: string, result: BuiltinToolResult, context: ToolContext): Partial<RunStepToolCall>;
  /** The delta that shows the outputs, when the SDK expects one. */
  outputsDelta(index: number, result: BuiltinToolResult): ToolCallDelta | undefined;
  /** The outputs recorded when the tool broke; the model reads `message` itself. */
  failedOutputs(message: string): unknown[];
  /** The call as the API shows it, given the run's `include[]`. */
  shown(call: RunStepToolCall, include: readonly string[]): RunStepToolCall;
  /** The call as the model would have written it, for a step recorded without `model_call`. */
  modelCall(call: RunStepToolCall): { name: string; arguments: string };
  /** What the model reads back, for a step recorded without `model_output`. */
  modelOutput(call: RunStepToolCall): string;
}

/** The include[] value that asks for file search results' text in run steps. */
export const INCLUDE_SEARCH_CONTENT = 'step_details.tool_calls[*].file_search.results[*].content';

const codeInterpreterSteps: BuiltinStepShape = {
  streamsInput: true,
  started: (index, id, input) => ({ index, id, type: 'code_interpreter', code_interpreter: { input, outputs: [] } }),
  moreInput: (index, added) => ({ index, type: 'code_interpreter', code_interpreter: { input: added } }),
  pending(tool, rawArguments) {
    let input = '';
    try {
      input = tool.inputOf(rawArguments);
    } catch {
      input = rawArguments;
    }
    return { type: 'code_interpreter', code_interpreter: { input, outputs: [] } };
  },
  done: (input, { outputs }) => ({ type: 'code_interpreter', code_interpreter: { input, outputs: outputs as never } }),
  outputsDelta: (index, { outputs }) => ({ index, type: 'code_interpreter', code_interpreter: { outputs: outputs.map((o, i) => ({ index: i, ...(o as object) })) as never } }),
  failedOutputs: (message) => [{ type: 'logs', logs: message }],
  shown: (call) => call,
  modelCall: (call) => ({ name: call.type, arguments: call.type === 'code_interpreter' ? JSON.stringify({ code: call.code_interpreter.input }) : '{}' }),
  modelOutput: (call) =>
    call.type === 'code_interpreter' ? call.code_interpreter.outputs.map((o) => (o.type === 'logs' ? o.logs : `[image ${o.image.file_id}]`)).join('\n') : '',
};

const fileSearchSteps: BuiltinStepShape = {
  streamsInput: false,
  started: (index, id) => ({ index, id, type: 'file_search', file_search: {} }),
  moreInput: (index) => ({ index, type: 'file_search', file_search: {} }),
  pending: () => ({ type: 'file_search', file_search: {} }),
  done(_input, { outputs }, context) {
    const ranking = context.fileSearch?.ranking_options;
    return { type: 'file_search', file_search: { ranking_options: { ranker: (ranking?.ranker ?? 'auto') as 'auto', score_threshold: ranking?.score_threshold ?? 0 }, results: outputs as never } };
  },
  outputsDelta: () => undefined,
  failedOutputs: () => [],
  shown(call, include) {
    // Results' text only when include[] asks for it, as OpenAI does.
    if (call.type !== 'file_search' || include.includes(INCLUDE_SEARCH_CONTENT) || !Array.isArray(call.file_search.results)) return call;
    return { ...call, file_search: { ...call.file_search, results: call.file_search.results.map(({ ...r }) => { delete r.content; return r; }) } };
  },
  modelCall: (call) => ({ name: call.type, arguments: '{}' }),
  modelOutput: (call) => JSON.stringify((call as { file_search?: unknown }).file_search ?? {}),
};

const SHAPES: Record<BuiltinTool['type'], BuiltinStepShape> = { code_interpreter: codeInterpreterSteps, file_search: fileSearchSteps };

/** The step shape of a built-in tool's calls. */
export function stepShapeOf(tool: Pick<BuiltinTool, 'type'>): BuiltinStepShape {
  return SHAPES[tool.type];
}

/** The step shape for a recorded call, when it is a built-in tool's. */
export function stepShapeOfCall(call: Pick<RunStepToolCall, 'type'>): BuiltinStepShape | undefined {
  return call.type === 'function' ? undefined : SHAPES[call.type];
}
