/**
 * What to tell the user when the model provider fails, and which one-click fix to offer. Pure (no
 * `vscode` at run time) so the wording is unit-tested in Node; `errorActions.ts` runs the fixes.
 */
import type { ChatNotice, ErrorAction } from '../../common/protocol';
import type { ProviderErrorKind } from '../../providers/types';
import { errorMessage } from '../../common/errorMessage';
import { t } from '@vscode/l10n';

export interface ErrorAdvice {
  /** One or two plain sentences: what went wrong and what fixes it. */
  message: string;
  action: ErrorAction;
}

/** Messages are functions: translated when shown, after the host has loaded the display language's bundle. */
const ADVICE: Record<ProviderErrorKind | 'no_provider', { message: () => string; action: ErrorAction }> = {
  no_provider: {
    message: () => t('Tutor has no model provider yet. Choose one in the tutor.provider setting: OpenAI and Azure need an API key (Tutor: Set API Key); Ollama and LM Studio run on your machine and need none.'),
    action: 'openSettings',
  },
  auth: {
    message: () => t('The model provider did not accept the API key: it is missing, wrong or expired. Set a valid key with Tutor: Set API Key, or choose a local provider (Ollama, LM Studio) that needs none.'),
    action: 'setApiKey',
  },
  model_not_found: {
    message: () => t('The model provider does not offer this model. Pick one it has with Tutor: Select Model.'),
    action: 'selectModel',
  },
  connection: {
    // "got no answer" covers both a server that is down and one that stalls mid-answer.
    message: () => t('Tutor got no answer from the model provider. Check the tutor.providerUrl setting; for Ollama or LM Studio, make sure the app is running.'),
    action: 'openSettings',
  },
  rate_limit: {
    message: () => t("The model provider is limiting requests right now (rate limit or quota). Wait a moment, then retry; if it keeps happening, check your plan's quota."),
    action: 'retry',
  },
  server: {
    message: () => t("The model provider failed while answering. Retry; if it keeps failing, try another model or check the provider's status page."),
    action: 'retry',
  },
  bad_request: {
    message: () => t('The model provider refused this request: the model may not support tools, or the conversation may be too long. Try another model with Tutor: Select Model.'),
    action: 'selectModel',
  },
  aborted: {
    message: () => t('The answer was stopped before it finished. Retry to ask again.'),
    action: 'retry',
  },
};

/** A run's `last_error.code` (ours or OpenAI's) when only that reached the view. */
const KIND_BY_CODE: Record<string, ProviderErrorKind> = {
  rate_limit_exceeded: 'rate_limit',
  server_error: 'server',
  invalid_api_key: 'auth',
  model_not_found: 'model_not_found',
  invalid_prompt: 'bad_request',
};

/**
 * The message and fix for a provider failure. `kind` wins when known; otherwise the run's
 * `last_error.code` decides; with neither, the failure is that no provider is set up.
 *
 * @example
 *   actionForProviderError('auth');          // { message: 'The model provider did not accept the API key…', action: 'setApiKey' }
 *   actionForProviderError(undefined, 'rate_limit_exceeded').action; // 'retry'
 *   actionForProviderError(undefined).action; // 'openSettings' (no provider yet)
 */
export function actionForProviderError(kind: ProviderErrorKind | undefined, lastErrorCode?: string): ErrorAdvice {
  const { message, action } = ADVICE[kind ?? (lastErrorCode ? KIND_BY_CODE[lastErrorCode] ?? 'server' : 'no_provider')];
  // An unknown code still came from a provider that answered, so retrying is the honest offer.
  return { message: message(), action };
}

/** A model provider's failure as the embedded runtime's provider reported it: its kind and its own words. */
export interface ProviderFailure {
  kind: ProviderErrorKind;
  detail: string;
}

/** What the chat view knows when a run has failed. */
export interface RunFailureFacts {
  /** The embedded runtime's own provider failure (kind and the provider's words), when there was one. */
  provider?: ProviderFailure;
  /** The run's `last_error`, as any server reports it. */
  lastError?: { code: string; message: string };
  /** True when the runtime is the embedded one, so a provider failure would have been seen. */
  embedded: boolean;
}

/**
 * The one notice for a failed run: a single piece of advice, never the runtime's and ours
 * together. The runtime's `last_error.message` carries advice of its own for plain API clients
 * ("Set a valid key."); showing it with ours read as the same sentence twice. So:
 * - an embedded provider failure shows our advice, then the provider's own words as the detail;
 * - an embedded run that failed without a provider failure (the model kept calling tools) shows
 *   the run's message, which already says what to do; advice blaming the provider would mislead;
 * - a remote server's failure shows its message as it stands (its settings are not ours to
 *   name), with the button its `last_error.code` suggests.
 *
 * @example
 *   failedRunNotice({ embedded: true, provider: { kind: 'auth', detail: 'HTTP 401' } }).message
 *   // 'The model provider did not accept the API key: … Tutor: Set API Key, … (HTTP 401)'
 */
