import { t } from '../l10n';

/** What a code block's buttons ask the host to do with its code. */
export type CodeAction = 'copy' | 'insert';

const BUTTONS: ReadonlyArray<{ action: CodeAction; label: string; ariaLabel: string }> = [
  { action: 'copy', label: t('Copy'), ariaLabel: t('Copy code') },
  // The accessible name starts with the visible words, so speech users can say what they see.
  { action: 'insert', label: t('Insert at Cursor'), ariaLabel: t('Insert at Cursor') },
];

/**
 * Wraps every `<pre><code>` under `root` in a `.code-block` with a toolbar: the language and
 * Copy / Insert at Cursor buttons. The buttons are built here, after sanitising (the sanitiser
 * allows no buttons), and carry only `data-code-action`; messageEvents.ts handles their clicks.
 */
export function addCodeToolbars(root: ParentNode): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    if (!code) continue;
    const language = /(?:^|\s)language-(\S+)/.exec(code.className)?.[1] ?? '';
    const block = document.createElement('div');
    block.className = 'code-block';
    block.dataset.language = language;
    const toolbar = document.createElement('div');
    toolbar.className = 'code-block-toolbar';
    const name = document.createElement('span');
    name.className = 'code-block-language';
    name.textContent = language;
    toolbar.append(name);
    for (const { action, label, ariaLabel } of BUTTONS) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'code-block-action';
      button.dataset.codeAction = action;
      button.textContent = label;
      button.setAttribute('aria-label', ariaLabel);
      toolbar.append(button);
    }
    pre.replaceWith(block);
    block.append(toolbar, pre);
  }
}

/** The code and language of the block a toolbar button belongs to. */
export function codeOfBlock(button: Element): { code: string; language: string } | undefined {
  const block = button.closest<HTMLElement>('.code-block');
  const code = block?.querySelector('pre > code');
  if (!block || !code) return undefined;
  // markdown-it keeps the newline before the closing fence; an editor insert should not.
  return { code: (code.textContent ?? '').replace(/\n$/, ''), language: block.dataset.language ?? '' };
}
