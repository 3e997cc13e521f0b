import type { CitationView, FileLinkView } from '../../common/protocol';
import { el } from '../dom';
import { t } from '../l10n';
import { SANDBOX_HREF_ATTRIBUTE } from '../render';
import { citationChip, fileButton, sourceButton } from './chips';
import { textsOfMarkers } from './markerText';
import { replaceMarkers } from './replaceMarkers';

/** A finished answer's annotations (`chat/annotations`, or a message of `chat/reset`). */
export interface Annotations {
  citations: CitationView[];
  files: FileLinkView[];
}

export interface AnnotationActions {
  onOpenCitation(n: number): void;
  onSaveFile(fileId: string): void;
}

const validCitation = (c: CitationView) => Number.isInteger(c.n) && c.n > 0 && c.marker.length > 0;

/**
 * Turns the markers in a rendered answer into citation chips and Save buttons, on the sanitised
 * DOM (see replaceMarkers). Applying it again after a re-render is safe: markers already replaced
 * are gone from the text.
 */
export function annotateBody(body: HTMLElement, { citations, files }: Annotations, actions: AnnotationActions): void {
  // The k-th occurrence of a marker is the k-th citation with that marker; extra ones reuse the last.
  const byMarker = new Map<string, CitationView[]>();
  for (const c of citations.filter(validCitation)) byMarker.set(c.marker, [...(byMarker.get(c.marker) ?? []), c]);
  const seen = new Map<string, number>();
  const citationTexts = textsOfMarkers(byMarker.keys());
  replaceMarkers(body, [...citationTexts.keys()], (text) => {
    const marker = citationTexts.get(text)!;
    const list = byMarker.get(marker)!;
    const i = seen.get(marker) ?? 0;
    seen.set(marker, i + 1);
    return citationChip(list[Math.min(i, list.length - 1)]!, actions.onOpenCitation);
  });

  // `[result.csv](sandbox:/mnt/data/result.csv)`: the link's own text becomes the Save button's.
  for (const link of Array.from(body.querySelectorAll(`a[${SANDBOX_HREF_ATTRIBUTE}]`))) {
    const file = fileFor(files, link.getAttribute(SANDBOX_HREF_ATTRIBUTE)!);
    if (!file) continue;
    const save = fileButton(file, actions.onSaveFile, '');
    if (link.textContent?.trim()) save.append(...Array.from(link.childNodes));
    else save.textContent = file.fileName;
    link.replaceWith(save);
  }
  // The marker written out as text: the button shows the file's name.
  const fileTexts = textsOfMarkers(files.map((f) => f.marker));
  replaceMarkers(body, [...fileTexts.keys()], (text) => {
    const file = files.find((f) => f.marker === fileTexts.get(text));
    return file && fileButton(file, actions.onSaveFile);
  });
}

/** "Sources: [1] notes.md …" and "Files: result.csv" under the answer, or undefined when it has none. */
export function sourcesFooter({ citations, files }: Annotations, actions: AnnotationActions): HTMLElement | undefined {
  const byNumber = new Map<number, CitationView>();
  for (const c of citations.filter(validCitation)) if (!byNumber.has(c.n)) byNumber.set(c.n, c);
  const sources = [...byNumber.values()].sort((a, b) => a.n - b.n);
  if (!sources.length && !files.length) return undefined;
  const footer = el('div', 'message-sources');
  if (sources.length) footer.append(line(t('Sources'), sources.map((c) => sourceButton(c, actions.onOpenCitation))));
  if (files.length) footer.append(line(t('Files'), files.map((f) => fileButton(f, actions.onSaveFile))));
  return footer;
}

function line(title: string, buttons: HTMLElement[]): HTMLElement {
  const group = el('div', 'sources-line');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', title);
  const list = el('ul', 'sources-list');
  for (const b of buttons) {
    const item = el('li');
    item.append(b);
    list.append(item);
  }
  group.append(el('span', 'sources-title', t('{0}:', title)), list);
  return group;
}

/** The file a sandbox link points at; markdown-it percent-encodes what the marker has verbatim. */
function fileFor(files: FileLinkView[], href: string): FileLinkView | undefined {
  const decoded = safeDecodeUri(href);
  return files.find((f) => f.marker === href || f.marker === decoded || safeDecodeUri(f.marker) === decoded);
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}
