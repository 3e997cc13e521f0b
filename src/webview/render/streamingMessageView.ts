import { BlockSplitter } from './blockSplitter';
import type { MarkdownEnv } from './markdownEngine';
import { patchChildren } from './patchChildren';
import { handleMessageEvents, type MessageActions } from './messageEvents';
import { renderMarkdownWithEnv } from './renderMarkdown';

/** Options of a {@link StreamingMessageView}. */
export interface MessageViewOptions extends MessageActions {
  /** Runs a render later; called at most once between two renders. Default: requestAnimationFrame. */
  schedule?: (render: () => void) => void;
  /** Called after each render that changed the DOM (e.g. to keep the transcript scrolled). */
  onRender?: () => void;
}

const BLOCK_CLASS = 'md-block';
const OPEN_CLASS = 'md-block-open';

/**
 * Renders one assistant message while it streams, and after. Deltas are cheap: the text is split
 * into Markdown blocks as it arrives (see BlockSplitter), and at most once per animation frame
 * only the open (last) block is rendered again. Completed blocks are rendered once, and their DOM
 * nodes are never touched again.
 *
 * @example
 * const view = new StreamingMessageView(div, { onLink: (href) => openLink(href), onCodeAction: run });
 * for await (const delta of stream) view.append(delta);
 * view.finish();
 * // history: new StreamingMessageView(div).setText(savedText)
 */
export class StreamingMessageView {
  readonly #container: HTMLElement;
  readonly #schedule: (render: () => void) => void;
  readonly #detach: () => void;
  readonly #onRender: (() => void) | undefined;
  #splitter = new BlockSplitter();
  #completed: HTMLElement[] = [];
  #open: HTMLElement | undefined;
  #openRendered: string | undefined; // the open block's text when it was last rendered
  #env: MarkdownEnv = {};
  #renderPending = false;
  #finished = false;

  constructor(container: HTMLElement, options: MessageViewOptions = {}) {
    this.#container = container;
    this.#schedule = options.schedule ?? ((render) => requestAnimationFrame(() => render()));
    this.#detach = handleMessageEvents(container, options);
    this.#onRender = options.onRender;
    container.classList.add('md-message');
  }

  /** The message so far. */
  get text(): string {
    return this.#splitter.text;
  }

  /** Adds a delta. It shows at the next render (at most one per animation frame). */
  append(delta: string): void {
    if (!delta) return;
    this.#finished = false;
    this.#splitter.push(delta);
    if (this.#renderPending) return;
    this.#renderPending = true;
    this.#schedule(() => {
      if (this.#renderPending) this.#render();
    });
  }

  /** The stream has ended: renders now, so the last block is final (unclosed delimiters stay text). */
  finish(): void {
    this.#finished = true;
    this.#render();
  }

  /** Shows a complete message at once (from history), replacing whatever was shown. */
  setText(full: string): void {
    this.load(full);
    this.finish();
  }

  /**
   * Takes a complete message (from history) without rendering it yet: `renderUntil` then renders
   * it a few blocks at a time, so a long answer never holds the page for long in one task.
   */
  load(full: string): void {
    this.#splitter = new BlockSplitter();
    this.#splitter.push(full);
    this.#completed = [];
    this.#open = undefined;
    this.#openRendered = undefined;
    this.#env = {};
    this.#container.replaceChildren();
    this.#finished = true;
  }

  /**
   * Renders blocks until `deadline` (a `performance.now()` time; at least one block per call);
   * true once the whole text is rendered.
   */
  renderUntil(deadline: number): boolean {
    this.#renderPending = false;
    // Stops before the open (last) block when the deadline came first: then it is not done.
    if (this.#renderBlocks(deadline)) this.#onRender?.();
    return this.#completed.length === this.#splitter.completed.length;
  }

  /** Stops listening for clicks and drops any render still scheduled. */
  dispose(): void {
    this.#renderPending = false;
    this.#detach();
  }

  #render(): void {
    this.#renderPending = false;
    if (this.#renderBlocks()) this.#onRender?.();
  }

  /** Brings the DOM up to date with the text (completed blocks only until `deadline`); false when nothing changed. */
  #renderBlocks(deadline = Infinity): boolean {
    let changed = false;
    const completed = this.#splitter.completed;
    while (this.#completed.length < completed.length) {
      if (changed && performance.now() > deadline) return true;
      // The block that was open becomes this completed block, rendered one last time with the
      // shared env so its reference-link definitions serve the blocks after it.
      const element = this.#open ?? this.#newBlockElement();
      this.#open = undefined;
      this.#openRendered = undefined;
      element.classList.remove(OPEN_CLASS);
      patchChildren(element, renderMarkdownWithEnv(completed[this.#completed.length]!, this.#env));
      this.#completed.push(element);
      changed = true;
    }

    const openText = this.#splitter.open;
    if (!openText.trim()) {
      if (!this.#open) return changed;
      this.#open.remove();
      this.#open = undefined;
      this.#openRendered = undefined;
      return true;
    }
    this.#open ??= this.#newBlockElement();
    if (openText !== this.#openRendered) {
      // A copy of the env: a half-written `[1]: https://exa` must not be remembered.
      patchChildren(this.#open, renderMarkdownWithEnv(openText, { references: { ...this.#env.references } }));
      this.#openRendered = openText;
      changed = true;
    }
    this.#open.classList.toggle(OPEN_CLASS, !this.#finished);
    return changed;
  }

  #newBlockElement(): HTMLElement {
    const element = document.createElement('div');
    element.className = BLOCK_CLASS;
    this.#container.append(element);
    return element;
  }
}
