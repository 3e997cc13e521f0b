import {
  closesFence, findBackslashClose, findCodeSpanClose, findDollarClose, findEnvironmentEnd, type LinePrefix,
  MATH_ENVIRONMENTS, matchBegin, matchFenceOpen, mayCloseFence, MORE, NONE, parseLinePrefix, runLength,
} from './chatMathScan';
import { HeldSpaceOutput } from './heldSpaceOutput';

/**
 * VS Code's Chat view renders math only between `$…$` and `$$…$$`; models write `\(…\)`, `\[…\]`
 * and bare `\begin{align}…`. This rewrites the latter into the former as the answer streams in:
 *
 * - `\(x\)` → `$x$`, inner spaces trimmed (`$ x$` is not math to markdown-it-katex).
 * - `\[…\]` and a bare math environment → a display block: `$$`, the content, `$$`, each on a
 *   line of its own, indented like the list item or quote it sits in, with a blank line before
 *   and after when it sat inside a paragraph (so it is a block, not text beside one). Punctuation
 *   ending the line after `\]` moves inside, before the closing `$$`.
 * - `$…$`, `$$…$$`, fenced code (``` and ~~~, at any indentation) and inline code pass unchanged;
 *   escapes are read in pairs, so `\\(` (a LaTeX line break, then a paren) and `\$` stay text.
 * - A lone `$` that opens no inline math becomes `\$`. It opens math only when the next `$` on
 *   its line closes it (findDollarClose: Pandoc's rule — a non-space after the opener, a non-space
 *   before the closer and no digit after it), so "costs $5 and $10" and "$5-$10" stay prices.
 *   Escaping every such `$`, not only those before a digit, matters because the `$` we write for
 *   `\(…\)` could otherwise close a stray one: "set $PATH to \(\alpha\)" would become the
 *   formula "PATH to " in VS Code, whose closing `$` only needs a non-word character after it.
 * - An opener whose close never comes (within its paragraph, or before the end) stays as written.
 */
export class ChatMathNormaliser {
  private pending = '';
  private readonly out = new HeldSpaceOutput();
  private fence: { char: string; length: number } | null = null;
  /** Inside a fence, the current line is known not to close it: pass it through as it comes. */
  private fenceLineIsCode = false;
  private inDisplayDollars = false;
  private atLineStart = true;
  private line: LinePrefix & { prefixWritten: boolean; hasContent: boolean } = emptyLine();
  /** At the start of the text, or after a blank line: a display block needs no blank line before it. */
  private prevLineBlank = true;
  /** Just after a display block we wrote: the rest of the line, or the next line, starts a new paragraph. */
  private afterDisplay: 'sameLine' | 'nextLine' | null = null;

  /** Takes the next chunk; returns what can no longer change. */
  push(chunk: string): string {
    this.pending += chunk;
    this.run(false);
    return this.out.take();
  }

  /** The text is complete: returns everything still held, unclosed openers as written. */
  end(): string {
    this.run(true);
    this.writePrefix(); // a last line of only indentation
    this.out.flush();
    return this.out.take();
  }

  private run(final: boolean): void {
    const src = this.pending;
    let i = 0;
    while (i < src.length) {
      const next = this.step(src, i, final);
      if (next === MORE) break;
      i = next;
    }
    this.pending = src.slice(i);
  }

  /** Handles what starts at `i`; returns where to go on, or MORE to wait for the next chunk. */
  private step(src: string, i: number, final: boolean): number {
    if (this.fence) return this.fenceStep(src, i, final);
    if (this.inDisplayDollars) return this.displayDollarsStep(src, i, final);
    if (this.atLineStart) return this.lineStartStep(src, i, final);
    if (this.afterDisplay === 'sameLine') return this.afterDisplayStep(src, i);
    const c = src[i]!;
    if (c === '\n') return this.newline(i + 1);
    if (c === '\\') return this.backslashStep(src, i, final);
    if (c === '`') return this.codeSpanStep(src, i, final);
    if (c === '$') return this.dollarStep(src, i, final);
    let j = i + 1;
    while (j < src.length && !'\n\\`$'.includes(src[j]!)) j++;
    this.write(src.slice(i, j));
    return j;
  }

