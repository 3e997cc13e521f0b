/**
 * Whether a selection is mathematics rather than code: anything selected in a LaTeX file, a
 * selection in Markdown that is (or contains) math, or a short line that reads as an equation.
 *
 * @example
 *   isMathSelection('plaintext', '3x + 11 = 14') // true
 *   isMathSelection('python', 'x = 3 * y')        // false: code assigns, it does not state equations
 */
export function isMathSelection(languageId: string, text: string): boolean {
  if (languageId === 'latex' || languageId === 'tex' || languageId === 'bibtex') return true;
  const t = text.trim();
  if (/\\(frac|int|sum|lim|sqrt|begin\{(aligned|align|equation|cases)\})/.test(t) || /^\$\$?[\s\S]+\$\$?$/.test(t)) return true;
  if (languageId !== 'markdown' && languageId !== 'plaintext') return false;
  // One short line with a relation and letters/digits on both sides, and no code punctuation.
  return t.length <= 200 && !t.includes('\n') && /^[^=;{}]+(=|<|>|≤|≥|\\le|\\ge)[^=;{}]+$/.test(t) && /\d|[a-z]/i.test(t);
}
