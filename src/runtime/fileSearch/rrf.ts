/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009): each ranking gives an item
 * 1 / (k + rank), and the item's fused value is the sum over rankings. Ranks, not raw scores, are
 * combined, so BM25 scores (unbounded) and cosine similarities (−1…1) need no common scale.
 */

/** The constant from the paper; it damps the difference between the first few ranks. */
export const RRF_K = 60;

export interface Fused<T> {
  item: T;
  /**
   * The fused value divided by the best one possible, 1 / (k + 1) for each ranking that has any
   * items: 1 means first in every ranking, 0.5 first in one of two and absent from the other.
   */
  score: number;
}

/**
 * Fuses rankings (each best first, items compared with ===) into one, best first. Ties go to the
 * item with the better best rank, then to the earlier ranking's order.
 *
 * @example
 *   fuseRankings([['a', 'b', 'c'], ['b', 'a']]);
 *   // [{ item: 'a', score: 0.99… }, { item: 'b', score: 0.99… }, { item: 'c', score: 0.48… }]
 */
export function fuseRankings<T>(rankings: readonly (readonly T[])[], k = RRF_K): Fused<T>[] {
  const used = rankings.filter((ranking) => ranking.length > 0);
  if (used.length === 0) return [];
  const best = used.length / (k + 1);
  const fused = new Map<T, { value: number; bestRank: number; order: number }>();
  for (const ranking of used) {
    ranking.forEach((item, index) => {
      const rank = index + 1;
      const entry = fused.get(item);
      if (entry) {
        entry.value += 1 / (k + rank);
        entry.bestRank = Math.min(entry.bestRank, rank);
      } else {
        fused.set(item, { value: 1 / (k + rank), bestRank: rank, order: fused.size });
      }
    });
  }
  return [...fused]
    .sort(([, a], [, b]) => b.value - a.value || a.bestRank - b.bestRank || a.order - b.order)
    .map(([item, { value }]) => ({ item, score: Math.min(1, value / best) }));
}
