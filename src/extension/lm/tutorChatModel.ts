import * as vscode from 'vscode';
import type { ChatMessage, ChatProvider, ChatRequest, ChatTool } from '../../providers/types';

/** The vendor Tutor's own chat model is listed under (package.json `languageModelChatProviders`). */
export const TUTOR_LM_VENDOR = 'tutor';

export interface TutorChatModelDeps {
  /** Tutor's configured provider (settings and key), the one its assistant runs on. */
  provider: ChatProvider;
  /** The configured model name and provider kind, read when asked. */
  settings(): { model: string; provider: string };
}

/**
 * Tutor's configured provider as a VS Code chat model ("Tutor (gpt-4o-mini)"). VS Code's Chat view
 * sends nothing, not even to @tutor, until some model is selected in its picker; without Copilot
 * there is none, so a student with only Tutor could not use @tutor. Listing Tutor's own provider
 * gives the picker one, and lets the Chat view and agents use the model the student already set up.
 * With `tutor.provider` set to `vscode-lm` (Tutor itself uses VS Code's models) it lists nothing:
 * it would only hand VS Code's models back to it.
 */
export function registerTutorChatModel(deps: TutorChatModelDeps): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.LanguageModelChatProvider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation() {
      const { model, provider: kind } = deps.settings();
      if (kind === 'vscode-lm' || !model) return [];
      return [{
        id: 'tutor', name: `Tutor (${model})`, family: 'tutor', version: '1',
        tooltip: vscode.l10n.t('The model Tutor is set up with ({0}: {1}); change it with Tutor: Select Model.', kind, model),
        maxInputTokens: 128_000, maxOutputTokens: 16_000, capabilities: { toolCalling: true },
      }];
    },
    async provideLanguageModelChatResponse(_model, messages, options, progress, token) {
      const controller = new AbortController();
      const listener = token.onCancellationRequested(() => controller.abort());
      const calls = new Map<number, { id: string; name: string; args: string }>();
      try {
        const request: ChatRequest = { model: deps.settings().model, messages: toChatMessages(messages), ...toolOptions(options) };
        for await (const chunk of deps.provider.streamChat(request, controller.signal)) {
          if (chunk.type === 'text') progress.report(new vscode.LanguageModelTextPart(chunk.text));
          else if (chunk.type === 'tool_call') {
            const call = calls.get(chunk.index) ?? { id: '', name: '', args: '' };
            call.id ||= chunk.id ?? '';
            call.name ||= chunk.name ?? '';
            call.args += chunk.arguments ?? '';
            calls.set(chunk.index, call);
          }
        }
        for (const [index, call] of calls) progress.report(new vscode.LanguageModelToolCallPart(call.id || `call_${index}`, call.name, parseArguments(call.args)));
      } finally {
        listener.dispose();
      }
    },
    async provideTokenCount(_model, text) {
      const value = typeof text === 'string' ? text : text.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : JSON.stringify(p))).join('');
      // About four characters a token for English and code; VS Code only budgets with it.
      return Math.ceil(value.length / 4);
    },
  };
  return [
    changed,
    vscode.lm.registerLanguageModelChatProvider(TUTOR_LM_VENDOR, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tutor.model') || e.affectsConfiguration('tutor.provider')) changed.fire();
    }),
  ];
}

/** VS Code's messages as chat-completions messages: tool results become `tool` messages. */
export function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const text = message.content.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('');
    const calls = message.content.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
    const results = message.content.filter((p): p is vscode.LanguageModelToolResultPart => p instanceof vscode.LanguageModelToolResultPart);
    if (message.role === vscode.LanguageModelChatMessageRole.Assistant) {
      out.push({ role: 'assistant', content: text || null, ...(calls.length ? { tool_calls: calls.map((c) => ({ id: c.callId, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.input) } })) } : {}) });
      continue;
    }
    for (const r of results) {
      out.push({ role: 'tool', tool_call_id: r.callId, content: r.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : '')).join('') });
    }
    if (!text) continue;
    // Role 3 is VS Code's System (in its proposed API); it arrives in stable messages as a number.
    out.push(message.role === vscode.LanguageModelChatMessageRole.User ? { role: 'user', content: text } : { role: 'system', content: text });
  }
  return out;
}

function toolOptions(options: vscode.ProvideLanguageModelChatResponseOptions): Pick<ChatRequest, 'tools' | 'tool_choice'> {
  const tools = options.tools ?? [];
  if (!tools.length) return {};
  const chatTools: ChatTool[] = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, ...(t.inputSchema ? { parameters: t.inputSchema as Record<string, unknown> } : {}) } }));
  return { tools: chatTools, tool_choice: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto' };
}

function parseArguments(json: string): object {
  try {
    const value: unknown = JSON.parse(json || '{}');
    return value !== null && typeof value === 'object' ? value : { value };
  } catch {
    return { arguments: json };
  }
}
