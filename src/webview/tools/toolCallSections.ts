import type { ToolCallView } from '../../common/protocol';
import { button, el } from '../dom';
import { displayLanguage, t } from '../l10n';
import { isSafeImageSrc, renderCodeBlock } from '../render';
import { clipForDisplay, prettyJson } from './toolCallText';

// Text longer than this starts folded inside the card, so a card stays something to glance at.
const LONG_LINES = 12;
const LONG_CHARS = 1200;

function titled(title: string, ...content: Node[]): HTMLElement {
  const section = el('div', 'tool-section');
  section.append(el('div', 'tool-section-title', title), ...content);
  return section;
}

/** A monospace block; folded behind its own summary when long. */
function textSection(title: string, text: string, className: string): HTMLElement {
  const pre = el('pre', className, clipForDisplay(text));
  const lines = text.split('\n').length;
  if (lines <= LONG_LINES && text.length <= LONG_CHARS) return titled(title, pre);
  // The block scrolls (max-height in tools.css): keyboard users need to be able to focus it.
  pre.tabIndex = 0;
  pre.setAttribute('aria-label', title);
  const fold = el('details', 'tool-section tool-fold');
  fold.append(el('summary', 'tool-section-title', t('{0} · {1} lines', title, lines.toLocaleString(displayLanguage))), pre);
  return fold;
}

/** The tool's input: Python source, a search query, or a function's JSON arguments. */
export function inputSection(call: ToolCallView): Node[] {
  if (!call.arguments) return [];
  if (call.kind === 'code_interpreter') return [titled(t('Code'), renderCodeBlock(call.arguments, 'python'))];
  return [textSection(call.kind === 'file_search' ? t('Query') : t('Arguments'), prettyJson(call.arguments), 'tool-args')];
}

/** What the code printed: stdout, stderr and any traceback. */
export function logsSection(call: ToolCallView): Node[] {
  return call.logs ? [textSection(t('Output'), call.logs, 'tool-logs')] : [];
}

/** What a function returned (as the model will read it). */
export function outputSection(call: ToolCallView): Node[] {
  if (call.output === undefined) return [];
  return [textSection(t('Result'), prettyJson(call.output) || t('(empty)'), 'tool-output')];
}

/** File search: the files its passages came from, best first, with their scores. */
export function resultsSection(call: ToolCallView): Node[] {
  if (call.kind !== 'file_search' || !call.results) return [];
  if (!call.results.length) return [titled(t('Results'), el('p', 'tool-empty', t('No passages found.')))];
  const list = el('ol', 'tool-results');
  for (const result of call.results) {
    const item = el('li');
    item.append(el('span', 'tool-result-file', result.fileName), el('span', 'tool-result-score', t('score {0}', result.score.toFixed(2))));
    list.append(item);
  }
  return [titled(t('Results ({0})', call.results.length), list)];
}

/**
 * The images the code made. They stay outside the card's fold: a plot is usually the point of
 * the call. Only bitmap `data:` URIs are shown (the CSP allows nothing else, and the host sends
 * nothing else); each can be saved.
 */
export function imagesSection(call: ToolCallView, onSave: (fileId: string) => void): Node[] {
  const images = (call.images ?? []).filter((image) => isSafeImageSrc(image.src));
  return images.map((image, i) => {
    const figure = el('figure', 'tool-image');
    const img = el('img');
    img.alt = images.length > 1 ? t('Image {0} of {1} made by the code', i + 1, images.length) : t('Image made by the code');
    img.src = image.src;
    const caption = el('figcaption');
    const save = button('tool-image-save', t('Save image…'), () => onSave(image.fileId));
    save.setAttribute('aria-label', images.length > 1 ? t('Save image {0}', i + 1) : t('Save image'));
    caption.append(save);
    figure.append(img, caption);
    return figure;
  });
}
