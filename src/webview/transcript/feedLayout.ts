import type { Entry } from './entry';

/**
 * The entries whose extent (`offsets[i]` to `offsets[i + 1]`) reaches into the band from `top`
 * to `bottom` widened by `margin` on both sides, nearest to the band first.
 */
export function nearestFirst(offsets: readonly number[], top: number, bottom: number, margin: number): number[] {
  const found: number[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) if (offsets[i + 1]! > top - margin && offsets[i]! < bottom + margin) found.push(i);
  const distance = (i: number) => Math.max(0, top - offsets[i + 1]!, offsets[i]! - bottom);
  return found.sort((a, b) => distance(a) - distance(b));
}

/**
 * Puts the feed's children in order: the header, each shown entry's element, and for each run
 * of the others one empty block as tall as they are (from the `gaps` pool). Nodes already in
 * place are not touched — moving an element would make the browser lay it out again.
 */
export function arrangeFeed(root: HTMLElement, header: HTMLElement, entries: readonly Entry[], shown: ReadonlySet<Entry>, heightOf: (entry: Entry) => number, gaps: HTMLElement[]): void {
  const nodes: HTMLElement[] = [header];
  let gap = 0;
  const flush = () => {
    if (gap <= 0) return;
    const element = (gaps[nodes.length] ??= Object.assign(document.createElement('div'), { className: 'gap' }));
    element.setAttribute('aria-hidden', 'true');
    element.style.height = `${gap}px`;
    nodes.push(element);
    gap = 0;
  };
  const setSize = String(entries.length);
  entries.forEach((entry, i) => {
    if (!shown.has(entry)) {
      gap += heightOf(entry);
      return;
    }
    flush();
    const element = entry.element!;
    // Only on articles (the feed's items), and only when changed: a card must not see a mutation per pass.
    if (element.tagName === 'ARTICLE') {
      setAttribute(element, 'aria-posinset', String(i + 1));
      setAttribute(element, 'aria-setsize', setSize);
    }
    nodes.push(element);
  });
  flush();

  const keep = new Set<Node>(nodes);
  for (const child of [...root.children]) if (!keep.has(child)) child.remove();
  let cursor: Element | null = root.firstElementChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextElementSibling;
    else root.insertBefore(node, cursor);
  }
}

function setAttribute(element: HTMLElement, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/**
 * The entry whose place is held while others change (offsets[i] is where entry i starts; one more
 * offset than entries): the first in the viewport with a measured height. An entry only estimated
 * so far (not built yet, or just prepended) changes height when it is built, and holding its top
 * would then move everything the reader sees below it. -1 when no entry reaches the viewport.
 */
export function anchorIndex(offsets: readonly number[], top: number, view: number, measured: (index: number) => boolean): number {
  const n = offsets.length - 1;
  const first = offsets.findIndex((o, i) => i < n && offsets[i + 1]! > top);
  if (first === -1) return -1;
  for (let i = first; i < n && offsets[i]! < top + view; i++) if (measured(i)) return i;
  return first;
}
