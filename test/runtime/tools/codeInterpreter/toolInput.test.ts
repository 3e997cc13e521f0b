import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { codeFromArguments, createCodeInputDecoder } from '../../../../src/runtime/tools/codeInterpreter/toolInput';

/** Feeds `raw` to a fresh decoder cut at `cuts`, returning every piece it gave back. */
function stream(raw: string, cuts: number[]): string[] {
  const push = createCodeInputDecoder();
  const points = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const to of [...points, raw.length]) {
    pieces.push(push(raw.slice(from, to)));
    from = to;
  }
  return pieces;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

// Code as models write it, plus the characters JSON must escape and text outside the BMP.
const code = fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\t', '"', '\\', '/', '\b', '\u2028', 'é', '😀', 'x = 1', ' '), fc.string({ unit: 'binary', maxLength: 3 })), maxLength: 80 });
const cuts = fc.array(fc.nat(), { maxLength: 40 });

describe('createCodeInputDecoder (code-interpreter input as it streams)', () => {
  it('decodes {"code": …} cut anywhere to exactly the code, each piece adding to the last', () => {
    fc.assert(
      fc.property(code, cuts, fc.constantFrom('', ' ', '\n  '), (source, at, space) => {
        // JSON.stringify leaves some characters raw (é, 😀) and escapes others; \u escapes too.
        const raw = `${space}{${space}"code"${space}:${space}${JSON.stringify(source)}${space}}`;
        const pieces = stream(raw, at);
        assert.equal(pieces.join(''), source);
        // No piece ends in half a surrogate pair unless the code itself does.
        for (const piece of pieces.slice(0, -1)) if (piece) assert.ok(!isHighSurrogate(piece.charCodeAt(piece.length - 1)) || isHighSurrogate(source.charCodeAt(source.length - 1)), JSON.stringify(piece));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes \\u escapes cut in the middle, including surrogate pairs', () => {
    const raw = String.raw`{"code": "print('\u00e9\ud83d\ude00\n')"}`;
    for (let cut = 0; cut <= raw.length; cut++) {
      assert.equal(stream(raw, [cut]).join(''), "print('é😀\n')", `cut at ${cut}`);
    }
  });

  it('takes bare code, a JSON string and a dict literal as codeFromArguments does', () => {
    for (const raw of ['print(1)\nx = {1: 2}', '"print(1)\\nprint(2)"', '{1: 2, 3: 4}', '  import math\nmath.pi']) {
      for (const at of [[], [1], [2, 5], [3, 4, 7, 9]]) assert.equal(stream(raw, at).join(''), codeFromArguments(raw), `${JSON.stringify(raw)} cut at ${at}`);
    }
  });

  it('stops at the closing quote and ignores what follows', () => {
    assert.equal(stream('{"code": "a = 1", "note": "x"}', [3, 12, 20]).join(''), 'a = 1');
  });

  it('shows nothing until the text is known to be {"code": …}', () => {
    const push = createCodeInputDecoder();
    assert.equal(push('{"co'), '');
    assert.equal(push('de": '), '');
    assert.equal(push('"x'), 'x');
  });

  it('hands a bad escape to the general path without losing what was shown', () => {
    // Not valid JSON: the whole text is then taken as code, which does not extend "ab", so
    // nothing more is shown (the run step's final input still comes from the whole arguments).
    const pieces = stream('{"code": "ab\\q"}', [12, 14]);
    assert.equal(pieces[0], 'ab');
    assert.ok(pieces.join('').startsWith('ab'));
  });
});
