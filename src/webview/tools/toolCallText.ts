import type { ToolCallView } from '../../common/protocol';

const KIND_LABELS: Record<Exclude<ToolCallView['kind'], 'function'>, string> = {
  code_interpreter: 'Code interpreter',
  file_search: 'File search',
};

const STATUS_TEXT: Record<ToolCallView['status'], string> = {
  running: 'Running…',
  waiting: 'Waiting',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** What the card calls the tool: a function by its name, the built-in tools by what they do. */
export function toolLabel(call: ToolCallView): string {
  return call.kind === 'function' ? call.name : KIND_LABELS[call.kind];
}

/** The status in words (what screen readers announce), approval first because it needs the user. */
export function statusText(call: ToolCallView): string {
  return call.approval?.state === 'pending' ? 'Waiting for your approval' : STATUS_TEXT[call.status];
}

/** @example formatDuration(1234) // '1.2 s' */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
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
  return `${text.slice(0, MAX_SHOWN_CHARS)}\n… ${(text.length - MAX_SHOWN_CHARS).toLocaleString('en')} more characters not shown`;
}
