import { t } from '../l10n';

/**
 * One item of the transcript (a question, an answer, a notice, a tool card without an answer yet)
 * as the windowed list sees it: data that is always kept, and an element built only when the
 * item comes near the viewport. A built element may outlive its place in the DOM (the list keeps
 * a few detached ones, cheaper to put back than to render again) until `drop()`.
 */
export interface Entry {
  /** The message id, or a key of its own for notices and cards. */
  readonly key: string;
  readonly kind: 'user' | 'assistant' | 'notice' | 'tool';
  /** What the entry says, as plain text: for the snapshot, find and the height estimate. */
  text(): string;
  /** The element once completely built (in the DOM or kept detached), else undefined. */
  readonly element: HTMLElement | undefined;
  /**
   * Builds the element, or goes on building it: work stops soon after `deadline` (a
   * `performance.now()` time) and resumes on the next call. Returns the element once complete.
   */
  build(deadline?: number): HTMLElement | undefined;
  /** Forgets the element and whatever lives on it; `build()` makes it again from the data. */
  drop(): void;
  /** Must stay in the DOM whatever the scroll position (a streaming answer, a pending approval). */
  pinned(): boolean;
}

/** Height and measurement state the list keeps per entry. */
export interface Sized {
  /** Pixels, margins included: measured when `measured`, estimated otherwise. */
  height: number;
  measured: boolean;
}

/**
 * An article of the feed. Focusable by script (keyboard navigation moves between messages);
 * `data-id` is the message id the host knows, absent for notices and cards.
 */
export function article(kind: string, label: string, messageId?: string): HTMLElement {
  const element = document.createElement('article');
  element.className = `entry ${kind}`;
  element.setAttribute('aria-label', label);
  element.tabIndex = -1;
  if (messageId) element.dataset.id = messageId;
  return element;
}

/**
 * "Copy" on a message: the whole message as written (Markdown and LaTeX), whether or not all of
 * it is rendered — selecting across a long answer is not the way to get it.
 */
export function copyButton(text: () => string, copy: (text: string) => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'copy-message';
  b.textContent = t('Copy');
  b.setAttribute('aria-label', t('Copy message'));
  b.addEventListener('click', () => copy(text()));
  return b;
}
