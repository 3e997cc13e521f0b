import path from 'node:path';
import * as vscode from 'vscode';
import { describeInsert, wherePlaced } from './describeInsert';
import { resolveWorkspacePath } from './pathGuard';

/**
 * Where an insert goes, fixed before the user is asked: the document, the places in it, and the
 * text from the document's start to the last place, to tell afterwards whether those places still
 * hold what they held when the user said yes.
 */
export interface InsertTarget {
  uri: vscode.Uri;
  label: string;
  edits: { range: vscode.Range; replace: boolean }[];
  textBefore: string;
  /** "Inserts at line 3, column 9 of notes.md." — shown in the approval card. */
  description: string;
}

/** Everything this module returns as a string is for the model (a function's output), so English. */
const SHOW_INSTEAD = 'Show the text in your answer instead.';

/**
 * The target the student's editor points at now (the active editor, else the first visible one):
 * a file inside the workspace, or an untitled scratch document. Anything else is refused in
 * words for the model.
 */
export async function chooseInsertTarget(root: vscode.Uri | undefined, replaceSelection: boolean): Promise<InsertTarget | string> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) return `No editor is open, so nothing was inserted. ${SHOW_INSTEAD}`;
  const { document } = editor;
  const label = await workspaceLabel(root, document.uri);
  if (label === undefined) {
    return `Refused: the student's editor shows a document outside the workspace, so nothing was inserted. Only files in the workspace folder and new untitled documents can be written to. ${SHOW_INSTEAD}`;
  }
  const edits = editor.selections
    .map((s) => (replaceSelection && !s.isEmpty ? { range: new vscode.Range(s.start, s.end), replace: true } : { range: new vscode.Range(s.active, s.active), replace: false }))
    .sort((a, b) => a.range.start.compareTo(b.range.start));
  const lastEnd = edits.reduce((end, e) => (e.range.end.isAfter(end) ? e.range.end : end), edits[0]!.range.end);
  return {
    uri: document.uri,
    label,
    edits,
    textBefore: document.getText(new vscode.Range(new vscode.Position(0, 0), lastEnd)),
    // The card is the user's, in their language; the label in it too (the model's stays English).
    description: describeInsert(cardLabel(document.uri, label), edits.map((e) => ({ start: e.range.start, end: e.range.end, replace: e.replace })), vscode.l10n.t),
  };
}

/** Writes `text` at exactly the target's places, or says why not; the active editor plays no part. */
export async function applyInsert(target: InsertTarget, text: string): Promise<string> {
  const key = target.uri.toString();
  const document =
    vscode.workspace.textDocuments.find((d) => d.uri.toString() === key) ??
    (target.uri.scheme === 'file' ? await vscode.workspace.openTextDocument(target.uri) : undefined);
  if (!document) return `Nothing was inserted: ${target.label} was closed after the student was asked. ${SHOW_INSTEAD}`;
  const lastEnd = target.edits.reduce((end, e) => (e.range.end.isAfter(end) ? e.range.end : end), target.edits[0]!.range.end);
  // Text typed after the places moves nothing; text changed at or before them would move or
  // replace what the student approved, so the edit is refused rather than put somewhere else.
  if (document.getText(new vscode.Range(new vscode.Position(0, 0), lastEnd)) !== target.textBefore) {
    return `Nothing was inserted: ${target.label} changed at or before the approved place after the student was asked, so that place no longer holds what was approved. Ask again if the student still wants it.`;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const { range, replace } of target.edits) {
    if (replace) edit.replace(target.uri, range, text);
    else edit.insert(target.uri, range.start, text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return `The editor refused the edit (${target.label} may be read-only); nothing was inserted.`;
  const places = target.edits.map((e) => ({ start: e.range.start, end: e.range.end, replace: e.replace }));
  return `Inserted ${text.length} characters into ${target.label} ${wherePlaced(places)}.`;
}

/** The label as the approval card shows it: an untitled document is named in the user's language. */
function cardLabel(uri: vscode.Uri, label: string): string {
  return uri.scheme === 'untitled' ? vscode.l10n.t('{0} (a new, unsaved document)', path.posix.basename(uri.path)) : label;
}

/**
 * The name the approval card shows for a document, or undefined when it may not be written:
 * a workspace-relative path for files inside the workspace (after resolving symbolic links), the
 * title for an untitled document. Settings, output and other virtual documents are refused.
 */
async function workspaceLabel(root: vscode.Uri | undefined, uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme === 'untitled') return `${path.posix.basename(uri.path)} (a new, unsaved document)`;
  if (uri.scheme !== 'file' || !root || root.scheme !== 'file') return undefined;
  const relative = path.relative(root.fsPath, uri.fsPath);
  if (!relative || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  const resolved = await resolveWorkspacePath(root.fsPath, relative, { mustExist: false });
  return resolved.ok ? resolved.relative : undefined;
}
