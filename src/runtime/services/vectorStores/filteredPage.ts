import { invalidInput } from '../../domain/errors';
import type { Page, PageQuery } from '../../store/types';

/**
 * The page of `all` (a whole list, in order) that `page` asks for, keeping only what `keep`
 * accepts. Cursors name any item of the list: filtered pages are cut from the full list in order.
 */
export function filteredPage<T extends { id: string }>(all: T[], page: PageQuery, keep: (item: T) => boolean): Page<T> {
  const position = (id: string, param: 'after' | 'before') => {
    const i = all.findIndex((f) => f.id === id);
    if (i < 0) throw invalidInput(`'${param}' must be the id of an object in this list; '${id}' is not.`, param);
    return i;
  };
  const start = page.after ? position(page.after, 'after') + 1 : 0;
  const end = page.before ? position(page.before, 'before') : all.length;
  const window = all.slice(start, end).filter(keep);
  // With only `before`, the page is the items just before the cursor, as in the store's lists.
  const data = page.before && !page.after ? window.slice(-page.limit) : window.slice(0, page.limit);
  return { data, has_more: window.length > page.limit };
}
