/** The closer that ends display math opened by `$$` or `\[`. */
export type DisplayMathCloser = '$$' | '\\]';

/**
 * The display-math opener a line starts with (leading whitespace already removed), if any.
 * Shared by the block splitter and the markdown-it block rule so both agree on where math starts.
 */
export function displayMathOpener(line: string): DisplayMathCloser | undefined {
  if (line.startsWith('$$')) return '$$';
  if (line.startsWith('\\[')) return '\\]';
  return undefined;
}

/**
 * Index of the first `closer` in `text` at or after `from` that is not escaped by a backslash
 * (an even number of backslashes before it), or -1. `\\]` is a TeX line break followed by `]`,
 * not a closer.
 */
export function indexOfCloser(text: string, closer: DisplayMathCloser, from = 0): number {
  for (let at = text.indexOf(closer, from); at !== -1; at = text.indexOf(closer, at + 1)) {
    let backslashes = 0;
    while (at - backslashes - 1 >= 0 && text.charCodeAt(at - backslashes - 1) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}
