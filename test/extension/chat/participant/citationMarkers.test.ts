import * as assert from 'node:assert/strict';
import { CitationMarkers } from '../../../../src/extension/chat/participant/citationMarkers';

const ANSWER = 'The chain rule says so【1:0†notes/calculus.md】. See also【1:1†sheet 3.pdf】 and again【1:0†notes/calculus.md】.';
const EXPECTED = 'The chain rule says so[1]. See also[2] and again[1].';

describe('CitationMarkers', () => {
  it('numbers distinct markers in order of first use', () => {
    const m = new CitationMarkers();
    assert.equal(m.push(ANSWER) + m.end(), EXPECTED);
    assert.deepEqual(m.seen, ['【1:0†notes/calculus.md】', '【1:1†sheet 3.pdf】']);
  });

  it('gives the same text however the stream is split', () => {
    for (let cut = 0; cut <= ANSWER.length; cut++) {
      const m = new CitationMarkers();
      assert.equal(m.push(ANSWER.slice(0, cut)) + m.push(ANSWER.slice(cut)) + m.end(), EXPECTED, `split at ${cut}`);
    }
    const m = new CitationMarkers();
    assert.equal([...ANSWER].map((ch) => m.push(ch)).join('') + m.end(), EXPECTED);
  });

  it('leaves brackets that are not markers as written, and never holds text for ever', () => {
    const m = new CitationMarkers();
    assert.equal(m.push('Chinese quotes 【like this】 stay.') + m.end(), 'Chinese quotes 【like this】 stay.');
    const open = new CitationMarkers();
    const long = `【${'x'.repeat(400)}`;
    assert.equal(open.push(long), long);
    const unclosed = new CitationMarkers();
    assert.equal(unclosed.push('end【1:0†a') + unclosed.end(), 'end【1:0†a');
  });
});
