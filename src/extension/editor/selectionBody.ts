import * as vscode from 'vscode';
import { isMathSelection } from './selectionKind';
import { formatSelection, type SelectionContext } from './selectionPrompt';

/**
 * A range of a document as Tutor receives it: where it came from, then the code fenced or the
 * math as display math. Shared by Send Selection and @tutor, so both send the same text.
 */
export function rangeBody(document: vscode.TextDocument, range: vscode.Range): string {
  const text = document.getText(range);
  const context: SelectionContext = {
    file: vscode.workspace.asRelativePath(document.uri),
    languageId: document.languageId,
    startLine: range.start.line + 1,
    // A selection that ends at column 0 of a line does not include that line.
    endLine: range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1,
    text,
  };
  return isMathSelection(document.languageId, text) ? mathBlock(context) : formatSelection(context);
}

function mathBlock(sel: SelectionContext): string {
  const t = sel.text.trim();
  const from = sel.startLine === sel.endLine
    ? vscode.l10n.t('From `{0}`, line {1}:', sel.file, sel.startLine)
    : vscode.l10n.t('From `{0}`, lines {1}–{2}:', sel.file, sel.startLine, sel.endLine);
  const math = /^\$|^\\\[|^\\begin/.test(t) ? t : `$$\n${t}\n$$`;
  return `${from}\n\n${math}`;
}
