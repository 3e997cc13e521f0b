/**
 * Runs the one-click fix an error notice offers (see `errorAdvice.ts` for which fix goes with
 * which failure).
 */
import * as vscode from 'vscode';
import type { ErrorAction } from '../../common/protocol';

export { actionForProviderError, type ErrorAdvice } from './errorAdvice';

/** The Settings editor search that shows tutor.provider and tutor.providerUrl side by side. */
export const PROVIDER_SETTINGS_QUERY = '@ext:tutor-dev.tutor provider';

/**
 * Runs `action`. Resolves false for `retry`, which only the chat view can do (it owns the thread),
 * and true once the command has run.
 *
 * @example
 *   const { message, action } = actionForProviderError(error.kind);
 *   if (!(await runErrorAction(action))) retryLastQuestion();
 */
export async function runErrorAction(action: ErrorAction): Promise<boolean> {
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand('tutor.setApiKey');
      return true;
    case 'selectModel':
      await vscode.commands.executeCommand('tutor.selectModel');
      return true;
    case 'chooseProvider':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'tutor.provider');
      return true;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', PROVIDER_SETTINGS_QUERY);
      return true;
    case 'retry':
      return false;
  }
}
