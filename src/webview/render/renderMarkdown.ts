import { addCodeToolbars } from './codeBlockToolbar';
import { fillFormulaSlots } from './formulaSlots';
import { markdownToHtml, type MarkdownEnv } from './markdownEngine';
import { sanitizeToFragment } from './sanitizeHtml';

/**
 * Renders Markdown with math (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) and highlighted code into
 * sanitised DOM nodes owned by this document, ready to insert. Links are plain `<a href>`: use
 * {@link handleMessageEvents} (or StreamingMessageView) on the container so clicks never navigate.
 *
 * @example container.replaceChildren(renderMarkdown('The root is $\\sqrt{2}$.'))
 */
export function renderMarkdown(markdown: string): DocumentFragment {
  return renderMarkdownWithEnv(markdown, {});
}

/** {@link renderMarkdown} with markdown-it's env, which carries reference-link definitions. */
export function renderMarkdownWithEnv(markdown: string, env: MarkdownEnv): DocumentFragment {
  const fragment = sanitizeToFragment(markdownToHtml(markdown, env));
  fillFormulaSlots(fragment);
  addCodeToolbars(fragment);
  return fragment;
}
