import * as vscode from 'vscode';

const ALWAYS_KEY = 'tutor.codeInterpreter.localAlwaysAllowed';

/**
 * Asks before the code interpreter runs model-written code with the user's own Python, which is
 * not sandboxed: the code runs with the user's rights. A modal shows the code itself, so the
 * consent is to this code; "Always allow in this workspace" is remembered per workspace.
 */
export function localPythonConsent(workspaceState: vscode.Memento): (request: { code: string }) => Promise<boolean> {
  return async ({ code }) => {
    if (workspaceState.get<boolean>(ALWAYS_KEY, false)) return true;
    const shown = code.length > 2_000 ? `${code.slice(0, 2_000)}\n${vscode.l10n.t('… ({0} more characters)', code.length - 2_000)}` : code;
    const run = vscode.l10n.t('Run');
    const always = vscode.l10n.t('Always allow in this workspace');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Tutor wants to run this Python with your own interpreter. It is not sandboxed: it can read and change your files and use the network.'),
      { modal: true, detail: shown },
      run,
      always,
    );
    if (choice === always) await workspaceState.update(ALWAYS_KEY, true);
    return choice === run || choice === always;
  };
}
