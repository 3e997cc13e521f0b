/**
 * The ChatProvider over VS Code's own language models (`vscode.lm`): whatever chat models other
 * installed extensions offer (GitHub Copilot, or any extension registering a model provider).
 */
import * as vscode from 'vscode';
import { type ChatChunk, type ChatProvider, type ChatRequest, ProviderError } from '../../providers/types';
import { toLmMessages, toLmToolOptions } from './vscodeLmMessages';

export interface VsCodeLmOptions {
  /** Only models of this vendor, e.g. `'copilot'`; any vendor when unset. */
  vendor?: string;
  /** Shown in VS Code's consent dialog when a model asks the user before another extension uses it. */
  justification?: string;
  /** How long token counting may take once the answer is in; after that usage is left to the runtime's estimate. Default 1000. */
  countTokensTimeoutMs?: number;
}

export interface VsCodeLmProvider extends ChatProvider {
  listModels(signal: AbortSignal): Promise<string[]>;
}

/** VS Code shows it in its consent dialog; a function, so it is translated when asked. */
const defaultJustification = () => vscode.l10n.t('Tutor answers your math and code questions with the model you picked.');

/**
 * Creates the provider. `request.model` is matched against model ids first, then families; with
 * a vendor, any model of that vendor stands in when neither matches.
 *
 * @example
 *   const provider = createVsCodeLmProvider({ vendor: 'copilot' });
 *   for await (const chunk of provider.streamChat({ model: 'gpt-4o', messages }, signal)) { … }
 */
export function createVsCodeLmProvider(options: VsCodeLmOptions = {}): VsCodeLmProvider {
  return {
    async *streamChat(request, signal) {
      if (signal.aborted) throw abortedError();
      // One AbortSignal flows from the edge down; vscode.lm speaks CancellationTokens.
      const source = new vscode.CancellationTokenSource();
      const cancel = () => source.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      let finished = false;
      try {
        yield* streamFromModel(request, signal, source.token, options);
        finished = true;
      } finally {
        signal.removeEventListener('abort', cancel);
        // A consumer that stops reading early (break, a thrown error) ends the upstream request too.
        if (!finished) source.cancel();
        source.dispose();
      }
    },

    async listModels(signal) {
      try {
        const models = await untilAborted(vscode.lm.selectChatModels(options.vendor ? { vendor: options.vendor } : {}), signal);
        return [...new Set(models.map((model) => model.id))];
      } catch (error) {
        throw toProviderError(error, signal);
      }
    },
  };
}

async function* streamFromModel(request: ChatRequest, signal: AbortSignal, token: vscode.CancellationToken, options: VsCodeLmOptions): AsyncGenerator<ChatChunk> {
  let response: vscode.LanguageModelChatResponse;
  let model: vscode.LanguageModelChat;
  const messages = toLmMessages(request.messages);
  try {
    model = await untilAborted(findModel(request.model, options.vendor), signal);
    const lmOptions = { ...toLmToolOptions(request), justification: options.justification ?? defaultJustification() };
    response = await untilAborted(model.sendRequest(messages, lmOptions, token), signal);
  } catch (error) {
    throw toProviderError(error, signal);
  }

  const parts = response.stream[Symbol.asyncIterator]();
  let toolCalls = 0;
  let answer = '';
  try {
    for (;;) {
      // Raced against the signal: a model provider that ignores cancellation must not keep the run waiting.
      const next = await untilAborted(parts.next(), signal);
      if (next.done) break;
      const part: unknown = next.value;
      if (part instanceof vscode.LanguageModelTextPart) {
        if (!part.value) continue;
        answer += part.value;
        yield { type: 'text', text: part.value };
      } else if (part instanceof vscode.LanguageModelToolCallPart) {
        const args = JSON.stringify(part.input ?? {});
        answer += part.name + args;
        yield { type: 'tool_call', index: toolCalls++, id: part.callId, name: part.name, arguments: args };
      }
      // Anything else (future part kinds such as thinking or data) is not part of the answer.
    }
  } catch (error) {
    throw toProviderError(error, signal);
  }
  if (signal.aborted) throw abortedError();

  const usage = await untilAborted(countUsage(model, messages, answer, token, options.countTokensTimeoutMs ?? 1000), signal).catch((error: unknown) => {
    throw toProviderError(error, signal);
  });
  if (usage) yield usage;
  yield { type: 'finish', reason: toolCalls ? 'tool_calls' : 'stop' };
}

