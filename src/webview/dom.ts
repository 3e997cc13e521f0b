/**
 * Creates an element with a class and text content. Text is always set as text, never parsed as
 * HTML: tool output, file names and markers come from the model or the sandbox.
 *
 * @example el('span', 'tool-call-status', 'Running…')
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A native button (type=button, so it never submits the composer form). */
export function button(className: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
