import type { ChatTool } from '../../providers/types';

/**
 * A tool the runtime runs itself (code interpreter, file search), as opposed to function tools,
 * whose outputs the client submits. The engine offers `definition` to the model, runs `execute`
 * when the model calls it, streams `input` as the model writes it, and records the outputs in a
 * `tool_calls` run step.
 *
 * @example
 *   const echo: BuiltinTool = {
 *     type: 'code_interpreter',
 *     definition: { type: 'function', function: { name: 'python', parameters: { type: 'object' } } },
 *     inputOf: (args) => JSON.parse(args).code,
 *     execute: async (input) => ({ modelOutput: input, outputs: [{ type: 'logs', logs: input }] }),
 *   };
 */
export interface BuiltinTool {
  readonly type: 'code_interpreter' | 'file_search';
  /** How the model sees the tool (a function definition, since chat completions only know those). */
  readonly definition: ChatTool;
  /** The text the run step shows as the tool's input, from the model's raw arguments. */
  inputOf(rawArguments: string): string;
  execute(input: string, context: ToolContext): Promise<BuiltinToolResult>;
}

export interface ToolContext {
  threadId: string;
  runId: string;
  signal: AbortSignal;
}

export interface BuiltinToolResult {
  /** What the model reads back as the tool result. */
  modelOutput: string;
  /** What the run step records (code interpreter: logs / image outputs; file search: results). */
  outputs: unknown[];
}
