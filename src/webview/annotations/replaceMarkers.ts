// Text the markers are never looked for in: code (its Copy button copies the text), math, and
// the buttons this module made itself (so applying the same annotations twice changes nothing).
const SKIPPED = 'pre, .katex, button';

interface Match {
  start: number;
  end: number;
  marker: string;
}

/**
 * Replaces each occurrence of the marker strings in the rendered text under `root` with the node
 * `make` returns for it (or leaves it when `make` returns undefined). Works on the sanitised DOM,
 * never on HTML: the marker is matched in text nodes and the replacement is a node built by the
 * caller. A marker may span several text nodes (linkify turns the `notes.md` of `【4:0†notes.md】`
 * into a link), so matching runs on the text of the whole message and each hit is cut out with a
 * Range. Occurrences are replaced in document order of `make` calls.
 *
 * @example replaceMarkers(body, ['【4:0†notes.md】'], () => chip)
 */
export function replaceMarkers(root: Element, markers: readonly string[], make: (marker: string) => Node | undefined): void {
  const wanted = [...new Set(markers.filter((m) => m.length > 0))];
  if (!wanted.length) return;
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest(SKIPPED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    nodes.push(node);
    starts.push(text.length);
    text += node.data;
  }

  const matches: Match[] = [];
  for (const marker of wanted) {
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
      matches.push({ start: at, end: at + marker.length, marker });
    }
  }
  // Longer markers win where two overlap; then document order.
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match[] = [];
  for (const m of matches) if (!kept.length || m.start >= kept[kept.length - 1]!.end) kept.push(m);
  const replacements = kept.map((m) => make(m.marker));

  // Last first: cutting a later match leaves the nodes and offsets of earlier ones as they were.
  for (let i = kept.length - 1; i >= 0; i--) {
    const replacement = replacements[i];
    if (!replacement) continue;
    const { start, end } = kept[i]!;
    const range = document.createRange();
    const from = locate(nodes, starts, start, false);
    const to = locate(nodes, starts, end, true);
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    range.deleteContents();
    // Never a button inside a link (the link's own click would fire too): it goes after the link.
    const link = from.node.parentElement?.closest('a');
    if (link && root.contains(link)) link.after(replacement);
    else range.insertNode(replacement);
  }
}

/** The text node and offset of a position in the concatenated text. */
function locate(nodes: Text[], starts: number[], position: number, isEnd: boolean): { node: Text; offset: number } {
  // The last node starting at or before the position (before it, for an end: an end at a node's
  // start belongs to the node before).
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (isEnd ? starts[mid]! < position : starts[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return { node: nodes[lo]!, offset: position - starts[lo]! };
}
