import type { ToolCallView } from '../../common/protocol';
import { displayLanguage, t } from '../l10n';

const KIND_LABELS: Record<Exclude<ToolCallView['kind'], 'function'>, string> = {
  code_interpreter: t('Code interpreter'),
  file_search: t('File search'),
};

const STATUS_TEXT: Record<ToolCallView['status'], string> = {
  running: t('Running…'),
  waiting: t('Waiting'),
  done: t('Done'),
  failed: t('Failed'),
  cancelled: t('Cancelled'),
};

/** What the card calls the tool: a function by its name, the built-in tools by what they do. */
export function toolLabel(call: ToolCallView): string {
  return call.kind === 'function' ? call.name : KIND_LABELS[call.kind];
}

/** The status in words (what screen readers announce), approval first because it needs the user. */
export function statusText(call: ToolCallView): string {
  return call.approval?.state === 'pending' ? t('Waiting for your approval') : STATUS_TEXT[call.status];
}

/** @example formatDuration(1234) // '1.2 s' */
export function formatDuration(ms: number): string {
  if (ms < 1000) return t('{0} ms', Math.max(0, Math.round(ms)));
  if (ms < 60_000) return t('{0} s', (ms / 1000).toFixed(1));
  return t('{0} min {1} s', Math.floor(ms / 60_000), Math.round((ms % 60_000) / 1000));
}

/** JSON indented for reading; anything that is not JSON comes back unchanged. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

// A runaway print loop can log megabytes; the card shows the start and says how much is left out.
const MAX_SHOWN_CHARS = 50_000;

/** `text`, cut to what a card shows, with a note of how much was left out. */
export function clipForDisplay(text: string): string {
  if (text.length <= MAX_SHOWN_CHARS) return text;
  return `${text.slice(0, MAX_SHOWN_CHARS)}\n… ${t('{0} more characters not shown', (text.length - MAX_SHOWN_CHARS).toLocaleString(displayLanguage))}`;
}
