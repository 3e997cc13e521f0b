import type OpenAI from 'openai';
import * as vscode from 'vscode';

/**
 * What a chat page asks of the editor and the desktop: copy a code block, insert it at the cursor,
 * open a link, save a file Tutor made. The chat controller routes the page's requests here.
 */

export async function copyCode(code: string): Promise<boolean> {
  await vscode.env.clipboard.writeText(code);
  return true;
}

/** Replaces every selection of the active (else the first visible) editor with `code`. */
export async function insertAtCursor(code: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file first, then Insert at Cursor puts the code where your cursor is.'));
    return false;
  }
  return editor.edit((b) => editor.selections.forEach((s) => b.replace(s, code)));
}

/** Opens an http, https or mailto link; anything else (command:, file:, javascript:) is refused. */
export async function openLink(href: string): Promise<boolean> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return false;
  }
  if (!['http', 'https', 'mailto'].includes(uri.scheme)) return false;
  // openExternal asks the user to confirm unknown domains: VS Code's own link protection.
  return vscode.env.openExternal(uri);
}

/**
 * Saves a file the code interpreter wrote where the user chooses; false when they cancel. Throws
 * when the server cannot give the file (the caller says so in the chat).
 */
export async function saveFileAs(client: OpenAI, fileId: string): Promise<boolean> {
  const file = await client.files.retrieve(fileId);
  const name = file.filename.split('/').pop() || 'output';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), title: vscode.l10n.t('Save the file Tutor made') });
  if (!target) return false;
  const bytes = new Uint8Array(await (await client.files.content(fileId)).arrayBuffer());
  await vscode.workspace.fs.writeFile(target, bytes);
  return true;
}
