import * as vscode from 'vscode';

/** A conversation as Markdown: LaTeX and code kept as written. */
export function conversationMarkdown(title: string, messages: readonly { role: 'user' | 'assistant'; text: string }[]): string {
  const lines = [`# ${title}`, '', `_Exported from Tutor on ${new Date().toISOString().slice(0, 10)}._`, ''];
  for (const m of messages) lines.push(`## ${m.role === 'user' ? 'You' : 'Tutor'}`, '', m.text, '');
  return lines.join('\n');
}

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
