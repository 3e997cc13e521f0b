import { renderMarkdown } from '../render';

const cache = new Map<string, string[]>();

/**
 * The texts a marker can show as in a rendered answer: itself, and what Markdown makes of it
 * (`【4:2†_draft_.md】` reads `【4:2†draft.md】` once `_draft_` became emphasis). The rendered form
 * is only read as text; it is too short to be told from ordinary words below three characters.
 *
 * @example markerTexts('【4:2†_draft_.md】') // ['【4:2†_draft_.md】', '【4:2†draft.md】']
 */
export function markerTexts(marker: string): string[] {
  let texts = cache.get(marker);
  if (!texts) {
    const rendered = (renderMarkdown(marker).textContent ?? '').trim();
    texts = rendered !== marker && rendered.length >= 3 ? [marker, rendered] : [marker];
    if (cache.size > 500) cache.clear();
    cache.set(marker, texts);
  }
  return texts;
}

/** Each text of each item's marker, mapped back to the item's marker. */
export function textsOfMarkers(markers: Iterable<string>): Map<string, string> {
  const byText = new Map<string, string>();
  for (const marker of markers) for (const text of markerTexts(marker)) if (!byText.has(text)) byText.set(text, marker);
  return byText;
}
