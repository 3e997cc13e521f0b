import type { MarkdownIt, StateInline } from 'markdown-it';

/**
 * Han, kana, Hangul, Bopomofo, and CJK or full-width punctuation. Chinese and Japanese put no
 * space between words, so one of these next to a `*` run plays the part whitespace plays in
 * English.
 */
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Lets `**…**` and `*…*` work the way Chinese and Japanese writers use them.
 *
 * CommonMark decides whether a delimiter run may open or close emphasis from the characters on
 * either side: a run with punctuation inside it and a letter outside it cannot close. That rule
 * assumes words are separated by spaces. In `**注意：**分母不能为零` the closing `**` follows `：`
 * and precedes `分`, so markdown-it leaves the asterisks as text; same for the opener of
 * `这叫做**“换元法”**`. Models write both all the time. Here a CJK character on the outside of
 * the run counts like whitespace does for that one condition; text without CJK next to a run
 * parses exactly as before. (The markdown-it-cjk-friendly package does the same for the
 * CommonMark proposal; it could replace this file once a dependency can be added.)
 */
export function useCjkFriendlyEmphasis(md: MarkdownIt): void {
  const Base = md.inline.State;
  const { isMdAsciiPunct, isPunctCharCode, isWhiteSpace } = md.utils;
  const isPunct = (code: number) => isMdAsciiPunct(code) || isPunctCharCode(code);
  const isCjk = (code: number) => code !== SPACE && CJK.test(String.fromCodePoint(code));

  md.inline.State = class CjkFriendlyStateInline extends Base {
    override scanDelims(start: number, canSplitWord: boolean): ReturnType<StateInline['scanDelims']> {
      const scanned = super.scanDelims(start, canSplitWord);
      const last = codePointBefore(this.src, start);
      const next = codePointAt(this.src, start + scanned.length, this.posMax);
      if (!isCjk(last) && !isCjk(next)) return scanned;

      const lastSpace = isWhiteSpace(last);
      const nextSpace = isWhiteSpace(next);
      const lastPunct = isPunct(last);
      const nextPunct = isPunct(next);
      const leftFlanking = !nextSpace && (!nextPunct || lastSpace || lastPunct || isCjk(last));
      const rightFlanking = !lastSpace && (!lastPunct || nextSpace || nextPunct || isCjk(next));
      return {
        can_open: leftFlanking && (canSplitWord || !rightFlanking || lastPunct),
        can_close: rightFlanking && (canSplitWord || !leftFlanking || nextPunct),
        length: scanned.length,
      };
    }
  };
}

const SPACE = 0x20;

/** The code point ending just before `at` (a space at the start, as CommonMark reads it). */
function codePointBefore(src: string, at: number): number {
  if (at === 0) return SPACE;
  const low = src.charCodeAt(at - 1);
  const high = at >= 2 ? src.charCodeAt(at - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? src.codePointAt(at - 2)! : low;
}

/** The code point starting at `at` (a space at the end of the inline content). */
function codePointAt(src: string, at: number, max: number): number {
  return at < max ? (src.codePointAt(at) ?? SPACE) : SPACE;
}