  private lineStartStep(src: string, i: number, final: boolean): number {
    const prefix = parseLinePrefix(src, i, final);
    if (prefix === MORE) return MORE;
    const k = prefix.end;
    if (k >= src.length && !final) return MORE;
    const blank = k >= src.length || src[k] === '\n';
    const fence = blank ? null : matchFenceOpen(src, k, final);
    if (fence === MORE) return MORE;
    if (this.afterDisplay === 'nextLine' && !blank) {
      this.out.write(quoteMarkers(prefix.lead) + '\n');
      this.prevLineBlank = true;
    }
    this.afterDisplay = null;
    this.atLineStart = false;
    this.line = { ...prefix, prefixWritten: false, hasContent: false };
    if (!fence) return k;
    this.write(src.slice(k, fence.lineEnd));
    this.fence = { char: fence.char, length: fence.length };
    this.fenceLineIsCode = false;
    return fence.lineEnd < src.length ? this.newline(fence.lineEnd + 1) : fence.lineEnd;
  }

  private fenceStep(src: string, i: number, final: boolean): number {
    const nl = src.indexOf('\n', i);
    if (nl < 0) {
      const partial = src.slice(i);
      // A line that may still turn out to be the close waits; code lines pass as they come.
      if (!final && !this.fenceLineIsCode && mayCloseFence(partial, this.fence!.char)) return MORE;
      this.write(partial);
      this.fenceLineIsCode = true;
      return src.length;
    }
    const rest = src.slice(i, nl);
    if (!this.fenceLineIsCode && closesFence(rest, this.fence!.char, this.fence!.length)) this.fence = null;
    this.write(rest);
    this.fenceLineIsCode = false;
    return this.newline(nl + 1);
  }

  /** Inside `$$…$$` the model already wrote display math: copy it until the closing `$$`. */
  private displayDollarsStep(src: string, i: number, final: boolean): number {
    this.atLineStart = false; // its lines are math, never a fence or a list item
    let j = i;
    while (j < src.length) {
      const c = src[j];
      if (c === '\\') {
        if (j + 1 >= src.length && !final) break;
        j += 2;
      } else if (c === '$') {
        if (j + 1 >= src.length && !final) break;
        if (src[j + 1] === '$') {
          this.write(src.slice(i, j + 2));
          this.inDisplayDollars = false;
          return j + 2;
        }
        j++;
      } else if (c === '\n') {
        this.write(src.slice(i, j));
        return this.newline(j + 1);
      } else j++;
    }
    j = Math.min(j, src.length);
    if (j === i) return MORE;
    this.write(src.slice(i, j));
    return j;
  }

  private afterDisplayStep(src: string, i: number): number {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') return i + 1; // dropped: the line ends at `$$`
    if (c === '\n') {
      this.afterDisplay = 'nextLine';
      return this.newline(i + 1);
    }
    // Text after the block on the same line: a paragraph of its own, under the same indentation.
    this.afterDisplay = null;
    this.out.write('\n' + quoteMarkers(this.line.lead) + '\n');
    this.line = { lead: continuation(this.line), marker: '', end: i, prefixWritten: false, hasContent: false };
    this.prevLineBlank = true;
    return i;
  }

