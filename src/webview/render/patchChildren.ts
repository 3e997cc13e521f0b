const MAX_DEPTH = 6;

/**
 * Makes `parent`'s children equal to `next`'s (which it consumes), keeping the existing nodes
 * that are already equal. The open block of a streaming message mostly grows at its end, so each
 * frame only the tail is replaced: the browser tears down and lays out far less, and a selection
 * in the text above the tail survives. Descends into the first differing child when it is the
 * same element with the same attributes (a list that gained an item, a paragraph or code block
 * that grew).
 *
 * @example patchChildren(openBlock, renderMarkdown(openText))
 */
export function patchChildren(parent: Node, next: Node, depth = 0): void {
  const current = parent.childNodes;
  const incoming = Array.from(next.childNodes);
  let kept = 0;
  while (kept < current.length && kept < incoming.length && current[kept]!.isEqualNode(incoming[kept]!)) kept++;
  if (depth < MAX_DEPTH && kept < current.length && kept < incoming.length && sameShell(current[kept]!, incoming[kept]!)) {
    patchChildren(current[kept]!, incoming[kept]!, depth + 1);
    kept++;
  }
  while (current.length > kept) current[kept]!.remove();
  for (let i = kept; i < incoming.length; i++) parent.appendChild(incoming[i]!);
}

/** Same element name and attributes (children aside). */
function sameShell(a: Node, b: Node): boolean {
  if (!(a instanceof Element) || !(b instanceof Element) || a.nodeName !== b.nodeName) return false;
  if (a.attributes.length !== b.attributes.length) return false;
  for (const attr of Array.from(a.attributes)) if (b.getAttribute(attr.name) !== attr.value) return false;
  return true;
}
