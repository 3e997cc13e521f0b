import { invalidInput } from '../domain/errors';
import type { Item } from '../domain/items';
import type { ItemListQuery } from '../domain/responseRequests';

/** A page of items in the spec's list shape (ConversationItemList, ResponseItemList). */
export interface ItemPage {
  object: 'list';
  data: Item[];
  /** '' for an empty page: the spec makes both required strings. */
  first_id: string;
  last_id: string;
  has_more: boolean;
}

/**
 * Pages items held in creation order: `order` (newest first by default), then everything after
 * the item `after` names, then `limit` of them.
 */
export function pageItems(items: readonly Item[], query: Pick<ItemListQuery, 'limit' | 'order' | 'after'>): ItemPage {
  const ordered = query.order === 'asc' ? [...items] : [...items].reverse();
  let start = 0;
  if (query.after !== undefined) {
    const at = ordered.findIndex((i) => i.id === query.after);
    if (at < 0) throw invalidInput(`No item found with id '${query.after}' in this list.`, 'after');
    start = at + 1;
  }
  const data = ordered.slice(start, start + query.limit);
  return { object: 'list', data, first_id: data[0]?.id ?? '', last_id: data.at(-1)?.id ?? '', has_more: start + data.length < ordered.length };
}

/** The `include[]` of a query, as a list. */
export function includeOf(query: { 'include[]'?: string | string[] | undefined }): string[] {
  const include = query['include[]'];
  return include === undefined ? [] : Array.isArray(include) ? include : [include];
}
