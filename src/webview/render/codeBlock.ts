import { addCodeToolbars } from './codeBlockToolbar';
import { highlightCode } from './codeHighlight';
import { sanitizeToFragment } from './sanitizeHtml';

/**
 * One code block outside Markdown (a tool call's code), built like a fenced block of an answer:
 * highlighted when the language is known, with the Copy / Insert at Cursor toolbar. The code is
 * never parsed as HTML itself: highlight.js's escaped output still goes through the sanitiser,
 * and unknown languages are set as text. Put it under an `.md-message` element for the styles,
 * and use handleMessageEvents on a container for the buttons.
 *
 * @example card.append(renderCodeBlock('print(2 ** 10)', 'python'))
 */
export function renderCodeBlock(code: string, language: string): DocumentFragment {
  const pre = document.createElement('pre');
  const element = document.createElement('code');
  if (language) element.className = `language-${language}`;
  const highlighted = highlightCode(code, language);
  if (highlighted) element.append(sanitizeToFragment(highlighted));
  else element.textContent = code;
  pre.append(element);
  const fragment = document.createDocumentFragment();
  fragment.append(pre);
  addCodeToolbars(fragment);
  return fragment;
}
