/**
 * Lookahead over a buffer that may still grow (chatMath.ts streams). Every scanner answers from
 * what it has seen only when more text could not change the answer; otherwise it says MORE.
 * With `final` the buffer is all there is, so MORE never comes back.
 */

/** The answer depends on text not yet received. */
export const MORE = -2;
/** Definitely not there (a paragraph ended first, or the text did). */
export const NONE = -1;

/**
 * The environments a model writes bare that KaTeX renders in display mode. Others (itemize,
 * tikzpicture, document…) are not math, or not math KaTeX knows (multline: wrapped, it would show
 * a KaTeX error in place of the text), and stay as written.
 */
export const MATH_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'equation', 'equation*', 'align', 'align*', 'aligned', 'alignat', 'alignat*', 'alignedat',
  'gather', 'gather*', 'gathered', 'split', 'cases', 'dcases', 'rcases',
  'matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'array', 'darray',
]);

/**
 * At a '\n' at `i`: is the next line blank (only spaces or quote markers)? A blank line ends a
 * paragraph, and with it any inline construct still waiting for its close.
 */
function blankLineAfter(src: string, i: number, final: boolean): boolean | typeof MORE {
  let k = i + 1;
  while (k < src.length && /[ \t\r>]/.test(src[k]!)) k++;
  if (k >= src.length) return final ? false : MORE;
  return src[k] === '\n';
}

/**
 * The index of the `\)` or `\]` closing a `\(` / `\[` whose content starts at `from`. Walks
 * escapes in pairs, so `\\]` (a LaTeX line break, then `]`) is not a close.
 */
export function findBackslashClose(src: string, from: number, closer: ')' | ']', final: boolean): number {
  for (let j = from; j < src.length;) {
    const c = src[j];
    if (c === '\\') {
      if (j + 1 >= src.length) break;
      if (src[j + 1] === closer) return j;
      j += 2;
    } else if (c === '\n') {
      const blank = blankLineAfter(src, j, final);
      if (blank === MORE) return MORE;
      if (blank) return NONE;
      j++;
    } else j++;
  }
  return final ? NONE : MORE;
}

