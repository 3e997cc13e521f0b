/**
 * An in-memory BM25 index, built for speed on a few thousand chunks: terms get integer ids, each
 * (field, term) has a postings list of (document slot, term frequency), and a query adds its terms'
 * weights into one array of scores. Removing a document only marks its slot gone (and fixes the
 * totals); postings are compacted once enough of them point at removed documents.
 *
 * BM25 as in Robertson & Zaragoza (2009), with Lucene's always-positive IDF, summed over fields
 * with a weight each:
 *   score(d, q) = Σ_field w · Σ_t∈q idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d| / avgdl))
 *   idf(t)      = ln(1 + (N − df + 0.5) / (df + 0.5))
 *
 * (MiniSearch did this job first; on 1,000 chunks of 800 tokens its search took 3–5 ms and its
 * index 1.7 s to build, both far over budget, because every posting is a Map entry and every hit
 * an object. This does the same arithmetic on arrays.)
 */

const K1 = 1.2;
const B = 0.75;
/** Compact postings when this share of document slots belongs to removed documents. */
const COMPACT_RATIO = 0.3;

interface Postings {
  slots: number[];
  freqs: number[];
}

export class Bm25Index {
  private readonly termIds = new Map<string, number>();
  /** postings[field][termId], created on first use. */
  private readonly postings: Postings[][];
  /** Per document slot: its key (the caller's id), its length in terms per field, whether it is still there. */
  private keys: number[] = [];
  private lengths: number[][];
  private alive: boolean[] = [];
  private readonly slotOf = new Map<number, number>();
  private liveCount = 0;
  private readonly totalLengths: number[];
  /** Scores by slot, reused across searches (reset after each). */
  private scratch = new Float64Array(0);

  constructor(private readonly fieldCount: number) {
    this.postings = Array.from({ length: fieldCount }, () => []);
    this.lengths = Array.from({ length: fieldCount }, () => []);
    this.totalLengths = new Array<number>(fieldCount).fill(0);
  }

  get size(): number {
    return this.liveCount;
  }

  /** Adds a document under `key` (replacing one with the same key): per field, its terms, repeats included. */
  add(key: number, fields: readonly (readonly string[])[]): void {
    this.remove(key);
    const slot = this.keys.length;
    this.keys.push(key);
    this.alive.push(true);
    this.slotOf.set(key, slot);
    this.liveCount++;
    for (let field = 0; field < this.fieldCount; field++) {
      const terms = fields[field] ?? [];
      this.lengths[field]!.push(terms.length);
      this.totalLengths[field]! += terms.length;
      // Term frequencies by sorting the term ids: cheaper than a Map per document.
      const ids = new Int32Array(terms.length);
      for (let i = 0; i < terms.length; i++) ids[i] = this.termId(terms[i]!);
      ids.sort();
      for (let i = 0; i < ids.length; ) {
        let j = i + 1;
        while (j < ids.length && ids[j] === ids[i]) j++;
        const postings = (this.postings[field]![ids[i]!] ??= { slots: [], freqs: [] });
        postings.slots.push(slot);
        postings.freqs.push(j - i);
        i = j;
      }
    }
  }

  remove(key: number): void {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return;
    this.slotOf.delete(key);
    this.alive[slot] = false;
    this.liveCount--;
    for (let field = 0; field < this.fieldCount; field++) this.totalLengths[field]! -= this.lengths[field]![slot]!;
    if (this.keys.length - this.liveCount > COMPACT_RATIO * this.keys.length) this.compact();
  }

  /**
   * The best `limit` documents for `terms` as [key, score] pairs, best first (ties: earlier added
   * first); `weights[field]` scales each field's score. Repeated query terms count once.
   */
  search(terms: readonly string[], weights: readonly number[], limit: number): [number, number][] {
    if (this.liveCount === 0 || limit <= 0) return [];
    if (this.scratch.length < this.keys.length) this.scratch = new Float64Array(Math.max(64, this.keys.length * 2));
    const scores = this.scratch;
    const touched: number[] = [];
    const n = this.liveCount;
    for (const term of new Set(terms)) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      for (let field = 0; field < this.fieldCount; field++) {
        const weight = weights[field] ?? 0;
        const postings = this.postings[field]![id];
        if (!postings || weight <= 0) continue;
        const { slots, freqs } = postings;
        let df = 0;
        for (const slot of slots) if (this.alive[slot]) df++;
        if (df === 0) continue;
        const idf = weight * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const lengths = this.lengths[field]!;
        const averageLength = this.totalLengths[field]! / n;
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i]!;
          if (!this.alive[slot]) continue;
          const tf = freqs[i]!;
          if (scores[slot] === 0) touched.push(slot);
          scores[slot]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[slot]!) / averageLength));
        }
      }
    }
    const best = topSlots(touched, scores, limit);
    const results = best.map((slot): [number, number] => [this.keys[slot]!, scores[slot]!]);
    for (const slot of touched) scores[slot] = 0;
    return results;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(term, id);
    }
    return id;
  }

  /** Renumbers the slots without removed documents, and their postings with them. */
  private compact(): void {
    const renumbered = new Int32Array(this.keys.length).fill(-1);
    const keys: number[] = [];
    for (let slot = 0; slot < this.keys.length; slot++) {
      if (!this.alive[slot]) continue;
      renumbered[slot] = keys.length;
      this.slotOf.set(this.keys[slot]!, keys.length);
      keys.push(this.keys[slot]!);
    }
    this.lengths = this.lengths.map((lengths) => lengths.filter((_, slot) => renumbered[slot]! >= 0));
    for (const fieldPostings of this.postings) {
      for (const postings of fieldPostings) {
        if (!postings) continue;
        const slots: number[] = [];
        const freqs: number[] = [];
        postings.slots.forEach((slot, i) => {
          if (renumbered[slot]! < 0) return;
          slots.push(renumbered[slot]!);
          freqs.push(postings.freqs[i]!);
        });
        postings.slots = slots;
        postings.freqs = freqs;
      }
    }
    this.keys = keys;
    this.alive = keys.map(() => true);
  }
}

/**
 * The `limit` best of `slots` by score, sorted. Finds the cut-off score by selection first, so a
 * query touching every chunk sorts only the few that are returned.
 */
function topSlots(slots: number[], scores: Float64Array, limit: number): number[] {
  const byScore = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
  if (slots.length <= limit) return slots.sort(byScore);
  const values = new Float64Array(slots.length);
  for (let i = 0; i < slots.length; i++) values[i] = scores[slots[i]!]!;
  const cutoff = kthLargest(values, limit);
  const kept: number[] = [];
  const tied: number[] = [];
  for (const slot of slots) {
    const score = scores[slot]!;
    if (score > cutoff) kept.push(slot);
    else if (score === cutoff) tied.push(slot);
  }
  // Slots were touched in no particular order: among equal scores the earlier added wins.
  tied.sort((a, b) => a - b);
  for (let i = 0; kept.length < limit && i < tied.length; i++) kept.push(tied[i]!);
  return kept.sort(byScore);
}

/** The k-th largest value (1-based) by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}
