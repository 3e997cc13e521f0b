import type { ToolSource } from '../tools/builtinTool';

/** A message text annotation, as the spec's MessageContentTextAnnotations*Object have them. */
export type Annotation =
  | { type: 'file_citation'; text: string; start_index: number; end_index: number; file_citation: { file_id: string; quote?: string } }
  | { type: 'file_path'; text: string; start_index: number; end_index: number; file_path: { file_id: string } };

/**
 * A citation marker as models actually write it: OpenAI-style 【4:0†notes.md】, but also with ASCII
 * brackets, a different or missing file name (【4:0】, [4:0†source]). The `call:result` numbers
 * identify the passage; the rest is decoration.
 */
const MARKER = /[【[](\d+):(\d+)(?:†[^】\]\n]*)?[】\]]/g;
/**
 * Whether the text at `i` continues a file name, so `sandbox:/mnt/data/a.csv` does not match inside
 * `a.csv.bak`; a dot that ends a sentence does not continue it.
 */
function continuesName(text: string, i: number): boolean {
  const ch = text[i] ?? '';
  return /[\w\-/%]/.test(ch) || (ch === '.' && /\w/.test(text[i + 1] ?? ''));
}

/**
 * Finds where an answer refers to what its run's tools produced: every citation marker of a
 * file_search result becomes a `file_citation`, every `sandbox:/mnt/data/<name>` of a file the code
 * interpreter wrote becomes a `file_path`. Indices are JS string (UTF-16) offsets of the referring
 * text, so `text.slice(a.start_index, a.end_index) === a.text`. Sorted by position.
 *
 * @example
 *   annotate('x = 2 【1:0†notes.md】', [{ kind: 'citation', marker: '【1:0†notes.md】', file_id: 'file-a' }]);
 *   // → [{ type: 'file_citation', text: '【1:0†notes.md】', start_index: 6, end_index: 19, file_citation: { file_id: 'file-a' } }]
 */
export function annotate(text: string, sources: ToolSource[]): Annotation[] {
  const found: Annotation[] = [...citations(text, sources), ...filePaths(text, sources)];
  return found.sort((a, b) => a.start_index - b.start_index);
}

/** Enough of the passage to find it in the file again; a whole chunk would bloat every message. */
const MAX_QUOTE = 400;

function citations(text: string, sources: ToolSource[]): Annotation[] {
  const byPassage = new Map<string, { file_id: string; quote?: string }>();
  const unnumbered: { marker: string; file_id: string; quote?: string }[] = [];
  for (const s of sources) {
    if (s.kind !== 'citation') continue;
    const numbers = new RegExp(MARKER.source).exec(s.marker);
    if (numbers && numbers[0] === s.marker) byPassage.set(`${numbers[1]}:${numbers[2]}`, s);
    else unnumbered.push(s);
  }
  const out: Annotation[] = [];
  // `quote` (the cited passage, as OpenAI's v1 citations had) lets a client open the file there.
  const cite = (start: number, marker: string, source: { file_id: string; quote?: string }) =>
    out.push({ type: 'file_citation', text: marker, start_index: start, end_index: start + marker.length, file_citation: { file_id: source.file_id, ...(source.quote ? { quote: source.quote.slice(0, MAX_QUOTE) } : {}) } });
  for (const m of text.matchAll(MARKER)) {
    const source = byPassage.get(`${m[1]}:${m[2]}`);
    // Numbers no result of this run carries are not citations (e.g. "[3:2]" as a ratio).
    if (source) cite(m.index, m[0], source);
  }
  // Markers of another shape are matched exactly.
  for (const s of unnumbered) for (const start of occurrences(text, s.marker)) cite(start, s.marker, s);
  return out;
}

function filePaths(text: string, sources: ToolSource[]): Annotation[] {
  // The latest file written under a name is the one the answer means.
  const byLink = new Map<string, string>();
  for (const s of sources) {
    if (s.kind !== 'file') continue;
    const full = s.path.startsWith('/') ? s.path : `/mnt/data/${s.path}`;
    for (const link of new Set([`sandbox:${full}`, `sandbox:${encodeURI(full)}`])) {
      byLink.delete(link);
      byLink.set(link, s.file_id);
    }
  }
  const out: Annotation[] = [];
  const taken: [number, number][] = [];
  // Longest first, so /mnt/data/a/b.csv is not claimed by a file named /mnt/data/a.
  for (const [link, file_id] of [...byLink].sort((a, b) => b[0].length - a[0].length)) {
    for (const start of occurrences(text, link)) {
      const end = start + link.length;
      if (continuesName(text, end) || taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      out.push({ type: 'file_path', text: link, start_index: start, end_index: end, file_path: { file_id } });
    }
  }
  return out;
}

function* occurrences(text: string, needle: string): Generator<number> {
  if (!needle) return;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) yield i;
}
