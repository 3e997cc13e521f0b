import { type DisplayMathCloser, displayMathOpener, indexOfCloser } from './displayMathDelimiters';

interface Fence {
  marker: '`' | '~';
  length: number;
}

// A model that never closes its `$$` must not turn the rest of its answer into one block.
const MAX_DISPLAY_MATH_LINES = 100;

const FENCE_OPENING = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSING = /^[ \t]*(`{3,}|~{3,})[ \t]*\r?$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|\r?$)/;
const isBlank = (line: string) => line.trim() === '';
const isIndented = (ch: string | undefined) => ch === ' ' || ch === '\t';

/**
 * Finds where the Markdown blocks of a streaming message end, from deltas, in time linear in
 * the text. A block ends at a blank line outside code fences (``` or ~~~, any length) and display
 * math (`$$ … $$`, `\[ … \]`), once the next non-blank line starts in column 0: an indented line
 * continues the block (a list item's second paragraph, indented code). A top-level ATX heading,
 * closing fence or closing display math also ends a block when the next line is in column 0.
 * Lists and tables, which continue across single newlines, stay whole.
 *
 * Completed blocks never change again, so the view renders them once; only the text after the
 * last boundary (the open block) is re-rendered as deltas arrive. Only the open block is kept as
 * one growing string, so a delta costs time in proportion to the open block, not the message.
 *
 * @example
 * const s = new BlockSplitter();
 * s.push('# Title\n\nSome $x'); // s.completed → ['# Title\n\n']; s.open → 'Some $x'
 */
export class BlockSplitter {
  /** The completed blocks' text, in order. */
  readonly completed: string[] = [];
  #open = '';
  #lineStart = 0; // offset in #open of the first line not scanned yet (it has no newline so far)
  #fence: (Fence & { topLevel: boolean }) | undefined;
  #math: { closer: DisplayMathCloser; topLevel: boolean; lines: number } | undefined;
  #hasContent = false; // the open block has a non-blank line
  #boundaryPending = false; // the next line starting in column 0 starts a new block

  /** The open block: everything after the last completed block. */
  get open(): string {
    return this.#open;
  }

  /** Everything pushed so far. */
  get text(): string {
    return this.completed.join('') + this.#open;
  }

  /** Adds a delta and records any blocks it completes. */
  push(delta: string): void {
    this.#open += delta;
    for (let newline = this.#open.indexOf('\n', this.#lineStart); newline !== -1; newline = this.#open.indexOf('\n', this.#lineStart)) {
      const start = this.#lineStart;
      this.#lineStart = newline + 1;
      this.#scanLine(this.#open.slice(start, newline), start);
    }
    this.#peekAtPartialLine();
  }

  /** Closes the open block just before offset `at` of it. */
  #startBlock(at: number): void {
    if (at > 0) {
      this.completed.push(this.#open.slice(0, at));
      this.#open = this.#open.slice(at);
      this.#lineStart -= at;
    }
    this.#hasContent = false;
    this.#boundaryPending = false;
  }

  // The first character of a line decides whether it starts a block; waiting for the newline
  // would keep the previous block open (and re-rendered) for a whole line longer.
  #peekAtPartialLine(): void {
    if (!this.#boundaryPending) return;
    const text = this.#open;
    for (let i = this.#lineStart; i < text.length; i++) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '\r') continue;
      if (i === this.#lineStart) this.#startBlock(i);
      else this.#boundaryPending = false;
      return;
    }
  }

  #scanLine(line: string, start: number): void {
    if (this.#boundaryPending && !isBlank(line)) {
      if (isIndented(line[0])) this.#boundaryPending = false;
      else this.#startBlock(start);
    }
    if (this.#fence) {
      const closing = FENCE_CLOSING.exec(line)?.[1];
      if (closing && closing[0] === this.#fence.marker && closing.length >= this.#fence.length) {
        if (this.#fence.topLevel) this.#boundaryPending = true;
        this.#fence = undefined;
      }
      return;
    }
    if (this.#math) {
      if (indexOfCloser(line, this.#math.closer) !== -1) {
        if (this.#math.topLevel) this.#boundaryPending = true;
        this.#math = undefined;
      } else if (++this.#math.lines > MAX_DISPLAY_MATH_LINES) {
        this.#math = undefined;
      }
      return;
    }
    if (isBlank(line)) {
      if (this.#hasContent) this.#boundaryPending = true;
      return;
    }
    this.#hasContent = true;
    const topLevel = !isIndented(line[0]);
    const fence = FENCE_OPENING.exec(line);
    if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
      this.#fence = { marker: fence[1]![0] as Fence['marker'], length: fence[1]!.length, topLevel };
      return;
    }
    const trimmed = line.trimStart();
    const closer = displayMathOpener(trimmed);
    if (closer) {
      if (indexOfCloser(trimmed, closer, 2) === -1) this.#math = { closer, topLevel, lines: 0 };
      else if (topLevel) this.#boundaryPending = true;
      return;
    }
    if (topLevel && ATX_HEADING.test(line)) this.#boundaryPending = true;
  }
}
