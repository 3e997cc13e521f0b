/**
 * Token counts for chunking, fast. o200k (like every tiktoken encoding) first splits text into
 * "pieces" with one big Unicode regex and then byte-pair-encodes each piece on its own, so a text's
 * token count is the sum of its pieces' counts. Two things make gpt-tokenizer's own `encode` slow
 * on whole files (≈1.2 M tokens/s measured here): that regex (\p{…} classes under the `u` flag) and
 * a lookup in its 200k-entry vocabulary for every piece. We split ASCII runs with a hand-written
 * scanner that reproduces the regex exactly (a property test checks it against the real regex) and
 * count each distinct piece once through gpt-tokenizer, remembering the answer; anything non-ASCII
 * goes to the real regex. New pieces are counted in one batch (see countMany). Counts stay exact;
 * piece boundaries give exact character offsets for free.
 */
import { countTokens, encodeGenerator } from 'gpt-tokenizer';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { asciiPieceEnd, BAIL } from './asciiPieces';

/** Text pieces as o200k splits them: where each ends, and how many tokens it encodes to. */
export interface TokenPieces {
  /** `ends[i]` is the character offset just past piece i; piece i starts at `ends[i - 1]` (or 0). */
  ends: number[];
  tokens: number[];
}

/**
 * A piece longer than this many tokens (a long run of punctuation, a CJK sentence without spaces)
 * is cut into sub-pieces, so chunk boundaries can fall inside it and no piece outgrows the smallest
 * chunk (100 tokens).
 */
const MAX_PIECE_TOKENS = 32;
/** Code points per sub-piece: at most 4 UTF-8 bytes each, so ≤ 96 tokens even in the worst case. */
const SUB_PIECE_CODE_POINTS = 24;

/** Pieces seen before → their token count. Cleared when full; real text repeats its words a lot. */
const countCache = new Map<string, number>();
const COUNT_CACHE_LIMIT = 200_000;
/** Pieces longer than this are rare and rarely repeat: not worth a cache slot. */
const CACHEABLE_PIECE_CHARS = 48;
/**
 * Pieces longer than this are cut without being counted whole: byte-pair encoding takes time
 * quadratic in a piece's length (a 64 KB word: seconds; a 1 MB one: hours, with the event loop
 * blocked; found by fuzzing). Over 32 tokens in 256 characters is what real text has anyway.
 */
const LONG_PIECE_CHARS = MAX_PIECE_TOKENS * 8;

/** Special-token text such as `<|endoftext|>` in a student's file is plain text, never a control token. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Splits `text` into o200k pieces and counts each one's tokens.
 *
 * @example
 *   const { ends, tokens } = tokenPieces('Hello world');
 *   // ends = [5, 11], tokens = [1, 1]
 */
export function tokenPieces(text: string): TokenPieces {
  // Split first; then count, asking the tokenizer only about pieces never seen before, all at once.
  const pieceEnds: number[] = [];
  for (let start = 0; start < text.length; start = pieceEnds[pieceEnds.length - 1]!) pieceEnds.push(pieceEnd(text, start));
  const counts = new Array<number>(pieceEnds.length);
  const unseen = new Map<string, number[]>();
  for (let i = 0, start = 0; i < pieceEnds.length; start = pieceEnds[i++]!) {
    // One ASCII character is one byte, and every byte is a token of its own: no lookup needed.
    if (pieceEnds[i] === start + 1 && text.charCodeAt(start) < 0x80) {
      counts[i] = 1;
      continue;
    }
    if (pieceEnds[i]! - start > LONG_PIECE_CHARS) {
      counts[i] = Number.POSITIVE_INFINITY; // cut below, a part at a time
      continue;
    }
    const piece = text.slice(start, pieceEnds[i]);
    const count = piece.length > CACHEABLE_PIECE_CHARS ? countTokens(piece, PLAIN_TEXT) : countCache.get(piece);
    if (count !== undefined) counts[i] = count;
    else {
      const at = unseen.get(piece);
      if (at) at.push(i);
      else unseen.set(piece, [i]);
    }
  }
  if (unseen.size > 0) {
    const unseenCounts = countMany([...unseen.keys()]);
    let k = 0;
    for (const [piece, at] of unseen) {
      const count = unseenCounts[k++]!;
      for (const i of at) counts[i] = count;
      if (countCache.size >= COUNT_CACHE_LIMIT) countCache.clear();
      countCache.set(piece, count);
    }
  }

  const ends: number[] = [];
  const tokens: number[] = [];
  for (let i = 0, start = 0; i < pieceEnds.length; start = pieceEnds[i++]!) {
    if (counts[i]! <= MAX_PIECE_TOKENS) {
      ends.push(pieceEnds[i]!);
      tokens.push(counts[i]!);
    } else {
      splitLongPiece(text, start, pieceEnds[i]!, ends, tokens);
    }
  }
  return { ends, tokens };
}

