import * as vscode from 'vscode';

/** Writes the Markdown to `target`, or opens it as an untitled document; resolves to where it went. */
export async function exportMarkdown(markdown: string, target?: vscode.Uri): Promise<vscode.Uri> {
  if (target) {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
    return target;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(doc);
  return doc.uri;
}
