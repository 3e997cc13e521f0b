/**
 * First run: when nothing tells Tutor which provider to use, it looks for a local model server
 * and offers it, so a user with Ollama or LM Studio running gets answers without any setup.
 */
import * as vscode from 'vscode';
import { detectLocalProviders, type LocalProvider, type LocalProviderKind } from '../../providers/localDetect';

export { detectLocalProviders, type LocalProvider };

const DISPLAY_NAMES: Record<LocalProviderKind, string> = { ollama: 'Ollama', lmstudio: 'LM Studio' };
/** globalState key: the user said no to the offer once, so it is not repeated on every start. */
const DECLINED_KEY = 'tutor.firstRun.localProviderDeclined';

/** `vscode.window.showInformationMessage` with string buttons; injectable for tests. */
export type AskUser = (message: string, ...buttons: string[]) => Thenable<string | undefined>;

/**
 * Whether the user has told Tutor where its model runs: `tutor.provider` set explicitly in user,
 * workspace or folder settings (the default alone does not count), a stored API key, or
 * `OPENAI_API_KEY` in the environment.
 *
 * @example
 *   isProviderConfigured(vscode.workspace.getConfiguration('tutor'), !!(await apiKeys.get()));
 */
export function isProviderConfigured(config: vscode.WorkspaceConfiguration, hasKey: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const provider = config.inspect<string>('provider');
  const explicit = [provider?.globalValue, provider?.workspaceValue, provider?.workspaceFolderValue].some((value) => value !== undefined && value !== '');
  return explicit || hasKey || Boolean(env['OPENAI_API_KEY']?.trim());
}

/**
 * Offers the first local server that has a model. On "Use …" it writes `tutor.provider` and
 * `tutor.model` (its first model) to the user's settings and returns what it chose; otherwise
 * returns undefined and changes nothing.
 *
 * @example
 *   const chosen = await offerLocalProvider(await detectLocalProviders(), vscode.workspace.getConfiguration('tutor'));
 */
export async function offerLocalProvider(
  found: readonly LocalProvider[],
  config: vscode.WorkspaceConfiguration,
  ask: AskUser = vscode.window.showInformationMessage,
): Promise<LocalProvider | undefined> {
  const offer = found.find((provider) => provider.models.length > 0);
  if (!offer) return undefined;
  const name = DISPLAY_NAMES[offer.kind];
  const use = vscode.l10n.t('Use {0}', name);
  // Whole sentences per count: a translation may word the singular differently.
  const question = offer.models.length === 1
    ? vscode.l10n.t('Tutor found {0} running with 1 model. Use it?', name)
    : vscode.l10n.t('Tutor found {0} running with {1} models. Use it?', name, offer.models.length);
  const answer = await ask(question, use, vscode.l10n.t('Not now'));
  if (answer !== use) return undefined;
  await config.update('provider', offer.kind, vscode.ConfigurationTarget.Global);
  await config.update('model', offer.models[0], vscode.ConfigurationTarget.Global);
  return offer;
}

export interface FirstRunDeps {
  /** `vscode.workspace.getConfiguration('tutor')`. */
  config: vscode.WorkspaceConfiguration;
  hasKey: boolean;
  /** `context.globalState`: remembers a "Not now". */
  state: vscode.Memento;
  detect?: () => Promise<LocalProvider[]>;
  ask?: AskUser;
  env?: NodeJS.ProcessEnv;
}

/**
 * The whole first-run check, meant to run unawaited from `activate`: does nothing when a
 * provider is configured or the user declined before; otherwise probes and offers.
 *
 * @example
 *   void offerLocalProviderOnce({ config: vscode.workspace.getConfiguration('tutor'), hasKey, state: context.globalState });
 */
export async function offerLocalProviderOnce(deps: FirstRunDeps): Promise<LocalProvider | undefined> {
  if (isProviderConfigured(deps.config, deps.hasKey, deps.env) || deps.state.get<boolean>(DECLINED_KEY)) return undefined;
  const found = await (deps.detect ?? detectLocalProviders)();
  if (!found.some((provider) => provider.models.length > 0)) return undefined;
  const chosen = await offerLocalProvider(found, deps.config, deps.ask);
  // Closing the notification counts as "Not now": asking again on every start would nag.
  if (!chosen) await deps.state.update(DECLINED_KEY, true);
  return chosen;
}
