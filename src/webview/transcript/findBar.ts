import { button, el } from '../dom';
import { t } from '../l10n';

export interface FindDeps {
  /** Ids of the messages of the whole thread containing the query, oldest first (the host searches; most are not in the DOM). */
  search(query: string): Promise<string[] | undefined>;
  /** Loads and scrolls to a message; resolves to its element. */
  reveal(messageId: string): Promise<HTMLElement | undefined>;
}

const HIGHLIGHT = 'tutor-find';
const CURRENT = 'find-current';
const TYPING_PAUSE_MS = 150;

/**
 * Find in the conversation (Ctrl+F): the browser's own find sees only the rendered part of a long
 * thread, so this bar asks the host which messages contain the text, brings each into view in
 * turn (loading it when it is older than what is here), and marks the occurrences in it with the
 * CSS Custom Highlight API, which leaves the rendered DOM untouched. Matches count messages.
 */
export function createFindBar(container: HTMLElement, deps: FindDeps) {
  const bar = el('div', 'find');
  bar.id = 'find';
  bar.setAttribute('role', 'search');
  bar.hidden = true;
  const input = el('input');
  input.id = 'find-input';
  input.type = 'text';
  input.placeholder = t('Find in conversation');
  input.setAttribute('aria-label', t('Find in conversation'));
  const status = el('span', 'find-status');
  status.id = 'find-status';
  status.setAttribute('role', 'status');
  const previous = button('find-previous', '↑', () => void go(-1));
  previous.setAttribute('aria-label', t('Previous match (Shift+Enter)'));
  const next = button('find-next', '↓', () => void go(1));
  next.setAttribute('aria-label', t('Next match (Enter)'));
  const close = button('find-close', '×', () => hide());
  close.setAttribute('aria-label', t('Close find (Escape)'));
  bar.append(input, status, previous, next, close);
  container.prepend(bar);

  let matches: string[] = [];
  let current = -1;
  let query = '';
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let returnFocus: HTMLElement | null = null;
  let marked: HTMLElement | undefined;

  function clearMarks(): void {
    CSS.highlights.delete(HIGHLIGHT);
    marked?.classList.remove(CURRENT);
    marked = undefined;
  }

  /** Every occurrence of the query in the element's text, as ranges (case-insensitive). */
  function ranges(root: HTMLElement, needle: string): Range[] {
    const found: Range[] = [];
    const lower = needle.toLowerCase();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue?.toLowerCase() ?? '';
      for (let at = text.indexOf(lower); at !== -1; at = text.indexOf(lower, at + lower.length)) {
        const range = new Range();
        range.setStart(node, at);
        range.setEnd(node, at + lower.length);
        found.push(range);
      }
    }
    return found;
  }

  async function show(index: number): Promise<void> {
    current = index;
    status.textContent = t('{0} of {1}', index + 1, matches.length);
    const id = matches[index]!;
    const element = await deps.reveal(id);
    if (current !== index || matches[index] !== id) return;
    clearMarks();
    if (!element) return;
    marked = element;
    element.classList.add(CURRENT);
    // The text may match only inside LaTeX or a link's target: then the message is marked, not a word.
    const found = ranges(element, query);
    if (found.length) CSS.highlights.set(HIGHLIGHT, new Highlight(...found));
  }

  async function go(by: -1 | 1): Promise<void> {
    if (!matches.length) return;
    await show((current + by + matches.length) % matches.length);
  }

  async function search(): Promise<void> {
    const text = input.value;
    const ticket = ++asked;
    query = text;
    if (!text.trim()) {
      matches = [];
      status.textContent = '';
      clearMarks();
      return;
    }
    const ids = await deps.search(text);
    if (ticket !== asked) return;
    matches = ids ?? [];
    if (!matches.length) {
      current = -1;
      status.textContent = ids ? t('No matches') : t('Could not search');
      clearMarks();
      return;
    }
    // The newest match first: the reader is usually at the end of the conversation.
    await show(matches.length - 1);
  }

  function hide(): void {
    bar.hidden = true;
    asked++;
    clearMarks();
    returnFocus?.focus();
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(), TYPING_PAUSE_MS);
  });
  input.addEventListener('keydown', (event) => {
    // Enter and Escape while an input method composes (pinyin, kana) pick or drop a candidate: theirs, not ours.
    if (event.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      // Enter right after typing searches first; then it steps.
      if (query !== input.value) void search();
      else void go(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      hide();
    }
  });

  return {
    open(): void {
      if (bar.hidden) returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      bar.hidden = false;
      input.focus();
      input.select();
    },
    /** The thread changed: old matches point nowhere. */
    reset(): void {
      matches = [];
      current = -1;
      query = '';
      clearMarks();
      if (!bar.hidden && input.value) void search();
    },
  };
}
