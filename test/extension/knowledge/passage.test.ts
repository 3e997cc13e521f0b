import * as assert from 'node:assert/strict';
import { findPassage } from '../../../src/extension/knowledge/passage';

describe('findPassage', () => {
  const doc = '# Primes\n\nA prime has   exactly two divisors:\n1 and itself.\n\n## Sieve\n\nCross out multiples of each prime.\n';

  it('finds the whole quote, whitespace aside, and covers all of it', () => {
    const at = findPassage(doc, 'A prime has exactly\ntwo divisors: 1 and itself.')!;
    assert.equal(doc.slice(at.start, at.end), 'A prime has   exactly two divisors:\n1 and itself.');
  });

  it('falls back to the first lines when the rest of the chunk differs, and extends as far as it agrees', () => {
    const at = findPassage(doc, 'Cross out multiples of each prime.\nThis sentence is not in the file.')!;
    assert.equal(doc.slice(at.start, at.end), 'Cross out multiples of each prime.');
  });

  it('tolerates markup the extractor dropped, and a chunk that starts mid-word', () => {
    const md = 'Use the **sieve of Eratosthenes** to list primes up to n.';
    const at = findPassage(md, 'eve of Eratosthenes to list primes')!;
    assert.equal(md.slice(at.start, at.end), 'eve of Eratosthenes** to list primes');
  });

  it('is undefined when nothing matches, or when the quote is blank or only short lines', () => {
    assert.equal(findPassage(doc, 'Nothing like this appears.'), undefined);
    assert.equal(findPassage(doc, '  \n '), undefined);
    assert.equal(findPassage(doc, '}\n---\nzzzzzzzz not here'), undefined);
  });
});
