import type { ChatTool, ChatToolChoice } from '../../../providers/types';
import type { CodeInterpreterToolParam, FileSearchToolParam, FunctionToolParam, ToolParam } from '../../domain/responseRequests';
import type { BuiltinTool } from '../../tools/builtinTool';

/** A function tool as a Response shows it. */
export interface FunctionTool {
  type: 'function';
  name: string;
  description: string | null;
  parameters: Record<string, unknown> | null;
  strict: boolean | null;
}

/** file_search as a Response shows it (the spec's FileSearchTool). */
export interface FileSearchTool {
  type: 'file_search';
  vector_store_ids: string[];
  max_num_results?: number;
  ranking_options?: { ranker?: string; score_threshold?: number };
  filters: null;
}

/** code_interpreter as a Response shows it: the container as the request gave it. */
export interface CodeInterpreterTool {
  type: 'code_interpreter';
  container: CodeInterpreterToolParam['container'];
}

export type ResponseTool = FunctionTool | FileSearchTool | CodeInterpreterTool;

export function responseTool(t: ToolParam): ResponseTool {
  switch (t.type) {
    case 'function':
      return functionTool(t);
    case 'file_search':
      return fileSearchTool(t);
    case 'code_interpreter':
      return { type: 'code_interpreter', container: t.container };
  }
}

export function functionTool(t: FunctionToolParam): FunctionTool {
  return { type: 'function', name: t.name, description: t.description ?? null, parameters: t.parameters ?? null, strict: t.strict ?? null };
}

function fileSearchTool(t: FileSearchToolParam): FileSearchTool {
  return {
    type: 'file_search',
    vector_store_ids: t.vector_store_ids,
    ...(t.max_num_results !== undefined ? { max_num_results: t.max_num_results } : {}),
    ...(t.ranking_options ? { ranking_options: t.ranking_options } : {}),
    filters: null,
  };
}

/**
 * What a response's model call offers: its function tools, and for each built-in tool the
 * runtime's function the model calls it by (`file_search`, `python`), keyed by that name.
 */
export function offeredTools(tools: readonly ResponseTool[], builtins: readonly BuiltinTool[]): { chatTools: ChatTool[]; builtins: Map<string, BuiltinTool> } {
  const offered = new Map<string, BuiltinTool>();
  for (const t of tools) {
    const builtin = t.type !== 'function' && builtins.find((b) => b.type === t.type);
    if (builtin) offered.set(builtin.definition.function.name, builtin);
  }
  const chatTools: ChatTool[] = [
    ...[...offered.values()].map((b) => b.definition),
    ...tools.flatMap((t) => (t.type === 'function' ? [{ type: 'function' as const, function: { name: t.name, ...(t.description ? { description: t.description } : {}), ...(t.parameters ? { parameters: t.parameters } : {}), ...(t.strict !== null ? { strict: t.strict } : {}) } }] : [])),
  ];
  return { chatTools, builtins: offered };
}

/** The request's tool_choice in chat-completions terms; a built-in tool is chosen by its function name. */
export function chatToolChoice(choice: ResponseChoice, builtins: ReadonlyMap<string, BuiltinTool>): ChatToolChoice {
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function') return { type: 'function', function: { name: choice.name } };
  const builtin = [...builtins.values()].find((b) => b.type === choice.type);
  return builtin ? { type: 'function', function: { name: builtin.definition.function.name } } : 'auto';
}

export type ResponseChoice = 'none' | 'auto' | 'required' | { type: 'function'; name: string } | { type: 'file_search' | 'code_interpreter' };