export function failedRunNotice(facts: RunFailureFacts): ErrorAdvice {
  const { provider, lastError, embedded } = facts;
  if (provider) {
    const advice = actionForProviderError(provider.kind);
    const detail = provider.detail.trim().replace(/\.$/, '');
    return { message: detail ? t('{0} ({1}.)', advice.message, detail) : advice.message, action: advice.action };
  }
  if (lastError?.message) {
    return { message: lastError.message, action: embedded ? 'retry' : actionForProviderError(undefined, lastError.code).action };
  }
  return { message: t('The run failed. {0}', actionForProviderError('server').message), action: 'retry' };
}

/**
 * Said before a question is sent when the embedded runtime's provider needs a key and none is
 * stored or in the environment: nothing is asked of the provider, so nothing can have been
 * "not accepted". Two ways out, as in the Set up Tutor view.
 *
 * @example
 *   missingKeyNotice('OpenAI', { questionInBox: true }).message; // 'No API key is set for OpenAI. …'
 */
export function missingKeyNotice(providerName: string, { questionInBox }: { questionInBox: boolean }): ErrorAdvice & { secondaryAction: ErrorAction } {
  return {
    message: questionInBox
      ? t("No API key is set for {0}. Set one with Tutor: Set API Key (it is kept in VS Code's Secret Storage), or choose a provider that needs none, such as Ollama or LM Studio. Your question is back in the box: send it again once a key is set.", providerName)
      : t("No API key is set for {0}. Set one with Tutor: Set API Key (it is kept in VS Code's Secret Storage), or choose a provider that needs none, such as Ollama or LM Studio.", providerName),
    action: 'setApiKey',
    secondaryAction: 'chooseProvider',
  };
}

/**
 * What to say when a request failed before the run started (creating the thread or the message),
 * by who answered: the embedded runtime (`server` empty), or the Tutor server at `server`. A server's 401 is its
 * bearer token (its `--token`), which Set API Key stores; a missing answer is the server itself.
 *
 * @example
 *   beforeRunNotice({ status: 401, message: '401 Invalid token' }, 'http://127.0.0.1:8765/v1').action; // 'setApiKey'
 */
export function beforeRunNotice(err: { status?: number; message: string }, server: string): ErrorAdvice;
/** As thrown: an SDK error's HTTP status and its message, or the thrown value in words. */
export function beforeRunNotice(err: unknown, server: string): ErrorAdvice;
export function beforeRunNotice(thrown: unknown, server: string): ErrorAdvice {
  const err = failureOf(thrown);
  const said = err.message.trim().replace(/\.$/, '');
  if (!server) {
    // In-process: no network between, and the provider is not asked before the run.
    return { message: t("Tutor's built-in runtime failed: {0}. Retry; if it keeps failing, the Tutor log (Output → Tutor) says why.", said), action: 'retry' };
  }
  if (err.status === 401 || err.status === 403) {
    return {
      message: t("The Tutor server at {0} refused the token ({1}). Set the server's token (its --token or TUTOR_SERVER_TOKEN) with Tutor: Set API Key; without a stored one, OPENAI_API_KEY from the environment is sent.", server, said),
      action: 'setApiKey',
    };
  }
  if (err.status === undefined) {
    return {
      message: t('Tutor got no answer from the Tutor server at {0} ({1}). Check that it is running and that the tutor.server.url setting names it.', server, said),
      action: 'openSettings',
    };
  }
  return { message: t("The Tutor server at {0} failed ({1}). Retry; if it keeps failing, see the server's log.", server, said), action: 'retry' };
}

/**
 * What the chat says when a run ended without completing (undefined when it completed): stopped,
 * failed (failedRunNotice), cut off at the token limit, or expired waiting for a tool.
 */
export function runEndNotice(status: string, failure: RunFailureFacts): ChatNotice | undefined {
  if (status === 'cancelled') return { text: t('Stopped. The answer above is incomplete; press Retry to ask again.'), level: 'info', action: 'retry' };
  if (status === 'failed') {
    const { message, action } = failedRunNotice(failure);
    return { text: message, level: 'error', action };
  }
  if (status === 'incomplete') return { text: t('The answer was cut off at the token limit. Ask Tutor to continue.'), level: 'warning' };
  if (status === 'expired') return { text: t('The run expired while waiting for a tool. Ask again.'), level: 'warning', action: 'retry' };
  return undefined;
}

/** The status and message beforeRunNotice reads, from whatever was thrown (or already that shape). */
function failureOf(thrown: unknown): { status?: number; message: string } {
  const { status, message } = (thrown ?? {}) as { status?: unknown; message?: unknown };
  return { message: typeof message === 'string' ? message : errorMessage(thrown), ...(typeof status === 'number' ? { status } : {}) };
}