/** By id, then by family, then (with a vendor, or no model named) any model there is. */
async function findModel(name: string, vendor: string | undefined): Promise<vscode.LanguageModelChat> {
  const scope: vscode.LanguageModelChatSelector = vendor ? { vendor } : {};
  if (name) {
    for (const selector of [{ ...scope, id: name }, { ...scope, family: name }]) {
      const [model] = await vscode.lm.selectChatModels(selector);
      if (model) return model;
    }
  }
  const available = await vscode.lm.selectChatModels(scope);
  if (available[0] && (vendor || !name)) return available[0];
  throw new ProviderError('model_not_found', noModelMessage(name, vendor, available.map((model) => model.id)));
}

/** Shown to the user in the chat (the run's error): whole sentences, translated. */
function noModelMessage(name: string, vendor: string | undefined, available: string[]): string {
  if (!available.length) {
    const what = vendor
      ? (name ? vscode.l10n.t('No VS Code language model from vendor "{0}" is available for "{1}".', vendor, name) : vscode.l10n.t('No VS Code language model from vendor "{0}" is available.', vendor))
      : (name ? vscode.l10n.t('No VS Code language model is available for "{0}".', name) : vscode.l10n.t('No VS Code language model is available.'));
    return `${what} ${vscode.l10n.t('Install or enable an extension that provides chat models (for example GitHub Copilot Chat), or choose another provider in the tutor.provider setting.')}`;
  }
  const shown = available.slice(0, 8).join(', ') + (available.length > 8 ? ', …' : '');
  const what = vendor
    ? vscode.l10n.t('No VS Code language model from vendor "{0}" is called "{1}". Available: {2}.', vendor, name, shown)
    : vscode.l10n.t('No VS Code language model is called "{0}". Available: {1}.', name, shown);
  return `${what} ${vscode.l10n.t('Pick one with "Tutor: Select Model", or install or enable the extension that provides this model.')}`;
}

/**
 * Prompt and answer tokens by the model's own tokenizer. Each count is a round trip to the
 * extension that owns the model, so they run in parallel and give up after `timeoutMs`;
 * without a count the runtime estimates usage itself.
 */
async function countUsage(
  model: vscode.LanguageModelChat,
  messages: vscode.LanguageModelChatMessage[],
  answer: string,
  token: vscode.CancellationToken,
  timeoutMs: number,
): Promise<Extract<ChatChunk, { type: 'usage' }> | undefined> {
  const counting = Promise.all([
    Promise.all(messages.map((message) => model.countTokens(message, token))),
    answer ? model.countTokens(answer, token) : 0,
  ]).then(
    ([prompt, completion]) => {
      const promptTokens = prompt.reduce((sum, n) => sum + n, 0);
      if (!Number.isFinite(promptTokens) || !Number.isFinite(completion)) return undefined;
      return { type: 'usage' as const, prompt_tokens: promptTokens, completion_tokens: completion };
    },
    () => undefined,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, timeoutMs, undefined); });
  try {
    return await Promise.race([counting, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Settles like `work`, or rejects with an aborted ProviderError as soon as `signal` aborts. */
function untilAborted<T>(work: Thenable<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(abortedError());
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => { signal.removeEventListener('abort', stop); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', stop); reject(error); },
    );
  });
}

/**
 * Classifies by `LanguageModelError.code` and error class, never by message text. The codes are
 * the documented names (`LanguageModelError.NotFound.name` and so on); a code other than these
 * (`Unknown`, or a new one) is the model provider's own failure.
 */
function toProviderError(error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return abortedError();
  if (isLanguageModelError(error)) {
    const detail = error.message ? `: ${error.message}` : '';
    switch (error.code) {
      case 'NoPermissions':
        return new ProviderError('auth', vscode.l10n.t('VS Code did not allow Tutor to use this language model{0}. Allow it when VS Code asks, or manage access under Accounts → Manage Language Model Access.', detail));
      case 'NotFound':
        return new ProviderError('model_not_found', vscode.l10n.t('VS Code no longer has this language model{0}. Pick another with "Tutor: Select Model".', detail));
      case 'Blocked':
        return new ProviderError('rate_limit', vscode.l10n.t('The language model is refusing requests for now (quota or rate limit){0}.', detail));
      default:
        return new ProviderError('server', vscode.l10n.t('The language model failed{0}.', describeCause(error)));
    }
  }
  return new ProviderError('server', vscode.l10n.t('The language model failed{0}.', describeCause(error)));
}

/** Errors cross from the model's extension over RPC, so the class may be lost; the name and code are kept. */
function isLanguageModelError(error: unknown): error is vscode.LanguageModelError {
  if (error instanceof vscode.LanguageModelError) return true;
  return error instanceof Error && error.name === 'LanguageModelError' && typeof (error as { code?: unknown }).code === 'string';
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return error === undefined ? '' : `: ${String(error)}`;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return error.message ? `: ${error.message}${cause}` : cause;
}

function abortedError(): ProviderError {
  return new ProviderError('aborted', vscode.l10n.t('The request to the model was cancelled.'));
}
