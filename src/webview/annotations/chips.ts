import type { CitationView, FileLinkView } from '../../common/protocol';
import { button } from '../dom';
import { t } from '../l10n';

/**
 * A citation as the answer shows it: a small `[n]` button. File names come from the model's
 * sources, so they only ever become text and attribute values, never markup.
 */
export function citationChip(citation: CitationView, onOpen: (n: number) => void): HTMLButtonElement {
  const chip = button('citation-chip', `[${citation.n}]`, () => onOpen(citation.n));
  chip.title = citation.fileName;
  chip.setAttribute('aria-label', t('Source {0}: {1}', citation.n, citation.fileName));
  chip.dataset.citation = String(citation.n);
  return chip;
}

/** A source in the list under the answer: `[n] file name`. */
export function sourceButton(citation: CitationView, onOpen: (n: number) => void): HTMLButtonElement {
  const source = button('source-link', `[${citation.n}] ${citation.fileName}`, () => onOpen(citation.n));
  source.setAttribute('aria-label', t('Open source {0}: {1}', citation.n, citation.fileName));
  source.dataset.citation = String(citation.n);
  return source;
}

/**
 * A file the code interpreter wrote: a link-looking button that asks the host to save it. A
 * button, not a link: it does something (a save dialog) and goes nowhere.
 */
export function fileButton(file: FileLinkView, onSave: (fileId: string) => void, label = file.fileName): HTMLButtonElement {
  const save = button('file-link', label, () => onSave(file.fileId));
  save.title = t('Save {0}…', file.fileName);
  save.dataset.fileId = file.fileId;
  return save;
}
