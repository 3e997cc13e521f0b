/**
 * The hand-written scanner that splits ASCII text into o200k pieces exactly as the library's regex
 * would (tokenPieces.ts asks the regex itself wherever this one bails).
 */

/** "Ask the regex": the scanner met a character outside ASCII where it mattered. */
export const BAIL = -1;
/** The word alternatives of the regex do not match here. */
const NO_WORD = -2;

// ASCII character classes as the regex sees them. \s in JavaScript is tab, LF, VT, FF, CR and space
// (plus non-ASCII spaces, which bail); "other" is what `[^\s\p{L}\p{N}]` matches.
const END = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const SPACE = 4;
const NEWLINE = 5;
const OTHER = 6;
const NON_ASCII = 7;

const ASCII_CLASS = new Uint8Array(128).fill(OTHER);
for (let c = 0x61; c <= 0x7a; c++) ASCII_CLASS[c] = LOWER;
for (let c = 0x41; c <= 0x5a; c++) ASCII_CLASS[c] = UPPER;
for (let c = 0x30; c <= 0x39; c++) ASCII_CLASS[c] = DIGIT;
for (const c of [0x09, 0x0b, 0x0c, 0x20]) ASCII_CLASS[c] = SPACE;
ASCII_CLASS[0x0a] = NEWLINE;
ASCII_CLASS[0x0d] = NEWLINE;

function classAt(text: string, i: number): number {
  if (i >= text.length) return END;
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_CLASS[c]! : NON_ASCII;
}

/**
 * The regex, alternative by alternative, for ASCII text:
 *   1. `[^\r\n\p{L}\p{N}]?[\p{Lu}…]*[\p{Ll}…]+('s|'t|…)?`  a word with an optional leading symbol/space
 *   2. `[^\r\n\p{L}\p{N}]?[\p{Lu}…]+[\p{Ll}…]*('s|'t|…)?`  an all-capitals word
 *   3. `\p{N}{1,3}`                                       up to three digits
 *   4. ` ?[^\s\p{L}\p{N}]+[\r\n/]*`                         punctuation, with the newlines/slashes after it
 *   5. `\s*[\r\n]+`                                       whitespace up to its last newline
 *   6. `\s+(?!\S)`                                        whitespace, leaving one space for the next word
 *   7. `\s+`
 * Returns BAIL wherever a non-ASCII character could change the outcome.
 */
export function asciiPieceEnd(text: string, p: number): number {
  const k = classAt(text, p);
  if (k === NON_ASCII) return BAIL;
  if (k === LOWER || k === UPPER) return wordEnd(text, p);
  if (k === SPACE || k === OTHER) {
    // Alternatives 1–2 with the optional leading character (never \r or \n).
    const end = wordEnd(text, p + 1);
    if (end !== NO_WORD) return end;
  }
  if (k === DIGIT) {
    let e = p + 1;
    for (let n = 1; n < 3; n++) {
      const next = classAt(text, e);
      if (next === NON_ASCII) return BAIL; // could be another \p{N} digit
      if (next !== DIGIT) break;
      e++;
    }
    return e;
  }
  // Alternative 4.
  let e = p;
  if (text.charCodeAt(p) === 0x20) {
    const next = classAt(text, p + 1);
    if (next === NON_ASCII) return BAIL;
    if (next === OTHER) e = p + 1;
  }
  if (classAt(text, e) === OTHER) {
    let next: number;
    while ((next = classAt(text, ++e)) === OTHER);
    if (next === NON_ASCII) return BAIL; // could be more non-ASCII punctuation
    for (let c = text.charCodeAt(e); c === 0x0a || c === 0x0d || c === 0x2f; c = text.charCodeAt(++e));
    return e;
  }
  // Alternatives 5–7: k is SPACE or NEWLINE here.
  let w = p;
  let lastNewline = -1;
  let next: number;
  while ((next = classAt(text, w)) === SPACE || next === NEWLINE) {
    if (next === NEWLINE) lastNewline = w;
    w++;
  }
  if (next === NON_ASCII) return BAIL; // could be a non-ASCII space (NBSP, …) continuing the run
  if (lastNewline >= 0) return lastNewline + 1;
  if (next === END) return w;
  return w - p >= 2 ? w - 1 : w;
}

/** Alternatives 1 and 2 from `q` (without the optional leading character). */
function wordEnd(text: string, q: number): number {
  let u = q;
  let k: number;
  while ((k = classAt(text, u)) === UPPER) u++;
  if (k === NON_ASCII) return BAIL; // could be Lu/Ll/Lm/Lo/M continuing the word
  if (k === LOWER) {
    let e = u + 1;
    while ((k = classAt(text, e)) === LOWER) e++;
    if (k === NON_ASCII) return BAIL;
    return contractionEnd(text, e);
  }
  return u > q ? contractionEnd(text, u) : NO_WORD;
}

/** The optional `'s|'d|'m|'t|'ll|'ve|'re` (any case) after a word. */
function contractionEnd(text: string, e: number): number {
  if (text.charCodeAt(e) !== 0x27) return e;
  const a = text.charCodeAt(e + 1) | 0x20;
  const b = text.charCodeAt(e + 2) | 0x20;
  if (a === 0x73 || a === 0x64 || a === 0x6d || a === 0x74) return e + 2;
  if ((a === 0x6c && b === 0x6c) || (a === 0x76 && b === 0x65) || (a === 0x72 && b === 0x65)) return e + 3;
  return e;
}