/** `\begin{name}` at `i`: the name and where the tag ends; MORE while it could still be one. */
export function matchBegin(src: string, i: number, final: boolean): { name: string; end: number } | null | typeof MORE {
  const head = src.slice(i, i + 40);
  const m = /^\\begin\{([A-Za-z]+\*?)\}/.exec(head);
  if (m) return { name: m[1]!, end: i + m[0].length };
  const couldGrow = i + 40 > src.length && /^\\(?:b(?:e(?:g(?:i(?:n(?:\{[A-Za-z]*\*?)?)?)?)?)?)?$/.test(head);
  return couldGrow && !final ? MORE : null;
}

/** Just past the `\end{name}` matching the `\begin{name}` whose body starts at `from` (same-name nesting counts). */
export function findEnvironmentEnd(src: string, from: number, name: string, final: boolean): number {
  const open = `\\begin{${name}}`;
  const close = `\\end{${name}}`;
  let depth = 1;
  for (let j = from; j < src.length;) {
    const c = src[j];
    if (c === '\\') {
      const rest = src.slice(j, j + open.length);
      if (src.startsWith(close, j)) {
        if (--depth === 0) return j + close.length;
        j += close.length;
      } else if (src.startsWith(open, j)) {
        depth++;
        j += open.length;
      } else if (!final && rest.length < open.length && (close.startsWith(rest) || open.startsWith(rest))) {
        return MORE; // the buffer ends inside what may be the tag
      } else j += 2;
    } else if (c === '\n') {
      const blank = blankLineAfter(src, j, final);
      if (blank === MORE) return MORE;
      if (blank) return NONE;
      j++;
    } else j++;
  }
  return final ? NONE : MORE;
}

/** Length of the run of `ch` at `i`, or MORE when the run reaches the end of the buffer (it may grow). */
export function runLength(src: string, i: number, ch: string, final: boolean): number {
  let j = i;
  while (j < src.length && src[j] === ch) j++;
  return j >= src.length && !final ? MORE : j - i;
}

/**
 * The start of the run of exactly `ticks` backticks closing an inline code span whose content
 * starts at `from` (CommonMark: backslashes do not escape inside code spans).
 */
export function findCodeSpanClose(src: string, from: number, ticks: number, final: boolean): number {
  for (let j = from; j < src.length;) {
    const c = src[j];
    if (c === '`') {
      const n = runLength(src, j, '`', final);
      if (n === MORE) return MORE;
      if (n === ticks) return j;
      j += n;
    } else if (c === '\n') {
      const blank = blankLineAfter(src, j, final);
      if (blank === MORE) return MORE;
      if (blank) return NONE;
      j++;
    } else j++;
  }
  return final ? NONE : MORE;
}

/**
 * A single `$` at `i` opens inline math when the next unescaped `$` on the same line closes it:
 * the opener has a non-space after it, the closer a non-space before it and no digit (nor a
 * second `$`) after it — Pandoc's rule, which is what keeps `$20,000 and $30,000` text. Returns
 * the closer's index or NONE.
 */
export function findDollarClose(src: string, i: number, final: boolean): number {
  if (i + 1 >= src.length) return final ? NONE : MORE;
  if (/\s/.test(src[i + 1]!)) return NONE;
  for (let j = i + 1; j < src.length;) {
    const c = src[j];
    if (c === '\\') j += 2;
    else if (c === '\n') return NONE;
    else if (c === '$') {
      if (j + 1 >= src.length && !final) return MORE;
      const after = src[j + 1] ?? '';
      return /\s/.test(src[j - 1]!) || after === '$' || /[0-9]/.test(after) ? NONE : j;
    } else j++;
  }
  return final ? NONE : MORE;
}

/** What starts a line: quote markers and indentation (`lead`), then perhaps a list marker with its spaces. */
export interface LinePrefix { lead: string; marker: string; end: number }

export function parseLinePrefix(src: string, i: number, final: boolean): LinePrefix | typeof MORE {
  let j = i;
  while (j < src.length && /[ \t\r>]/.test(src[j]!)) j++;
  const lead = src.slice(i, j);
  // Enough text to tell a list marker ("- ", "12. ") from text ("-x", "12 apples").
  const base = /^(?:[-*+]|[0-9]{1,9}[.)])/.exec(src.slice(j, j + 11));
  if (base) {
    let k = j + base[0].length;
    while (k < src.length && /[ \t]/.test(src[k]!)) k++;
    if (k >= src.length && !final) return MORE;
    if (k > j + base[0].length) return { lead, marker: src.slice(j, k), end: k };
  }
  // "1" could still become "12. "; anything else is decided.
  if (!final && /^[0-9]{1,9}$/.test(src.slice(j, j + 10))) return MORE;
  return { lead, marker: '', end: j };
}

/** A code fence opening at `k` (``` or ~~~, three or more): its character, length and line end. */
export function matchFenceOpen(src: string, k: number, final: boolean): { char: string; length: number; lineEnd: number } | null | typeof MORE {
  const ch = src[k];
  if (ch !== '`' && ch !== '~') return null;
  const length = runLength(src, k, ch, final);
  if (length === MORE) return MORE;
  if (length < 3) return null;
  let lineEnd = src.indexOf('\n', k);
  if (lineEnd < 0) {
    if (!final) return MORE;
    lineEnd = src.length;
  }
  // CommonMark: a backtick fence's info string has no backtick (else it is inline code).
  if (ch === '`' && src.slice(k + length, lineEnd).includes('`')) return null;
  return { char: ch, length, lineEnd };
}

/** Does this whole line close a fence of `char` × `length`? */
export function closesFence(line: string, char: string, length: number): boolean {
  const m = /^[ \t>]*(`+|~+)[ \t\r]*$/.exec(line);
  return !!m && m[1]![0] === char && m[1]!.length >= length;
}

/** Could this start of a line still become a fence's close? */
export function mayCloseFence(partial: string, char: string): boolean {
  return new RegExp(`^[ \\t>]*\\${char}*[ \\t\\r]*$`).test(partial);
}
