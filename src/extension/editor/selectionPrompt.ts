import { t } from '@vscode/l10n';

/** Where a selection came from, as the editor reports it (lines are 1-based for people). */
export interface SelectionContext {
  /** Workspace-relative path, or the untitled document's name. */
  file: string;
  languageId: string;
  startLine: number;
  endLine: number;
  text: string;
}

/**
 * Turns an editor selection into the text Tutor receives: where it came from (in the display
 * language: it is the start of the student's own question, which the answer's language follows),
 * then the selection fenced so Markdown cannot break out of it. The fence is one backtick longer than the
 * longest run of backticks inside the selection, as CommonMark allows.
 *
 * @example
 *   formatSelection({ file: 'a.py', languageId: 'python', startLine: 3, endLine: 4, text: 'x = 1' })
 *   // 'From `a.py`, lines 3–4 (python):\n\n```python\nx = 1\n```'
 */
export function formatSelection(sel: SelectionContext): string {
  const longestRun = Math.max(0, ...Array.from(sel.text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const from = sel.startLine === sel.endLine
    ? t('From `{0}`, line {1} ({2}):', sel.file, sel.startLine, sel.languageId)
    : t('From `{0}`, lines {1}–{2} ({3}):', sel.file, sel.startLine, sel.endLine, sel.languageId);
  const body = sel.text.endsWith('\n') ? sel.text : `${sel.text}\n`;
  return `${from}\n\n${fence}${sel.languageId}\n${body}${fence}`;
}
