import * as assert from 'node:assert/strict';
import { termsOf } from '../../../src/runtime/fileSearch/terms';

/**
 * Keyword terms of Chinese, Japanese and Korean text. These scripts write words without spaces
 * (Korean glues particles to its words), so a run of them is indexed as overlapping character
 * pairs: a query shares pairs with the note however either is split into words.
 */
describe('BM25 terms of CJK text', () => {
  it('finds a Chinese query word inside a sentence: the query\'s pairs are among the sentence\'s', () => {
    const sentence = termsOf('二次方程的判别式决定根的个数');
    assert.deepEqual(termsOf('判别式'), ['判别', '别式']);
    for (const term of termsOf('判别式')) assert.ok(sentence.includes(term), term);
    assert.deepEqual(termsOf('线性代数'), ['线性', '性代', '代数']);
    // Characters outside the Basic Multilingual Plane pair by code point, not by UTF-16 unit.
    assert.deepEqual(termsOf('𠀀𠀁𠀂'), ['𠀀𠀁', '𠀁𠀂']);
  });

  it('splits a word where Latin letters or digits meet CJK, keeping the Latin part a term of its own', () => {
    // Chinese notes often write English names and variables without a space: "用Python列表".
    assert.deepEqual(termsOf('Python列表推导式'), ['python', '列表', '表推', '推导', '导式']);
    assert.deepEqual(termsOf('x的平方'), ['x', '的平', '平方']);
    assert.deepEqual(termsOf('用enumerate遍历'), ['用', 'enumerate', '遍历']);
    assert.deepEqual(termsOf('sin30°'), ['sin30', 'sin', '30']);
    assert.deepEqual(termsOf('求gramSchmidt正交基'), ['求', 'gramschmidt', 'gram', 'schmidt', '正交', '交基']);
  });

  it('pairs Korean and Japanese runs too, prolonged sound mark included', () => {
    // 검색을 ("search" + object particle) still shares 검색 with a query for 검색.
    assert.deepEqual(termsOf('검색을'), ['검색', '색을']);
    assert.deepEqual(termsOf('コンピューター'), ['コン', 'ンピ', 'ピュ', 'ュー', 'ータ', 'ター']);
    assert.deepEqual(termsOf('リスト内包表記'), ['リス', 'スト', 'ト内', '内包', '包表', '表記']);
  });

  it('reads full-width letters and digits (an IME in full-width mode) as the ASCII they stand for', () => {
    assert.deepEqual(termsOf('Ｐｙｔｈｏｎ'), ['python']);
    assert.deepEqual(termsOf('ｘ２'), ['x2', 'x', '2']);
    assert.deepEqual(termsOf('ﾘｽﾄ'), ['リス', 'スト']);
  });

  it('keeps a lone CJK character as a term', () => {
    assert.deepEqual(termsOf('根，'), ['根']);
    assert.deepEqual(termsOf('a 的 b', 'plain'), ['的', 'b']);
  });

  it('leaves English and identifiers as they were', () => {
    assert.deepEqual(termsOf('def gramSchmidt(vectors):'), ['def', 'gramschmidt', 'gram', 'schmidt', 'vector']);
    assert.deepEqual(termsOf('HTMLParser MAX_CHUNK_SIZE log2'), ['htmlparser', 'html', 'parser', 'max_chunk_size', 'max', 'chunk', 'size', 'log2', 'log', '2']);
    assert.deepEqual(termsOf('naïve café résumé'), ['naïve', 'café', 'résumé']);
  });
});
