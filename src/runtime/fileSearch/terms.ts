/**
 * The terms BM25 indexes and queries with. Students search code and notes in words
 * ("gram schmidt orthonormal basis") while code spells them as identifiers (`gramSchmidt`,
 * `ORTHONORMAL_BASIS`), so `code` mode indexes an identifier both whole and in its parts. English
 * stop words are dropped (they match every chunk and only slow BM25 down) and plurals folded.
 *
 * Chinese and Japanese write without spaces, and Korean glues particles to its words, so a run of
 * Han, Kana or Hangul is indexed as overlapping character pairs ("判别式" → 判别, 别式): a query
 * shares pairs with a note however either would be cut into words. Measured on
 * test/fixtures/knowledge-zh (BM25, 100-token chunks): pairs put the right file first for 33 of
 * 33 questions; ICU's dictionary segmenter (Intl.Segmenter) for 32, and a query that is part of a
 * dictionary word ("二次" of "二次方程") found its file for 74% of such substrings against 99.9%
 * with pairs; it also segments about 15× slower (2 s a million characters), paid again on every
 * rebuild of the index. Adding single characters to the pairs lost 3 questions (common characters
 * match everywhere). A lone character between punctuation is still a term of its own.
 */

export type TermMode = 'code' | 'plain';

/** Runs of letters, digits and underscores: identifiers stay whole here and are split below. */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
/** camelCase and PascalCase humps, acronyms (`HTMLParser` → HTML, Parser), digit runs. */
const HUMP = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}+|\p{L}+|\p{N}+/gu;
/**
 * Han, Kana and Hangul (and ー, the Katakana long-vowel mark, which Unicode counts as common to all scripts):
 * runs of them become character pairs, the rest of a word ("Python" in "Python列表") is a word.
 */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+/gu;
/** A character from U+1100 (Hangul Jamo) up: none below is CJK, so most words skip the regexes below. */
const MAY_HOLD_CJK = /[\u1100-\uffff]/;
/** Full-width ASCII and half-width Kana, as an IME types them: NFKC turns them into the usual forms. */
const WIDTH_FORMS = /[\uff00-\uffef]/u;

/**
 * Lower-cased terms of `text`, in order, repeated as often as they occur.
 *
 * @example
 *   termsOf('def gramSchmidt(vectors):');
 *   // ['def', 'gramschmidt', 'gram', 'schmidt', 'vector']
 *   termsOf('def gramSchmidt(vectors):', 'plain');
 *   // ['def', 'gramschmidt', 'vector']
 */
export function termsOf(text: string, mode: TermMode = 'code'): string[] {
  const cache = mode === 'code' ? codeTerms : plainTerms;
  const terms: string[] = [];
  for (const [word] of text.matchAll(WORD)) {
    let expansion = cache.get(word);
    if (expansion === undefined) {
      expansion = expand(word, mode);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(word, expansion);
    }
    if (typeof expansion === 'string') terms.push(expansion);
    else for (const term of expansion) terms.push(term);
  }
  return terms;
}

/** Words seen before → their terms: one string (the common case, no array) or several. */
const codeTerms = new Map<string, string | string[]>();
const plainTerms = new Map<string, string | string[]>();
const CACHE_LIMIT = 100_000;

/** The terms of one word: itself normalised, then its identifier parts, if it has several. */
function expand(word: string, mode: TermMode): string | string[] {
  if (!MAY_HOLD_CJK.test(word)) return expandWord(word, mode);
  if (WIDTH_FORMS.test(word)) word = word.normalize('NFKC');
  // Pairs for each CJK run, the usual terms for what lies between runs.
  const terms: string[] = [];
  let from = 0;
  for (const match of word.matchAll(CJK_RUN)) {
    if (match.index > from) pushTerms(terms, expandWord(word.slice(from, match.index), mode));
    pushTerms(terms, pairs(match[0]));
    from = match.index + match[0].length;
  }
  if (from < word.length) pushTerms(terms, expandWord(word.slice(from), mode));
  return terms.length === 1 ? terms[0]! : terms;
}

function pushTerms(terms: string[], expansion: string | string[]): void {
  if (typeof expansion === 'string') terms.push(expansion);
  else for (const term of expansion) terms.push(term);
}

/** Terms of a word without CJK: whole, then its identifier parts. */
function expandWord(word: string, mode: TermMode): string | string[] {
  const terms: string[] = [];
  const whole = normalise(word.replace(/^_+|_+$/g, ''));
  if (whole) terms.push(whole);
  const parts = mode === 'plain' ? word.split('_') : (word.match(HUMP) ?? []);
  if (parts.length >= 2) {
    for (const part of parts) {
      const term = normalise(part);
      if (term && term !== whole) terms.push(term);
    }
  }
  return terms.length === 1 ? terms[0]! : terms;
}

/** Overlapping pairs of a CJK run's characters; a lone character is a term of its own. */
function pairs(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Lower case, stop words out, plurals folded; undefined drops the word. */
function normalise(word: string): string | undefined {
  if (word === '') return undefined;
  const lower = word.toLowerCase();
  return STOP_WORDS.has(lower) ? undefined : singular(lower);
}

/**
 * English plurals to singular, conservatively: "vectors" → "vector", "probabilities" →
 * "probability", "matrices" → "matrix"; "series", "basis" and "class" stay. Only enough for a
 * question's "roots" to find a note's "root". Queries and chunks go through the same folding, so a
 * wrong singular ("caches" → "cach") costs little; a full stemmer's mistakes would mangle identifiers.
 */
function singular(word: string): string {
  if (word.length <= 3 || !word.endsWith('s')) return word;
  const irregular = IRREGULAR_PLURALS.get(word);
  if (irregular) return irregular;
  if (/(?:ss|us|is|series|species)$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|zes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

const IRREGULAR_PLURALS = new Map([
  ['matrices', 'matrix'], ['vertices', 'vertex'], ['indices', 'index'], ['appendices', 'appendix'], ['axes', 'axis'],
]);

const STOP_WORDS = new Set(
  ('a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its ' +
    'just me my of on or our so such than that the their them then there these they this those to too was we were ' +
    'what when where which while who whom why will with would you your').split(' '),
);
