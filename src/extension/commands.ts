import * as vscode from 'vscode';
import type { ChatController, ChatViews, ImportOutcome, ThreadStore } from './chat';
import { conversationMarkdown, exportMarkdown, isMathSelection, rangeBody } from './editor';
import { validateApiKey, type ApiKeyStore } from './secrets';
import { pickModel, type SettingsProvider } from './setup';

export interface CommandDeps {
  views: ChatViews;
  controller: ChatController;
  apiKeys: ApiKeyStore;
  threads: ThreadStore;
  provider: SettingsProvider;
  globalState: vscode.Memento;
  /** Import Conversation from Markdown: the file given, or one the user picks. */
  importThread(target?: vscode.Uri): Promise<ImportOutcome | undefined>;
}

const RECENT_KEY = 'tutor.recentQuestions';
const SELECTION_ACTION_KEY = 'tutor.lastSelectionAction';

/**
 * What Send Selection can ask; the last choice is offered first next time. A function, not a
 * constant: the texts are translated when shown. The prompt is the user's own question (it
 * appears as their message), so it is in their language too, and the tutor answers in it.
 */
const selectionActions = () => [
  { id: 'explain', label: vscode.l10n.t('Explain'), prompt: vscode.l10n.t('Explain this, step by step.') },
  { id: 'bug', label: vscode.l10n.t('Find the bug'), prompt: vscode.l10n.t('Is there a bug in this? Help me find it — hints first.') },
  { id: 'solve', label: vscode.l10n.t('Solve step by step'), prompt: vscode.l10n.t('Help me solve this step by step.') },
  { id: 'custom', label: vscode.l10n.t('Custom prompt…'), prompt: '' },
];

/**
 * A command's text argument when another extension or a test passes one, otherwise the user's
 * answer in an input box (undefined when they press Escape).
 */
async function givenOrAsked(given: unknown, options: vscode.InputBoxOptions): Promise<string | undefined> {
  if (typeof given === 'string') return given;
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
}

