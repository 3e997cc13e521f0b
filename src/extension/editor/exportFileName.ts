import { t } from '@vscode/l10n';
import sanitize from 'sanitize-filename';

/**
 * The name an exported conversation is offered under: its title as a Markdown file name that every
 * OS accepts (sanitize-filename drops what Windows, macOS or Linux refuse: `/ \ : * ? " < > |`,
 * control characters, reserved names like `CON`, trailing dots). `n` > 1 names the n-th copy.
 * Pure: no `vscode`.
 *
 * @example exportFileName('Chapter 2: limits / continuity') // 'Chapter 2 limits continuity.md'
 */
export function exportFileName(title: string, n = 1): string {
  // A title cut short ends in "…": the name is the words before it.
  const words = title.replace(/…$/u, '');
  const safe = sanitize(words, { replacement: ' ' }).replace(/\s+/gu, ' ').trim();
  // Nothing left (a reserved name comes back blank too): a name that says what it is.
  const base = safe || t('Tutor conversation');
  return n > 1 ? `${base} ${n}.md` : `${base}.md`;
}
