import type { ChatTool } from '../../providers/types';

/**
 * A tool the runtime runs itself (code interpreter, file search), as opposed to function tools,
 * whose outputs the client submits. The engine offers `definition` to the model, streams `input`
 * as the model writes it, runs `execute` when the call is complete, and records the outputs in a
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
  /**
   * The text the run step shows as the tool's input, from the model's raw arguments. Called with
   * partial arguments while they stream too, so it must not throw on incomplete JSON.
   */
  inputOf(rawArguments: string): string;
  /**
   * Optional: a fresh decoder for one call's streaming arguments, which returns only the input
   * each new fragment adds. Without it the engine re-decodes all the arguments so far with
   * `inputOf` on every fragment, which grows with the square of the input's length.
   */
  inputDecoder?(): (fragment: string) => string;
  execute(input: string, context: ToolContext): Promise<BuiltinToolResult>;
  /** Starts any slow set-up (Pyodide's ~3 s load) ahead of the first call. Optional. */
  prewarm?(): Promise<void>;
  /** Frees workers and indexes when the runtime closes. Optional. */
  close?(): Promise<void>;
}

export interface ToolContext {
  threadId: string;
  runId: string;
  signal: AbortSignal;
  /**
   * Files the code interpreter sees under /mnt/data: the assistant's and the thread's
   * `tool_resources.code_interpreter.file_ids` plus this thread's message attachments that name
   * the code_interpreter tool, deduplicated.
   */
  codeFileIds: string[];
  /** Vector stores file search reads: the assistant's and the thread's `tool_resources.file_search`. */
  vectorStoreIds: string[];
  /** The run's file_search settings (from the run's or assistant's tool entry). */
  fileSearch?: { max_num_results?: number; ranking_options?: { ranker?: string; score_threshold: number } };
  /** The run's `include[]` query (e.g. `step_details.tool_calls[*].file_search.results[*].content`). */
  include: string[];
}

/** A place in the answer text that refers to something a tool produced (becomes an annotation). */
export type ToolSource =
  /** file_search: the model cites `marker` (e.g. 【4:0†notes.md】); it becomes a file_citation. */
  | { kind: 'citation'; marker: string; file_id: string; quote?: string }
  /** code interpreter: a file written to /mnt/data; `sandbox:/mnt/data/<name>` in text becomes a file_path. */
  | { kind: 'file'; path: string; file_id: string };

export interface BuiltinToolResult {
  /** What the model reads back as the tool result. */
  modelOutput: string;
  /**
   * What the run step records. code_interpreter: `[{type:'logs',logs}|{type:'image',image:{file_id}}]`;
   * file_search: the results `[{file_id,file_name,score,content?}]` (content only when `include[]` asks).
   */
  outputs: unknown[];
  /** Sources the answer may refer to, turned into annotations when the message completes. */
  sources?: ToolSource[];
}

/** What `input` adds to `shown`: '' unless it extends it (a re-decoding may change its mind). */
export function inputGrowth(shown: string, input: string): string {
  return input.length > shown.length && input.startsWith(shown) ? input.slice(shown.length) : '';
}

/**
 * A streaming decoder that decodes all the arguments so far with `inputOf` on every fragment and
 * returns what the input gained. Right for any format but quadratic in its length: the engine's
 * fallback for a tool without a decoder of its own, and the code interpreter's for shapes its
 * fast path does not know. `shown` is what earlier decoding already returned.
 *
 * @example
 *   const push = rereadingDecoder((raw) => JSON.parse(raw + '"}').code);
 *   push('{"code": "pri'); // 'pri'
 *   push('nt(1)');         // 'nt(1)'
 */
export function rereadingDecoder(inputOf: (rawArguments: string) => string, shown = ''): (fragment: string) => string {
  let raw = '';
  return (fragment) => {
    raw += fragment;
    let input: string;
    try {
      input = inputOf(raw);
    } catch {
      return '';
    }
    const added = inputGrowth(shown, input);
    shown += added;
    return added;
  };
}
