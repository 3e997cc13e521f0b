/** A file a file_search result came from, by the `call:result` numbers of its passage marker. */
export interface CitedFile {
  file_id: string;
  filename: string;
}

export type CitationPiece = { text: string } | { cite: CitedFile };

/** A citation marker as models write it (tools/fileSearchTool.ts makes 【2:0†notes.md】; ASCII brackets too). */
const MARKER = /^[【[](\d+):(\d+)(?:†[^】\]\n]*)?[】\]]/;
/** What may still grow into a marker: held back rather than streamed. */
const MARKER_START = /^[【[](?:\d+(?::(?:\d+(?:†[^】\]\n]*)?)?)?)?$/;
/** A longer bracketed run is not a marker: let it through. */
const MAX_HELD = 120;

/**
 * Takes an answer's text as it streams and takes out the citation markers of this response's
 * search results, so the text a client shows is clean and each citation becomes an annotation at
 * the place the marker was (the Responses API's `file_citation` has an index, not a span). Text
 * that might be the start of a marker waits for the next delta; a bracket that turns out to be
 * something else (`[3:2]` with no such result, a list index) streams unchanged.
 *
 * @example
 *   const s = new CitationStream(new Map([['1:0', { file_id: 'file-a', filename: 'notes.md' }]]));
 *   s.push('x = 2 【1:');   // [{ text: 'x = 2 ' }]
 *   s.push('0†notes.md】.'); // [{ cite: { file_id: 'file-a', … } }, { text: '.' }]
 */
export class CitationStream {
  private held = '';

  constructor(private readonly files: ReadonlyMap<string, CitedFile>) {}

  push(text: string): CitationPiece[] {
    const out: CitationPiece[] = [];
    const emitText = (t: string) => {
      if (!t) return;
      const last = out.at(-1);
      if (last && 'text' in last) last.text += t;
      else out.push({ text: t });
    };
    let rest = this.held + text;
    this.held = '';
    while (rest) {
      const at = rest.search(/[【[]/);
      if (at < 0) {
        emitText(rest);
        break;
      }
      emitText(rest.slice(0, at));
      rest = rest.slice(at);
      const marker = MARKER.exec(rest);
      if (marker) {
        const file = this.files.get(`${marker[1]}:${marker[2]}`);
        if (file) out.push({ cite: file });
        else emitText(marker[0]);
        rest = rest.slice(marker[0].length);
      } else if (rest.length < MAX_HELD && MARKER_START.test(rest)) {
        this.held = rest;
        break;
      } else {
        emitText(rest[0]!);
        rest = rest.slice(1);
      }
    }
    return out;
  }

  /** What is held back when the text ends: it was not a marker. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}
