/**
 * Finds a cited passage in a document. A citation carries the chunk text file search returned,
 * which is the file's *extracted* text: line breaks, indentation and markup may differ from the
 * file on disk, and a chunk may start mid-line. So matching ignores whitespace (and, as a last
 * resort, punctuation), and falls back from the whole quote to its first few lines.
 */

export interface TextRange {
  /** Character offsets into the document: `start` inclusive, `end` exclusive. */
  start: number;
  end: number;
}

/** How many of the quote's first non-blank lines are tried when the whole quote is not found. */
const LINES_TRIED = 5;
/** How much of one line is matched: long enough to be specific, short enough to survive edits. */
const LINE_PREFIX = 80;

const isSpace = (ch: string) => /\s/.test(ch);
const isWordChar = (ch: string) => /[\p{L}\p{N}]/u.test(ch);

/** The text with some characters dropped, and where each kept character was in the original. */
function squeeze(text: string, keep: (ch: string) => boolean): { text: string; at: number[] } {
  let out = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!keep(ch)) continue;
    out += ch;
    at.push(i);
  }
  return { text: out, at };
}

/**
 * Where `quote` is in `doc`, or undefined. The range covers as much of the quote as matches from
 * the place found (all of it when the document holds it verbatim, whitespace aside).
 *
 * @example
 *   findPassage('# Primes\n\nA prime has   exactly two divisors.', 'A prime has exactly\ntwo divisors.')
 *   // → { start: 10, end: 45 }
 */
export function findPassage(doc: string, quote: string): TextRange | undefined {
  if (!quote.trim()) return undefined;
  const lines = quote.split(/\r?\n/).filter((l) => l.trim()).slice(0, LINES_TRIED);
  for (const keep of [(ch: string) => !isSpace(ch), isWordChar]) {
    const d = squeeze(doc, keep);
    const q = squeeze(quote, keep);
    if (!q.text) continue;
    const whole = d.text.indexOf(q.text);
    if (whole >= 0) return { start: d.at[whole]!, end: d.at[whole + q.text.length - 1]! + 1 };
    for (const line of lines) {
      const needle = squeeze(line, keep).text.slice(0, LINE_PREFIX);
      // Very short lines ("}", "---", "1.") match almost anywhere: not evidence of the passage.
      if (needle.length < 6) continue;
      const found = d.text.indexOf(needle);
      if (found < 0) continue;
      // Extend past the line as long as the document keeps agreeing with the quote.
      let from = q.text.indexOf(needle);
      let end = found;
      if (from < 0) from = 0;
      while (end < d.text.length && from < q.text.length && d.text[end] === q.text[from]) {
        end++;
        from++;
      }
      end = Math.max(end, found + needle.length);
      return { start: d.at[found]!, end: d.at[end - 1]! + 1 };
    }
  }
  return undefined;
}
