/**
 * The "Set up Tutor" view: an always-empty tree whose welcome content (from package.json
 * `viewsWelcome`) carries the setup buttons. VS Code shows welcome content only in tree views, so
 * this tree exists for it; the view is visible while the `tutor.needsSetup` context key is true.
 */
import * as vscode from 'vscode';
import { isProviderConfigured } from './firstRun';

export const SETUP_VIEW_ID = 'tutor.setup';
export const NEEDS_SETUP_CONTEXT_KEY = 'tutor.needsSetup';

/**
 * Registers the empty tree; without a data provider VS Code would show "no data provider"
 * instead of the welcome content.
 *
 * @example
 *   context.subscriptions.push(...registerSetupView());
 */
export function registerSetupView(): vscode.Disposable[] {
  const empty: vscode.TreeDataProvider<vscode.TreeItem> = { getTreeItem: (item) => item, getChildren: () => [] };
  return [vscode.window.registerTreeDataProvider(SETUP_VIEW_ID, empty)];
}

/**
 * Sets the `tutor.needsSetup` context key, which shows or hides the setup view.
 *
 * @example
 *   await setNeedsSetup(!isProviderConfigured(vscode.workspace.getConfiguration('tutor'), hasKey));
 */
export function setNeedsSetup(needsSetup: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', NEEDS_SETUP_CONTEXT_KEY, needsSetup);
}

/**
 * Keeps `tutor.needsSetup` right: evaluates it now, then again whenever `tutor.provider` or the
 * stored secrets change. Returns the listeners to dispose.
 *
 * @example
 *   context.subscriptions.push(...watchNeedsSetup(context.secrets, async () => !!(await apiKeys.get())));
 */
export function watchNeedsSetup(secrets: vscode.SecretStorage, hasKey: () => Thenable<boolean>): vscode.Disposable[] {
  const update = async () => {
    const configured = isProviderConfigured(vscode.workspace.getConfiguration('tutor'), await hasKey());
    await setNeedsSetup(!configured);
  };
  void update();
  return [
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tutor.provider')) void update();
    }),
    secrets.onDidChange(() => void update()),
  ];
}