/** Registers every command the manifest contributes; the caller disposes the result. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { views, controller, apiKeys, threads, globalState } = deps;

  const askAndSend = async (text: string) => {
    await views.reveal();
    const reply = await controller.send(text);
    if (!reply.accepted && reply.notice) void vscode.window.showWarningMessage(vscode.l10n.t('Tutor: {0}', reply.notice));
    const recent = globalState.get<string[]>(RECENT_KEY, []).filter((q) => q !== text);
    await globalState.update(RECENT_KEY, [text, ...recent].slice(0, 10));
  };

  const importThread = async (target?: unknown) => {
    const outcome = await deps.importThread(target instanceof vscode.Uri ? target : undefined);
    if (outcome && 'threadId' in outcome) await views.reveal();
    return outcome;
  };

  return [
    vscode.commands.registerCommand('tutor.ask', async (question?: unknown) => {
      const text = typeof question === 'string' ? question : await askWithRecents(globalState.get<string[]>(RECENT_KEY, []));
      if (text?.trim()) await askAndSend(text.trim());
    }),

    vscode.commands.registerCommand('tutor.sendSelection', async (choice?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select some code or an equation first, then send it to Tutor.'));
        return;
      }
      const { selection, document } = editor;
      const selected = document.getText(selection);
      const math = isMathSelection(document.languageId, selected);
      const action = typeof choice === 'string' ? selectionActions().find((a) => a.id === choice) : await pickSelectionAction(globalState, math);
      if (!action) return;
      const prompt = action.id === 'custom' ? await vscode.window.showInputBox({ title: vscode.l10n.t('Send Selection to Tutor'), prompt: vscode.l10n.t('What should Tutor do with the selection?'), ignoreFocusOut: true }) : action.prompt;
      if (!prompt?.trim()) return;
      const body = rangeBody(document, selection);
      await askAndSend(`${prompt.trim()}\n\n${body}`);
    }),

    vscode.commands.registerCommand('tutor.newThread', async () => {
      await controller.newThread();
      await views.reveal();
    }),

    vscode.commands.registerCommand('tutor.switchThread', async (id?: unknown) => {
      if (typeof id === 'string') {
        await controller.switchThread(id);
        await views.reveal();
        return;
      }
      await pickThread(threads, controller);
      await views.reveal();
    }),

    vscode.commands.registerCommand('tutor.cancel', async () => {
      if (!(await controller.stop())) void vscode.window.setStatusBarMessage(vscode.l10n.t('Tutor: nothing to stop'), 2000);
    }),

    vscode.commands.registerCommand('tutor.exportThread', async (target?: unknown) => {
      // The whole thread from the runtime: the chat holds only its newest page.
      const thread = await controller.reader.wholeThread();
      if (!thread.messages.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Tutor: this conversation is empty; nothing to export.'));
        return;
      }
      return exportMarkdown(conversationMarkdown(thread.title, thread.messages), thread.title, target instanceof vscode.Uri ? target : undefined);
    }),

    vscode.commands.registerCommand('tutor.importThread', importThread),
    // The Explorer's "Import into Tutor" on a Markdown file: a menu shows a command's own title, so
    // the file's menu has its own id for the same import.
    vscode.commands.registerCommand('tutor.importThreadFile', importThread),

    vscode.commands.registerCommand('tutor.selectModel', async () => {
      const current = vscode.workspace.getConfiguration('tutor').get<string>('model', '');
      const model = await pickModel((signal) => deps.provider.listModels(signal), current);
      if (model) await vscode.workspace.getConfiguration('tutor').update('model', model, vscode.ConfigurationTarget.Global);
    }),

    vscode.commands.registerCommand('tutor.openInEditor', () => views.openInEditor()),

    vscode.commands.registerCommand('tutor.focusInput', async () => {
      await views.reveal();
      views.sidebarHost?.notify('chat/focus', {});
    }),

    vscode.commands.registerCommand('tutor.setApiKey', async (given?: unknown) => {
      const key = await givenOrAsked(given, {
        title: vscode.l10n.t('Tutor: Set API Key'),
        prompt: vscode.l10n.t('Stored in VS Code Secret Storage only — never in settings or logs. Leave empty to remove the stored key.'),
        password: true,
        validateInput: (v) => (v === '' ? undefined : validateApiKey(v)),
      });
      if (key === undefined) return;
      if (key === '') {
        await apiKeys.clear();
        void vscode.window.showInformationMessage(vscode.l10n.t('Tutor: API key removed.'));
        return;
      }
      const problem = validateApiKey(key);
      if (problem) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Tutor: {0}', problem));
        return;
      }
      await apiKeys.set(key.trim());
      void vscode.window.showInformationMessage(vscode.l10n.t('Tutor: API key saved in Secret Storage.'));
    }),
  ];
}

/** The question box: type a new question, or pick one of the recent ones. */
function askWithRecents(recent: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick();
    qp.title = vscode.l10n.t('Ask Tutor');
    qp.placeholder = vscode.l10n.t('Ask about math or code, e.g. How do I solve 3x + 11 = 14?');
    qp.ignoreFocusOut = true;
    qp.items = recent.map((q) => ({ label: q, description: vscode.l10n.t('recent') }));
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      // Typed text wins over a highlighted recent question unless the user picked one explicitly.
      const picked = qp.selectedItems[0]?.label;
      resolve(qp.value.trim() ? qp.value : picked);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

async function pickSelectionAction(state: vscode.Memento, math: boolean) {
  const last = state.get<string>(SELECTION_ACTION_KEY) ?? (math ? 'solve' : 'explain');
  const ordered = selectionActions().sort((a, b) => Number(b.id === last) - Number(a.id === last));
  const picked = await vscode.window.showQuickPick(
    ordered.map((a) => ({ ...a, description: a.id === last ? vscode.l10n.t('last used') : undefined })),
    { title: math ? vscode.l10n.t('Send math to Tutor') : vscode.l10n.t('Send code to Tutor'), placeHolder: vscode.l10n.t('What should Tutor do with the selection?') },
  );
  if (picked) await state.update(SELECTION_ACTION_KEY, picked.id);
  return picked;
}

/** Switch thread: title, date and message count; a delete button asks before deleting. */
async function pickThread(threads: ThreadStore, controller: ChatController): Promise<void> {
  const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete conversation') };
  const items = () =>
    threads.list().map((t) => ({
      label: t.title,
      description: vscode.l10n.t('{0} · {1} messages', new Date(t.lastUsedAt).toLocaleString(vscode.env.language), t.messageCount),
      detail: t.id === controller.view.threadId ? vscode.l10n.t('current') : undefined,
      id: t.id,
      buttons: [remove],
    }));
  const qp = vscode.window.createQuickPick<ReturnType<typeof items>[number]>();
  qp.title = vscode.l10n.t('Tutor: Switch Conversation');
  qp.placeholder = threads.list().length ? vscode.l10n.t('Search conversations') : vscode.l10n.t('No conversations in this workspace yet');
  qp.matchOnDescription = true;
  qp.items = items();
  await new Promise<void>((resolve) => {
    qp.onDidTriggerItemButton(async ({ item }) => {
      const deleteLabel = vscode.l10n.t('Delete');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete "{0}"? This cannot be undone.', item.label), { modal: true }, deleteLabel);
      if (answer === deleteLabel) {
        await controller.deleteThread(item.id);
        qp.items = items();
      }
      qp.show();
    });
    qp.onDidAccept(async () => {
      const picked = qp.selectedItems[0];
      qp.hide();
      if (picked) await controller.switchThread(picked.id);
      resolve();
    });
    qp.onDidHide(() => resolve());
    qp.show();
  });
  qp.dispose();
}
