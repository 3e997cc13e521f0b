import { type CodeAction, codeOfBlock } from './codeBlockToolbar';

/** What a rendered message asks of its host. */
export interface MessageActions {
  /** A code block's Copy or Insert at Cursor button was pressed. */
  onCodeAction?: (action: CodeAction, code: string, language: string) => void;
  /** A link was activated. The webview itself never navigates; the host decides (and confirms). */
  onLink?: (href: string) => void;
}

/**
 * Handles clicks inside `root` by delegation, so blocks that are re-rendered every frame need no
 * listeners of their own. Every link click is cancelled (left, middle, keyboard) and reported to
 * `onLink`. Returns a function that removes the listeners.
 *
 * @example const detach = handleMessageEvents(div, { onLink: (href) => host.notify('open', { href }) });
 */
export function handleMessageEvents(root: HTMLElement, actions: MessageActions): () => void {
  const onClick = (event: MouseEvent) => {
    if (!(event.target instanceof Element)) return;
    // A left click arrives as `click`, a middle click (open in new tab) as `auxclick`; each counts once.
    const activates = event.type === 'click' ? event.button === 0 : event.button === 1;
    const link = event.target.closest('a');
    if (link && root.contains(link)) {
      event.preventDefault();
      // Security fix (found by test/ui/links.ui.test.ts): VS Code's webview wrapper has its
      // own click listener on the window that opens any link with an href itself, ignoring
      // preventDefault, and in a trusted workspace it opens http(s) links without asking. Stopping
      // the event here leaves only onLink → the host's openExternal, which always confirms.
      event.stopPropagation();
      const href = link.getAttribute('href');
      if (href && activates) actions.onLink?.(href);
      return;
    }
    const button = event.target.closest<HTMLElement>('button[data-code-action]');
    if (button && root.contains(button) && event.type === 'click') {
      const block = codeOfBlock(button);
      if (block) actions.onCodeAction?.(button.dataset.codeAction as CodeAction, block.code, block.language);
    }
  };
  root.addEventListener('click', onClick);
  root.addEventListener('auxclick', onClick);
  return () => {
    root.removeEventListener('click', onClick);
    root.removeEventListener('auxclick', onClick);
  };
}
