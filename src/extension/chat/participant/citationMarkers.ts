/** Longer than any marker the runtime writes (【call:result†file name】); anything longer is text. */
const MAX_MARKER = 300;

/**
 * File search cites with markers such as 【1:0†notes.md】 in the answer's text; the sidebar turns
 * them into chips. VS Code's Chat view has no chips, so each distinct marker becomes `[n]` as it
 * streams (numbered in order of first use, as the sidebar numbers them) and the sources follow
 * the answer as anchors with the same numbers. A marker split across deltas is held until whole.
 */
export class CitationMarkers {
  private held = '';
  private readonly numbers = new Map<string, number>();

  /** Markers seen so far, in their numbering order. */
  get seen(): readonly string[] {
    return [...this.numbers.keys()];
  }

  push(chunk: string): string {
    const text = this.held + chunk;
    this.held = '';
    let out = '';
    let at = 0;
    for (;;) {
      const open = text.indexOf('【', at);
      if (open < 0) return out + text.slice(at);
      out += text.slice(at, open);
      const close = text.indexOf('】', open);
      if (close < 0) {
        if (text.length - open > MAX_MARKER) {
          out += text.slice(open);
          return out;
        }
        this.held = text.slice(open);
        return out;
      }
      out += this.replace(text.slice(open, close + 1));
      at = close + 1;
    }
  }

  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  private replace(marker: string): string {
    if (!/^【\d+:\d+†[^】]*】$/.test(marker)) return marker;
    let n = this.numbers.get(marker);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(marker, n);
    }
    return `[${n}]`;
  }
}
