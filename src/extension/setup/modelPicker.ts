/**
 * "Tutor: Select Model": a QuickPick over the provider's models that opens at once, fills in
 * when the list arrives, and always accepts a typed name (some servers cannot list their models).
 */
import * as vscode from 'vscode';
import { errorMessage } from '../../common/errorMessage';

interface ModelItem extends vscode.QuickPickItem {
  /** The model name to return; the label may carry decoration. */
  model: string;
}


/**
 * Shows the picker and resolves with the chosen model name, or undefined when dismissed.
 * Dismissing it aborts the listing request.
 *
 * @example
 *   const model = await pickModel((signal) => provider.listModels!(signal), config.get('model', ''));
 *   if (model) await config.update('model', model, vscode.ConfigurationTarget.Global);
 */
export function pickModel(listModels: (signal: AbortSignal) => Promise<string[]>, current: string): Promise<string | undefined> {
  const picker = vscode.window.createQuickPick<ModelItem>();
  const listing = new AbortController();
  let listed: ModelItem[] = current ? [modelItem(current, current)] : [];
  picker.title = vscode.l10n.t('Tutor: Select Model');
  picker.placeholder = vscode.l10n.t('Loading models… (or type a model name)');
  picker.busy = true;
  picker.matchOnDescription = true;
  picker.ignoreFocusOut = true;

  /** The listed models, led by the typed name when it is not one of them. */
  const refresh = () => {
    const typed = picker.value.trim();
    const typedItem: ModelItem[] = typed && !listed.some((item) => item.model === typed)
      ? [{ model: typed, label: typed, description: vscode.l10n.t('Use this model name'), alwaysShow: true }]
      : [];
    picker.items = [...typedItem, ...listed];
    const currentItem = listed.find((item) => item.model === current);
    if (!typed && currentItem) picker.activeItems = [currentItem];
  };

  listModels(listing.signal).then(
    (models) => {
      if (listing.signal.aborted) return;
      const names = [...new Set([...models, ...(current ? [current] : [])])].sort((a, b) => a.localeCompare(b));
      listed = names.map((name) => modelItem(name, current));
      picker.placeholder = names.length ? vscode.l10n.t('Pick a model, or type another name') : vscode.l10n.t('The provider listed no models: type a model name');
      picker.busy = false;
      refresh();
    },
    (error: unknown) => {
      if (listing.signal.aborted) return;
      // The picker stays usable: the user can still type a name the server knows.
      picker.title = vscode.l10n.t('Tutor: Select Model (could not list models)');
      const reason = errorMessage(error);
      picker.placeholder = vscode.l10n.t('{0} Type a model name instead.', reason.replace(/[.\s]*$/, '.'));
      picker.busy = false;
      refresh();
    },
  );

  return new Promise((resolve) => {
    let chosen: string | undefined;
    picker.onDidChangeValue(refresh);
    picker.onDidAccept(() => {
      chosen = picker.selectedItems[0]?.model ?? (picker.value.trim() || undefined);
      if (chosen) picker.hide();
    });
    picker.onDidHide(() => {
      listing.abort();
      picker.dispose();
      resolve(chosen);
    });
    refresh();
    picker.show();
  });
}

function modelItem(name: string, current: string): ModelItem {
  return name === current
    ? { model: name, label: name, description: vscode.l10n.t('current'), iconPath: new vscode.ThemeIcon('check') }
    : { model: name, label: name };
}