/**
 * Token counts of many pieces. Calling the tokenizer once per piece costs a few microseconds of
 * overhead each, more than the counting; so word and number pieces (those ending in a letter or
 * digit) are joined with newlines and encoded in one go. A newline after such a piece always
 * starts a piece of its own and never joins the next word, so the encoder yields exactly: piece,
 * newline, piece, … — which is checked, falling back to one call per piece should it ever not hold.
 * Other pieces (punctuation, whitespace) are rarely new and are counted one by one.
 */
function countMany(pieces: string[]): number[] {
  const counts = new Array<number>(pieces.length);
  const words: number[] = [];
  pieces.forEach((piece, i) => {
    if (ENDS_IN_WORD.test(piece)) words.push(i);
    else counts[i] = countTokens(piece, PLAIN_TEXT);
  });
  if (words.length > 0) {
    const joined = words.map((i) => pieces[i]).join('\n');
    const yielded: number[] = [];
    for (const pieceTokens of encodeGenerator(joined, PLAIN_TEXT)) yielded.push(pieceTokens.length);
    const aligned = yielded.length === 2 * words.length - 1 && yielded.every((n, j) => j % 2 === 0 || n === 1);
    words.forEach((i, k) => (counts[i] = aligned ? yielded[2 * k]! : countTokens(pieces[i]!, PLAIN_TEXT)));
  }
  return counts;
}

/** The piece ends in a letter, mark or digit: the regex's word and number alternatives. */
const ENDS_IN_WORD = /[\p{L}\p{M}\p{N}]$/u;

/**
 * The o200k token count of a text, in time linear in its length whatever it holds, with
 * special-token text counted as plain text. Exact for ordinary text; a piece cut for being long
 * counts as the sum of its parts, a few tokens off. Use it for anything a user can make long:
 * gpt-tokenizer's own `countTokens` is quadratic on a long word and throws on `<|endoftext|>`.
 *
 * @example
 *   countTextTokens('Hello world'); // 2
 *   countTextTokens('x'.repeat(1 << 20)); // well under a second
 */
export function countTextTokens(text: string): number {
  const { tokens } = tokenPieces(text);
  let n = 0;
  for (const t of tokens) n += t;
  return n;
}

/** Forgets every piece's count, so a benchmark can measure text the tokenizer has never seen. */
export function forgetTokenCounts(): void {
  countCache.clear();
}

/**
 * Where the o200k piece starting at `start` ends. Exported for the test that holds it to the
 * library's regex.
 */
export function pieceEnd(text: string, start: number): number {
  const end = asciiPieceEnd(text, start);
  if (end !== BAIL) return end;
  STICKY_SPLIT.lastIndex = start;
  const match = STICKY_SPLIT.exec(text);
  // The regex's alternatives cover every character, so a match always exists; the guard only
  // keeps a future library change from looping forever.
  return match && match[0].length > 0 ? start + match[0].length : start + 1;
}

/** Tokens in `text` encoded on its own, special-token text counted as plain text; short texts remembered. */
export function countPlainTokens(text: string): number {
  if (text.length > CACHEABLE_PIECE_CHARS) return countTokens(text, PLAIN_TEXT);
  let count = countCache.get(text);
  if (count === undefined) {
    count = countTokens(text, PLAIN_TEXT);
    if (countCache.size >= COUNT_CACHE_LIMIT) countCache.clear();
    countCache.set(text, count);
  }
  return count;
}

/** Cuts a long piece at code-point boundaries; the sub-pieces' counts add up to about the whole's. */
function splitLongPiece(text: string, start: number, end: number, ends: number[], tokens: number[]): void {
  let from = start;
  while (from < end) {
    let to = from;
    for (let n = 0; n < SUB_PIECE_CODE_POINTS && to < end; n++) to += (text.codePointAt(to) ?? 0) > 0xffff ? 2 : 1;
    ends.push(to);
    tokens.push(countTokens(text.slice(from, to), PLAIN_TEXT));
    from = to;
  }
}

// The library's piece regex, anchored: matched at one position at a time for non-ASCII text.
const STICKY_SPLIT = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, 'uy');
