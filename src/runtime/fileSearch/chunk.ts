/**
 * Cuts extracted text into overlapping token windows, as OpenAI's static chunking does: each chunk
 * holds at most `max_chunk_size_tokens` o200k tokens and shares about `chunk_overlap_tokens` with
 * the one before. Windows end on o200k piece boundaries (words, number groups, runs of
 * punctuation), so a chunk never starts or ends inside a word, and token counts are summed per
 * piece instead of re-encoding every window.
 */
import { countPlainTokens, tokenPieces } from './tokenPieces';
import type { Chunk, StaticChunking } from './types';

/** OpenAI's `auto` strategy. */
export const AUTO_CHUNKING: Readonly<StaticChunking> = Object.freeze({ max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 });

export const MIN_CHUNK_TOKENS = 100;
export const MAX_CHUNK_TOKENS = 4096;

/** A chunking strategy the API must refuse; `message` is written for the caller (a 400's text). */
export class ChunkingError extends Error {
  constructor(
    readonly param: 'max_chunk_size_tokens' | 'chunk_overlap_tokens',
    message: string,
  ) {
    super(message);
    this.name = 'ChunkingError';
  }
}

/**
 * Checks a static strategy against OpenAI's limits: 100 ≤ max ≤ 4096, 0 ≤ overlap ≤ max / 2, both
 * integers. Returns it unchanged, or throws ChunkingError.
 *
 * @example
 *   validateChunking({ max_chunk_size_tokens: 50, chunk_overlap_tokens: 0 });
 *   // ChunkingError: 'max_chunk_size_tokens' must be an integer between 100 and 4096, not 50.
 */
export function validateChunking(strategy: StaticChunking): StaticChunking {
  const { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } = strategy;
  if (!Number.isInteger(max) || max < MIN_CHUNK_TOKENS || max > MAX_CHUNK_TOKENS) {
    throw new ChunkingError('max_chunk_size_tokens', `'max_chunk_size_tokens' must be an integer between ${MIN_CHUNK_TOKENS} and ${MAX_CHUNK_TOKENS}, not ${String(max)}.`);
  }
  if (!Number.isInteger(overlap) || overlap < 0) {
    throw new ChunkingError('chunk_overlap_tokens', `'chunk_overlap_tokens' must be a non-negative integer, not ${String(overlap)}.`);
  }
  if (overlap > max / 2) {
    throw new ChunkingError('chunk_overlap_tokens', `'chunk_overlap_tokens' (${overlap}) must not exceed half of 'max_chunk_size_tokens' (${max}).`);
  }
  return strategy;
}

/**
 * Chunks `text`. Each chunk's `text` equals `text.slice(start, end)`, without leading or trailing
 * whitespace; whitespace-only windows are dropped. Throws ChunkingError for an invalid strategy.
 *
 * @example
 *   const chunks = chunkText(notes, { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 });
 *   notes.slice(chunks[1].start, chunks[1].end) === chunks[1].text; // true
 */
export function chunkText(text: string, strategy: StaticChunking = AUTO_CHUNKING): Chunk[] {
  const { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } = validateChunking(strategy);
  const pieces = new Pieces(text);
  const n = pieces.count;
  const chunks: Chunk[] = [];
  let a = 0;
  while (a < n) {
    let b = a + 1; // at least one piece, which tokenPieces keeps below the smallest max
    while (b < n && pieces.tokensIn(a, b + 1) <= max) b++;
    const trimmed = pieces.trimmed(a, b, max);
    if (trimmed) {
      chunks.push(trimmed.chunk);
      b = trimmed.b;
    }
    if (b >= n) break;
    // The next window starts where the last `overlap` tokens of this one begin (never before a + 1).
    let next = b;
    while (next > a + 1 && pieces.tokensIn(next - 1, b) <= overlap) next--;
    a = next;
  }
  return chunks;
}

/** A text's o200k pieces with running token totals. */
class Pieces {
  readonly count: number;
  private readonly ends: number[];
  private readonly tokens: number[];
  /** before[i]: tokens in pieces 0..i-1. */
  private readonly before: Float64Array;

  constructor(private readonly text: string) {
    ({ ends: this.ends, tokens: this.tokens } = tokenPieces(text));
    this.count = this.ends.length;
    this.before = new Float64Array(this.count + 1);
    for (let i = 0; i < this.count; i++) this.before[i + 1] = this.before[i]! + this.tokens[i]!;
  }

  /** Tokens in pieces a..b-1: exact, since o200k encodes each piece on its own. */
  tokensIn(a: number, b: number): number {
    return this.before[b]! - this.before[a]!;
  }

  startOf(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1]!;
  }

  /**
   * Pieces a..b-1 as a chunk without whitespace at its edges, or undefined if blank. Trimming can
   * cut into an edge piece (" Title" → "Title", ".\n\n" → "."), which may change its token count,
   * so the edges are counted again and the window shortened by a piece should it now be too long.
   * Returns the chunk and the window's end (b, or less when it had to be shortened).
   */
  trimmed(a: number, b: number, max: number): { chunk: Chunk; b: number } | undefined {
    const { text } = this;
    for (;;) {
      let start = this.startOf(a);
      let end = this.ends[b - 1]!;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
      if (start === end) return undefined;
      let first = a;
      while (this.ends[first]! <= start) first++;
      let last = b - 1;
      while (this.startOf(last) >= end) last--;
      const chunk = { text: text.slice(start, end), start, end };
      if (first === last) return { chunk, b };
      let tokens = this.tokensIn(first, last + 1);
      if (start > this.startOf(first)) tokens += countPlainTokens(text.slice(start, this.ends[first])) - this.tokens[first]!;
      if (end < this.ends[last]!) tokens += countPlainTokens(text.slice(this.startOf(last), end)) - this.tokens[last]!;
      if (tokens <= max) return { chunk, b };
      b = last;
    }
  }
}

/** JavaScript's \s: what o200k's pieces treat as whitespace. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
