import type { Entry } from './entry';
import type { Transcript } from './transcript';

const MESSAGE_KINDS = new Set<Entry['kind']>(['user', 'assistant', 'notice']);

/**
 * Moving through the conversation from the keyboard, over a DOM that holds only part of it (the
 * WAI-ARIA feed pattern): with a message focused, Arrow/Page Up and Down go to the previous or
 * next message, loading older ones at the top; Ctrl+Home and Ctrl+End go to the first and the
 * last message; Ctrl+C with nothing selected copies the focused message as written (Markdown
 * and LaTeX). The focused message is the one Tab comes back to.
 */
export function navigateWithKeyboard(root: HTMLElement, transcript: Transcript, copy: (text: string) => void): void {
  root.tabIndex = 0;
  const messages = () => transcript.list.entries.filter((e) => MESSAGE_KINDS.has(e.kind));
  const entryOf = (element: Element) => transcript.list.entries.find((e) => e.element === element);

  async function focus(entry: Entry | undefined): Promise<void> {
    if (!entry) return;
    const element = await transcript.reveal(entry.key, 'start');
    element?.focus({ preventScroll: true });
  }

  async function step(from: Entry, by: -1 | 1): Promise<void> {
    let list = messages();
    let index = list.indexOf(from);
    if (by < 0 && index === 0) {
      await transcript.loadOlder();
      list = messages();
      index = list.indexOf(from);
    }
    await focus(list[Math.min(list.length - 1, Math.max(0, index + by))]);
  }

  root.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    const onMessage = target.matches('article.entry') ? entryOf(target) : undefined;
    const ctrl = event.ctrlKey || event.metaKey;
    let action: (() => Promise<void>) | undefined;
    if (ctrl && event.key === 'Home') action = async () => (await transcript.loadAll(), focus(messages()[0]));
    else if (ctrl && event.key === 'End') action = () => focus(messages().at(-1));
    else if (onMessage && (event.key === 'ArrowDown' || event.key === 'PageDown')) action = () => step(onMessage, 1);
    else if (onMessage && (event.key === 'ArrowUp' || event.key === 'PageUp')) action = () => step(onMessage, -1);
    else if (onMessage && ctrl && event.key === 'c' && !document.getSelection()?.toString()) action = async () => copy(onMessage.text());
    if (!action) return;
    event.preventDefault();
    void action();
  });

  // Roving focus: Tab into the feed lands on the message last focused, not on the first of a thousand.
  root.addEventListener('focusin', (event) => {
    const target = event.target as HTMLElement;
    if (!target.matches('article.entry')) return;
    for (const other of root.querySelectorAll<HTMLElement>('article.entry[tabindex="0"]')) if (other !== target) other.tabIndex = -1;
    target.tabIndex = 0;
  });
}
