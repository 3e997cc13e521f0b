/**
 * Translates Tutor's chat-completions shaped requests into VS Code's language model API
 * (`vscode.lm`): messages, tools and tool mode.
 */
import * as vscode from 'vscode';
import type { ChatContentPart, ChatMessage, ChatRequest, ChatTool } from '../../providers/types';

/**
 * For the model, so English (as are Tutor's instructions): not shown to the user.
 * vscode.lm (1.104) has no system role, so system text travels as a user message with this
 * prefix; models read it as instructions because it says so and comes first.
 */
export const SYSTEM_PREFIX = 'System instructions (follow them throughout this conversation):\n\n';

type LmPart = vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart | vscode.LanguageModelToolResultPart;

/**
 * The request's messages as vscode.lm messages. Consecutive tool results are merged into one user
 * message, because several model APIs behind vscode.lm want every result of one turn together.
 *
 * @example
 *   toLmMessages([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
 *   // → [User('System instructions …\n\nBe brief.'), User('Hi')]
 */
export function toLmMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  let pendingResults: vscode.LanguageModelToolResultPart[] = [];
  const flushResults = () => {
    if (pendingResults.length) out.push(vscode.LanguageModelChatMessage.User(pendingResults));
    pendingResults = [];
  };
  for (const message of messages) {
    if (message.role === 'tool') {
      pendingResults.push(new vscode.LanguageModelToolResultPart(message.tool_call_id, [new vscode.LanguageModelTextPart(message.content)]));
      continue;
    }
    flushResults();
    if (message.role === 'system') out.push(vscode.LanguageModelChatMessage.User(SYSTEM_PREFIX + message.content));
    else if (message.role === 'user') out.push(vscode.LanguageModelChatMessage.User(userText(message.content)));
    else {
      const parts: LmPart[] = [];
      if (message.content) parts.push(new vscode.LanguageModelTextPart(message.content));
      for (const call of message.tool_calls ?? []) {
        parts.push(new vscode.LanguageModelToolCallPart(call.id, call.function.name, parseToolInput(call.function.arguments)));
      }
      // An empty assistant turn carries nothing, and some model APIs reject empty content.
      if (parts.length) out.push(vscode.LanguageModelChatMessage.Assistant(parts as (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[]));
    }
  }
  flushResults();
  return out;
}

/** The request's tools and tool mode as vscode.lm request options. */
export function toLmToolOptions(request: ChatRequest): Pick<vscode.LanguageModelChatRequestOptions, 'tools' | 'toolMode'> {
  const choice = request.tool_choice;
  // vscode.lm has no "none" mode: leaving the tools out is the only way to forbid calls.
  if (!request.tools?.length || choice === 'none') return {};
  if (typeof choice === 'object') {
    // "Call this function": Required mode with only that tool, since some models accept a single
    // tool in Required mode anyway.
    const named = request.tools.filter((tool) => tool.function.name === choice.function.name);
    return { tools: named.map(toLmTool), toolMode: vscode.LanguageModelChatToolMode.Required };
  }
  return {
    tools: request.tools.map(toLmTool),
    toolMode: choice === 'required' ? vscode.LanguageModelChatToolMode.Required : vscode.LanguageModelChatToolMode.Auto,
  };
}

function toLmTool(tool: ChatTool): vscode.LanguageModelChatTool {
  return { name: tool.function.name, description: tool.function.description ?? '', inputSchema: tool.function.parameters };
}

/** vscode.lm 1.104 takes text only; an image becomes a marker (English, for the model) so the model knows one was there. */
function userText(content: string | ChatContentPart[]): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '[An image was attached here; this model connection takes text only.]')).join('\n');
}

/**
 * A tool call's input must be an object. Arguments that are not a JSON object (a model's broken
 * output, already answered with an error by the runtime) travel as `{}` so the history still
 * pairs every call with its result.
 */
function parseToolInput(argumentsJson: string): object {
  try {
    const input: unknown = JSON.parse(argumentsJson);
    return input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {};
  } catch {
    return {};
  }
}