  private backslashStep(src: string, i: number, final: boolean): number {
    if (i + 1 >= src.length) {
      if (!final) return MORE;
      this.write('\\');
      return i + 1;
    }
    const d = src[i + 1];
    if (d === '(' || d === '[') {
      const close = findBackslashClose(src, i + 2, d === '(' ? ')' : ']', final);
      if (close === MORE) return MORE;
      const inner = close === NONE ? '' : src.slice(i + 2, close).trim();
      if (inner === '') {
        // Never closed (or empty): leave the opener as written and read on after it.
        this.write(src.slice(i, i + 2));
        return i + 2;
      }
      if (d === '(') {
        this.write(`$${inner}$`);
        return close + 2;
      }
      // Punctuation ending the line after `\]` goes inside the block; wait to see the line's end.
      const tail = /^[ \t]*([.,;:]*)[ \t\r]*/.exec(src.slice(close + 2, close + 42))!;
      const at = close + 2 + tail[0].length;
      if (at >= src.length && !final) return MORE;
      const punctuation = tail[1] && (at >= src.length || src[at] === '\n') ? tail[1] : '';
      this.writeDisplay(inner + punctuation);
      return punctuation ? at : close + 2;
    }
    if (d === 'b') {
      const begin = matchBegin(src, i, final);
      if (begin === MORE) return MORE;
      if (begin && MATH_ENVIRONMENTS.has(begin.name)) {
        const end = findEnvironmentEnd(src, begin.end, begin.name, final);
        if (end === MORE) return MORE;
        if (end !== NONE) {
          this.writeDisplay(src.slice(i, end));
          return end;
        }
      }
    }
    // Any other escape, `\\` included, is a pair: what follows a backslash is never a delimiter.
    this.write(src.slice(i, i + 2));
    return i + 2;
  }

  private codeSpanStep(src: string, i: number, final: boolean): number {
    const ticks = runLength(src, i, '`', final);
    if (ticks === MORE) return MORE;
    const close = findCodeSpanClose(src, i + ticks, ticks, final);
    if (close === MORE) return MORE;
    const end = close === NONE ? i + ticks : close + ticks;
    this.write(src.slice(i, end));
    return end;
  }

  private dollarStep(src: string, i: number, final: boolean): number {
    if (i + 1 >= src.length && !final) return MORE;
    if (src[i + 1] === '$') {
      this.write('$$');
      this.inDisplayDollars = true;
      return i + 2;
    }
    const close = findDollarClose(src, i, final);
    if (close === MORE) return MORE;
    if (close !== NONE) {
      this.write(src.slice(i, close + 1));
      return close + 1;
    }
    this.write('\\$'); // text, never a delimiter (see the class comment)
    return i + 1;
  }

  /** `$$`, the content's lines, `$$`, each on a line of its own (see the class comment). */
  private writeDisplay(content: string): void {
    const indent = continuation(this.line);
    if (this.line.hasContent) {
      this.out.dropHeldSpaces();
      this.out.write('\n' + quoteMarkers(this.line.lead) + '\n' + indent);
    } else {
      if (!this.prevLineBlank && !this.line.marker) this.out.write(quoteMarkers(this.line.lead) + '\n');
      this.writePrefix();
    }
    const inQuote = this.line.lead.includes('>');
    const lines = content.split('\n')
      .map((l) => (inQuote ? l.replace(/^[ \t>]*/, '') : l).trim())
      .filter((l) => l !== '');
    this.out.write('$$\n' + lines.map((l) => indent + l + '\n').join('') + indent + '$$');
    this.line.hasContent = true;
    this.afterDisplay = 'sameLine';
  }

  private write(text: string): void {
    if (text === '') return;
    this.writePrefix();
    this.out.write(text);
    if (/\S/.test(text)) this.line.hasContent = true;
  }

  private writePrefix(): void {
    if (this.line.prefixWritten) return;
    this.line.prefixWritten = true;
    this.out.write(this.line.lead + this.line.marker);
  }

  private newline(next: number): number {
    this.writePrefix();
    this.out.write('\n');
    this.prevLineBlank = !this.line.hasContent && !this.line.marker;
    this.line = emptyLine();
    this.atLineStart = true;
    return next;
  }
}

/** The whole text at once: one push, then end. */
export function normaliseChatMath(text: string): string {
  const normaliser = new ChatMathNormaliser();
  return normaliser.push(text) + normaliser.end();
}

function emptyLine(): LinePrefix & { prefixWritten: boolean; hasContent: boolean } {
  return { lead: '', marker: '', end: 0, prefixWritten: true, hasContent: false };
}

/** A blank line inside a quote keeps its `>` markers (else it would end the quote). */
function quoteMarkers(lead: string): string {
  return lead.replace(/[^>]/g, '');
}

/** The prefix that continues a line's block: a list marker becomes spaces of its width. */
function continuation(line: LinePrefix): string {
  return line.lead + ' '.repeat(line.marker.length);
}
