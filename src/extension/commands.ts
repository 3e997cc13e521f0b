import * as vscode from 'vscode';
import { formatSelection } from '../common/selectionPrompt';
import type { ChatViewProvider } from './chatView';
import { validateApiKey, type ApiKeyStore } from './secrets';

/** Said wherever a question cannot be answered yet, so nothing pretends to work. */
export const NO_RUNTIME_NOTICE =
  'Tutor cannot answer yet: this build has no model runtime connected. Your question is kept here.';

export interface CommandDeps {
  chat: ChatViewProvider;
  apiKeys: ApiKeyStore;
}

/**
 * A command's text argument when another extension or a test passes one, otherwise the user's
 * answer in an input box (undefined when they press Escape).
 */
async function givenOrAsked(given: unknown, options: vscode.InputBoxOptions): Promise<string | undefined> {
  if (typeof given === 'string') return given;
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
}

/** Registers every command the manifest contributes; the caller disposes the result. */
export function registerCommands({ chat, apiKeys }: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tutor.ask', async (question?: unknown) => {
      const text = await givenOrAsked(question, {
        title: 'Ask Tutor',
        prompt: 'Ask about math or code. Tutor answers with hints first.',
        placeHolder: 'e.g. How do I solve 3x + 11 = 14?',
      });
      if (!text?.trim()) return;
      await chat.reveal();
      chat.notify('chat/question', { text: text.trim() });
      chat.notify('chat/notice', { text: NO_RUNTIME_NOTICE, level: 'warning' });
    }),

    vscode.commands.registerCommand('tutor.sendSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.showInformationMessage('Select some code or an equation first, then send it to Tutor.');
        return;
      }
      const { selection, document } = editor;
      const text = formatSelection({
        file: vscode.workspace.asRelativePath(document.uri),
        languageId: document.languageId,
        startLine: selection.start.line + 1,
        // A selection that ends at column 0 of a line does not include that line.
        endLine: selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1,
        text: document.getText(selection),
      });
      await chat.reveal();
      chat.notify('chat/draft', { text: `${text}\n\n` });
    }),

    vscode.commands.registerCommand('tutor.setApiKey', async (given?: unknown) => {
      const key = await givenOrAsked(given, {
        title: 'Tutor: Set API Key',
        prompt: 'Stored in VS Code Secret Storage only — never in settings or logs. Leave empty to remove the stored key.',
        password: true,
        validateInput: (v) => (v === '' ? undefined : validateApiKey(v)),
      });
      if (key === undefined) return;
      if (key === '') {
        await apiKeys.clear();
        void vscode.window.showInformationMessage('Tutor: API key removed.');
        return;
      }
      const problem = validateApiKey(key);
      if (problem) {
        void vscode.window.showErrorMessage(`Tutor: ${problem}`);
        return;
      }
      await apiKeys.set(key.trim());
      void vscode.window.showInformationMessage('Tutor: API key saved in Secret Storage.');
    }),
  ];
}
