import type { Attributes } from './objects';
import type { AttributeFilter } from '../../domain/vectorStoreRequests';

/**
 * Whether a file's attributes pass a search filter (the spec's ComparisonFilter / CompoundFilter).
 * A missing key passes only `ne` and `nin`, as "not equal to x" holds for a file without the key.
 *
 * @example
 *   matchesFilter({ grade: 9, topic: 'algebra' }, { type: 'and', filters: [
 *     { type: 'gte', key: 'grade', value: 8 }, { type: 'eq', key: 'topic', value: 'algebra' }] }); // true
 */
export function matchesFilter(attributes: Attributes | null | undefined, filter: AttributeFilter): boolean {
  if ('filters' in filter) {
    return filter.type === 'and' ? filter.filters.every((f) => matchesFilter(attributes, f)) : filter.filters.some((f) => matchesFilter(attributes, f));
  }
  const actual = attributes?.[filter.key];
  const { value } = filter;
  switch (filter.type) {
    case 'eq': return actual === value;
    case 'ne': return actual !== value;
    case 'in': return Array.isArray(value) && actual !== undefined && (value as unknown[]).includes(actual);
    case 'nin': return !Array.isArray(value) || actual === undefined || !(value as unknown[]).includes(actual);
    default: {
      // Ordering compares like with like only: numbers with numbers, strings with strings.
      if (actual === undefined || typeof actual !== typeof value || typeof actual === 'boolean' || Array.isArray(value)) return false;
      const a = actual as number | string;
      const b = value as number | string;
      if (filter.type === 'gt') return a > b;
      if (filter.type === 'gte') return a >= b;
      if (filter.type === 'lt') return a < b;
      return a <= b;
    }
  }
}
