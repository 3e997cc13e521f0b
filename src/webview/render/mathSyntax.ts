import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import { displayMathOpener, indexOfCloser } from './displayMathDelimiters';
import { charBefore } from './codePoints';
import { formulaSlot } from './formulaSlots';

/**
 * Tightens and extends the math syntax of `@vscode/markdown-it-katex` (whose renderers we keep):
 *
 * - `$…$`: the plugin only looks at the characters outside the dollars, so `It costs $5 (or
 *   $ 4.50)` and `Pay $ 5 and get $ 3 back` become math, while `the $n$th term` does not. Here,
 *   as in Pandoc, the opening `$` must not be followed by whitespace and the closing `$` must not
 *   follow whitespace nor precede a digit; as in the plugin, the opener must not follow a letter
 *   or digit (`US$5`). Only the first unescaped `$` after the opener may close. Currency stays text.
 *   Chinese and Japanese put no spaces around formulas (`设$f(x)=x^2$则`), so a Han, kana or
 *   Hangul character before the opener does not count as a letter there. Without spaces the
 *   whitespace rule no longer catches `先付$5，然后求$x$`, so `$…$` starting with a digit and
 *   holding CJK text outside `\text{…}` is a price too: a number is not followed by prose in math.
 * - `$$…$$` / `\[…\]` blocks: the plugin renders an unclosed `$$` to the end of the input; while
 *   a message streams that shows half a formula as a KaTeX error. Here a block needs its closer,
 *   otherwise it stays text.
 * - `\(…\)` and `\[…\]` inline: not supported by the plugin at all. An unclosed `\(` is shown as
 *   typed (not as markdown's escaped `(`), so it reads the same before and after it closes.
 */
export function useStrictMathSyntax(md: MarkdownIt): void {
  md.inline.ruler.at('math_inline', dollarMath);
  md.inline.ruler.before('escape', 'math_bracket', bracketMath);
  md.block.ruler.at('math_block', displayMathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  // Display math met inside a paragraph stays phrasing content (a <p> inside a <p> would be split
  // by the HTML parser); CSS gives .katex-block its own line.
  md.renderer.rules.math_inline_block = (tokens, idx) => displayInParagraph(tokens[idx]!.content);
  const inlineRenderer = md.renderer.rules.math_inline!;
  md.renderer.rules.math_inline = (tokens, idx, options, env, self) =>
    tokens[idx]!.info === 'display' ? displayInParagraph(tokens[idx]!.content) : inlineRenderer(tokens, idx, options, env, self);
}

function displayInParagraph(tex: string): string {
  return `<span class="katex-block">${formulaSlot(tex, true)}</span>`;
}

const isWhitespace = (ch: string | undefined) => ch !== undefined && /\s/u.test(ch);
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
// Scripts written without spaces between words (and so around formulas).
const CJK_LETTER = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Bopomofo}]/u;
// Arguments that are text inside math, where CJK belongs: `\text{面积}`, `\mathrm{千克}`.
const TEXT_ARGUMENT = /\\(?:text[a-z]*|mbox|mathrm|operatorname\*?)\s*\{[^{}]*\}/g;

/** `$5，然后求$`: a digit first and CJK prose in it; math does not read like that. */
function isCjkPrice(content: string): boolean {
  return /^\d/.test(content) && CJK_LETTER.test(content.replace(TEXT_ARGUMENT, ''));
}

function dollarMath(state: StateInline, silent: boolean): boolean {
  const { src, pos: start } = state;
  if (src.charCodeAt(start) !== 0x24 || src.charCodeAt(start + 1) === 0x24) return false;
  const before = charBefore(src, start);
  if (before === '$' || before === '\\' || (isWordChar(before) && !CJK_LETTER.test(before!))) return false;
  const first = src[start + 1];
  if (first === undefined || isWhitespace(first)) return false;

  let end = -1;
  for (let at = src.indexOf('$', start + 1); at !== -1; at = src.indexOf('$', at + 1)) {
    let backslashes = 0;
    while (src.charCodeAt(at - backslashes - 1) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) {
      end = at;
      break;
    }
  }
  if (end === -1) return false;
  const after = src[end + 1];
  if (isWhitespace(src[end - 1]) || after === '$' || (after !== undefined && after >= '0' && after <= '9')) return false;
  if (isCjkPrice(src.slice(start + 1, end))) return false;

  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.markup = '$';
    token.content = src.slice(start + 1, end);
  }
  state.pos = end + 1;
  return true;
}

function bracketMath(state: StateInline, silent: boolean): boolean {
  const { src, pos: start } = state;
  if (src.charCodeAt(start) !== 0x5c) return false;
  const kind = src[start + 1];
  if (kind !== '(' && kind !== '[') return false;
  const closer = kind === '(' ? ')' : ']';

  let end = -1;
  for (let i = start + 2; i < src.length - 1; i++) {
    if (src.charCodeAt(i) !== 0x5c) continue;
    if (src[i + 1] === closer) {
      end = i;
      break;
    }
    i++; // `\\`, `\{`, … : the escaped character cannot start a closer
  }
  if (end === -1 || !src.slice(start + 2, end).trim()) {
    if (!silent) state.pending += src.slice(start, start + 2);
    state.pos = start + 2;
    return true;
  }
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.markup = kind === '(' ? '\\(' : '\\[';
    token.info = kind === '(' ? '' : 'display';
    token.content = src.slice(start + 2, end);
  }
  state.pos = end + 2;
  return true;
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);
}

function displayMathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = lineText(state, startLine);
  const closer = displayMathOpener(first);
  if (!closer) return false;

  const body: string[] = [];
  let trailing = '';
  let line = startLine;
  let text = first.slice(2);
  for (;;) {
    const at = indexOfCloser(text, closer);
    if (at !== -1) {
      body.push(text.slice(0, at));
      trailing = text.slice(at + closer.length).trim();
      break;
    }
    body.push(text);
    line++;
    if (line >= endLine) return false; // still open: the text stays text until the closer arrives
    text = lineText(state, line);
    // A non-blank line outdented past the list item or quote we are in ends the search.
    if (text && state.sCount[line]! < state.blkIndent) return false;
  }
  const tex = body.join('\n').trim();
  if (!tex) return false;
  if (silent) return true;

  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = tex;
  token.markup = closer === '$$' ? '$$' : '\\[';
  token.map = [startLine, state.line];
  if (trailing) {
    // Text after the closer on the same line (often a full stop) is kept as its own paragraph.
    state.push('paragraph_open', 'p', 1).map = [line, line + 1];
    const inline = state.push('inline', '', 0);
    inline.content = trailing;
    inline.map = [line, line + 1];
    inline.children = [];
    state.push('paragraph_close', 'p', -1);
  }
  return true;
}
