import * as vscode from 'vscode';
import { exportFileName } from './exportFileName';

/**
 * Writes the Markdown to `target`, or opens it as an unsaved document; resolves to where it went.
 * In a workspace the document is named after the conversation, in the first folder, so Save puts
 * "Linear equations.md" there; without a name VS Code would offer its first line, "# Linear…".
 */
export async function exportMarkdown(markdown: string, title: string, target?: vscode.Uri): Promise<vscode.Uri> {
  if (target) {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
    return target;
  }
  const named = await unusedUntitled(title);
  const doc = named ? await vscode.workspace.openTextDocument(named) : await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  if (named) {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), markdown);
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(doc);
  return doc.uri;
}

/** An `untitled:` URI for the title in the first workspace folder that is neither a file nor open; none without a folder. */
async function unusedUntitled(title: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  for (let n = 1; n < 100; n++) {
    const file = vscode.Uri.joinPath(folder.uri, exportFileName(title, n));
    if (open.has(file.path) || (await exists(file))) continue;
    return file.with({ scheme: 'untitled' });
  }
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
