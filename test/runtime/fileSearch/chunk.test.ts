import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { encode } from 'gpt-tokenizer';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { AUTO_CHUNKING, ChunkingError, chunkText, validateChunking } from '../../../src/runtime/fileSearch/chunk';
import { extractText } from '../../../src/runtime/fileSearch/extract';
import { countTextTokens, forgetTokenCounts, pieceEnd, tokenPieces } from '../../../src/runtime/fileSearch/tokenPieces';
import type { StaticChunking } from '../../../src/runtime/fileSearch/types';
import { corpusFiles } from './corpus';

const PLAIN = { disallowedSpecial: new Set<string>() };
const tokenCount = (text: string) => encode(text, PLAIN).length;

/** Piece ends by the library's own regex: what tokenPieces must reproduce. */
function regexPieceEnds(text: string): number[] {
  return [...text.matchAll(O200K_TOKEN_SPLIT_REGEX)].map((m) => m.index + m[0].length);
}

function scannedPieceEnds(text: string): number[] {
  const ends: number[] = [];
  for (let start = 0; start < text.length; start = ends[ends.length - 1]!) ends.push(pieceEnd(text, start));
  return ends;
}

/** Characters from every class the o200k regex distinguishes, ASCII and not. */
const ALPHABET = [
  ...'aZ', 'b', 'Q', 'x', 'HTML', "'s", "'LL", "'ve", "'", '0', '7', '123', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f',
  '.', ',', '/', '//', '(', ')', '<|endoftext|>', '$', '_', '-', '\u0000', '\u001f', '\u007f',
  'é', 'É', 'ß', '\u0301', '中文', 'ア', '٣', '²', '\u00a0', '\u2003', '\u2028', '€', '—', '😀', 'ǅ', 'ʰ',
];
const mixedText = fc
  .array(fc.oneof(fc.constantFrom(...ALPHABET), fc.string({ unit: 'binary-ascii', maxLength: 3 })), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('tokenPieces: o200k pre-tokenisation', () => {
  it('splits exactly like the library regex, for any mix of ASCII and non-ASCII text', () => {
    fc.assert(fc.property(mixedText, (text) => {
      assert.deepEqual(scannedPieceEnds(text), regexPieceEnds(text));
    }), { numRuns: 3000 });
  });

  it('splits every corpus file like the regex, and its token counts add up to encode()', async () => {
    forgetTokenCounts(); // counted in one batch per file, the path a first upload takes
    for (const file of corpusFiles()) {
      const text = await extractText(file.path, file.bytes);
      assert.deepEqual(scannedPieceEnds(text), regexPieceEnds(text), file.path);
      const { tokens } = tokenPieces(text);
      assert.equal(tokens.reduce((a, b) => a + b, 0), tokenCount(text), file.path);
    }
  });

  it('counts exactly whether pieces are new (batched) or remembered', () => {
    const text = fc.array(fc.oneof(mixedText, fc.lorem({ maxCount: 20 }), fc.string({ unit: 'grapheme', maxLength: 30 })), { maxLength: 30 }).map((p) => p.join(' '));
    fc.assert(fc.property(text, fc.boolean(), (t, forget) => {
      // Pieces cut for being long (over 32 tokens) are counted in parts, which may differ.
      const ends = regexPieceEnds(t);
      fc.pre(ends.every((end, i) => tokenCount(t.slice(i === 0 ? 0 : ends[i - 1], end)) <= 32));
      if (forget) forgetTokenCounts();
      const { tokens } = tokenPieces(t);
      assert.equal(tokens.reduce((a, b) => a + b, 0), tokenCount(t));
    }), { numRuns: 500 });
  });

  it('cuts a long piece (a CJK sentence has no spaces) into small ones', () => {
    const text = '数学是研究数量结构变化以及空间模型等概念的一门学科'.repeat(40);
    const { ends, tokens } = tokenPieces(text);
    assert.equal(ends[ends.length - 1], text.length);
    assert.ok(ends.length > 10);
    assert.ok(Math.max(...tokens) <= 96);
  });

  it('counts a 1 MB word at all, and special-token text as plain text (countTextTokens)', () => {
    // Byte-pair encoding a 1 MB word whole is quadratic: hours with the event loop blocked, found
    // by fuzzing. Cut first, it is counted like any other text (here in well under a second).
    assert.ok(countTextTokens('x'.repeat(1 << 20)) > 100_000);
    assert.ok(countTextTokens('😀'.repeat(1 << 19)) > 100_000);
    // gpt-tokenizer's countTokens throws on this; a student's message may well contain it.
    assert.equal(countTextTokens('a <|endoftext|> b'), tokenCount('a <|endoftext|> b'));
    const prose = 'The derivative of x^2 is 2x, and the integral of 2x is x^2 + C. '.repeat(50);
    assert.equal(countTextTokens(prose), tokenCount(prose));
  });
});

describe('chunkText', () => {
  const prose = (n: number) =>
    Array.from({ length: n }, (_, i) => `Paragraph ${i}: the derivative of x^${i} is ${i}x^${i - 1}; see lemma ${i * 7}.\n`).join('\n');

  const checkChunks = (text: string, strategy: StaticChunking) => {
    const chunks = chunkText(text, strategy);
    let previous: { start: number; end: number } | undefined;
    for (const chunk of chunks) {
      assert.equal(text.slice(chunk.start, chunk.end), chunk.text, 'offsets point at the text');
      assert.ok(tokenCount(chunk.text) <= strategy.max_chunk_size_tokens, `${tokenCount(chunk.text)} tokens > ${strategy.max_chunk_size_tokens}`);
      assert.ok(chunk.text.trim().length > 0, 'no blank chunks');
      if (previous) {
        assert.ok(chunk.start > previous.start, 'chunks move forward');
        assert.ok(chunk.end > previous.end, 'no chunk lies inside the one before');
      }
      previous = chunk;
    }
    return chunks;
  };

  it('defaults to auto: 800-token chunks overlapping by about 400', () => {
    assert.deepEqual(AUTO_CHUNKING, { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 });
    const text = prose(400);
    const chunks = checkChunks(text, AUTO_CHUNKING);
    const sizes = chunks.map((c) => tokenCount(c.text));
    // Full windows except the last, cut at piece boundaries a few tokens short of 800.
    for (const size of sizes.slice(0, -1)) assert.ok(size > 780, String(size));
    const overlap = tokenCount(text.slice(chunks[1]!.start, chunks[0]!.end));
    assert.ok(overlap > 370 && overlap <= 400, `overlap ${overlap}`);
    assert.deepEqual(chunkText(text), chunks);
  });

  it('honours static sizes, with no overlap when asked for none', () => {
    const text = prose(120);
    const chunks = checkChunks(text, { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 });
    for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i]!.start >= chunks[i - 1]!.end, 'no overlap');
    // Every non-blank character lands in some chunk.
    const covered = chunks.map((c) => c.text).join('').replace(/\s/g, '');
    assert.equal(covered, text.replace(/\s/g, ''));
  });

  it('keeps to the limits for any text and any valid strategy', () => {
    const strategy = fc.integer({ min: 100, max: 400 }).chain((max) =>
      fc.integer({ min: 0, max: Math.floor(max / 2) }).map((overlap) => ({ max_chunk_size_tokens: max, chunk_overlap_tokens: overlap })));
    const text = fc.array(fc.oneof(mixedText, fc.string({ unit: 'grapheme', maxLength: 80 }), fc.lorem({ maxCount: 30 })), { maxLength: 40 }).map((p) => p.join(' '));
    fc.assert(fc.property(text, strategy, (t, s) => void checkChunks(t, s)), { numRuns: 150 });
  });

  it('chunks long runs without spaces (CJK text, a base64 blob) within the limit', () => {
    checkChunks('数学是研究数量结构变化以及空间模型等概念的一门学科。'.repeat(200), { max_chunk_size_tokens: 100, chunk_overlap_tokens: 20 });
    checkChunks(Buffer.from(Array.from({ length: 6000 }, (_, i) => (i * 7919) % 256)).toString('base64'), { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 });
    checkChunks('='.repeat(5000), { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 });
  });

  it('treats special-token text as plain text', () => {
    const chunks = chunkText('a <|endoftext|> b <|im_start|> c');
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0]!.text, 'a <|endoftext|> b <|im_start|> c');
  });

  it('leaves blank lines out of chunk edges and returns nothing for blank text', () => {
    assert.deepEqual(chunkText(''), []);
    assert.deepEqual(chunkText(' \n\n\t '), []);
    const [only] = chunkText('\n\n  Title\n\nBody text.\n\n');
    assert.equal(only!.text, 'Title\n\nBody text.');
    assert.equal(only!.start, 4);
    assert.equal(only!.end, 21);
  });

  it('refuses strategies outside OpenAI limits, naming the parameter', () => {
    const bad: [StaticChunking, string, RegExp][] = [
      [{ max_chunk_size_tokens: 99, chunk_overlap_tokens: 0 }, 'max_chunk_size_tokens', /between 100 and 4096, not 99/],
      [{ max_chunk_size_tokens: 4097, chunk_overlap_tokens: 0 }, 'max_chunk_size_tokens', /between 100 and 4096/],
      [{ max_chunk_size_tokens: 100.5, chunk_overlap_tokens: 0 }, 'max_chunk_size_tokens', /integer/],
      [{ max_chunk_size_tokens: 200, chunk_overlap_tokens: -1 }, 'chunk_overlap_tokens', /non-negative integer/],
      [{ max_chunk_size_tokens: 200, chunk_overlap_tokens: 101 }, 'chunk_overlap_tokens', /must not exceed half/],
    ];
    for (const [strategy, param, message] of bad) {
      assert.throws(() => validateChunking(strategy), (err: unknown) => err instanceof ChunkingError && err.param === param && message.test(err.message));
      assert.throws(() => chunkText('text', strategy), ChunkingError);
    }
    for (const ok of [{ max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 }, { max_chunk_size_tokens: 4096, chunk_overlap_tokens: 2048 }]) {
      assert.equal(validateChunking(ok), ok);
    }
  });
});
