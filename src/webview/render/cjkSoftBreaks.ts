import type { MarkdownIt, Token } from 'markdown-it';
import { charBefore } from './codePoints';

/**
 * Characters written without spaces between words: Han, kana, Bopomofo, CJK and full-width
 * punctuation. Not Hangul: Korean separates words with spaces, so its line breaks are spaces.
 */
const WIDE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Bopomofo}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;

/**
 * A line break inside a paragraph between two Chinese or Japanese characters renders as nothing.
 *
 * markdown-it renders a soft line break as `\n`, which the browser shows as a space. Between
 * English words that is right; in `第一行\n第二行` Chromium draws a space in the middle of the
 * sentence (measured: as wide as a typed space), which Chinese text never has. CSS Text 3 asks
 * browsers to drop such breaks, but Chromium does not. Only a break between two text runs is
 * dropped; next to a formula, code or a link it stays, as a space there is harmless.
 */
export function useCjkSoftBreaks(md: MarkdownIt): void {
  const render = md.renderer.rules.softbreak;
  md.renderer.rules.softbreak = (tokens, idx, options, env, self) => {
    const before = neighbour(tokens, idx, -1);
    const after = neighbour(tokens, idx, 1);
    if (before && after && WIDE.test(before) && WIDE.test(after)) return '';
    return render ? render(tokens, idx, options, env, self) : options.breaks ? '<br>\n' : '\n';
  };
}

// Emphasis around the break (`**注意**\n下一行`) leaves open/close tokens and empty text tokens
// (what remains of the `**` runs) next to it; look past them.
const isMarkup = (token: Token) => token.type.endsWith('_open') || token.type.endsWith('_close') || (token.type === 'text' && !token.content);

/** The character next to the break on one side (`step` -1: before it, +1: after it), if it is text. */
function neighbour(tokens: Token[], idx: number, step: -1 | 1): string | undefined {
  for (let i = idx + step; i >= 0 && i < tokens.length; i += step) {
    const token = tokens[i]!;
    if (token.type.startsWith('link_') || !isMarkup(token)) {
      if (token.type !== 'text') return undefined;
      return step < 0 ? charBefore(token.content, token.content.length) : String.fromCodePoint(token.content.codePointAt(0)!);
    }
  }
  return undefined;
}
