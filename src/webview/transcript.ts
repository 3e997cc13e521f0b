/**
 * The conversation list. Text is set with `textContent` only: nothing here interprets HTML, so
 * whatever a user or a model writes is shown, never executed.
 */
export function createTranscript(root: HTMLElement) {
  const empty = root.querySelector('.empty');

  function append(className: string, text: string, label: string): HTMLElement {
    empty?.remove();
    const item = document.createElement('div');
    item.className = `entry ${className}`;
    item.setAttribute('aria-label', label);
    const body = document.createElement('div');
    body.className = 'body';
    body.textContent = text;
    item.append(body);
    root.append(item);
    item.scrollIntoView({ block: 'end' });
    return item;
  }

  return {
    entries: () =>
      Array.from(root.querySelectorAll<HTMLElement>('.entry'), (el) => ({
        kind: el.classList.contains('user') ? ('user' as const) : ('notice' as const),
        text: el.textContent ?? '',
      })),
    addUser: (text: string) => append('user', text, 'You'),
    addNotice: (text: string, level: 'info' | 'warning' | 'error') => append(`notice ${level}`, text, `Tutor ${level}`),
  };
}
