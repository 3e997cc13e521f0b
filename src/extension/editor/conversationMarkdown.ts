/**
 * A conversation as Markdown and back: the format "Export Conversation as Markdown" writes and
 * "Import Conversation from Markdown" reads. Pure: no `vscode`, so it is tested on plain Node.
 *
 * Each message is a `## You` or `## Tutor` section with the text as written (LaTeX and code kept),
 * preceded by a marker comment that Markdown viewers do not show:
 *
 *     <!-- tutor:message role="assistant" length="42" -->
 *     ## Tutor
 *
 *     …the text, exactly…
 *
 * The length (UTF-16 code units, as JavaScript counts) is what makes export → import → export
 * exact: a text may end in blank lines, or even quote a marker line, and still come back whole.
 * A file edited by hand whose lengths no longer fit is read marker to marker instead, and a file
 * with no markers at all (written by hand, or by another tool) by its `## You` / `## Tutor`
 * headings outside code fences.
 */

import { t } from '@vscode/l10n';

export type Role = 'user' | 'assistant';

/** A conversation as the Markdown holds it. */
export interface ConversationText {
  /** The file's `# ` heading; '' when it has none. */
  title: string;
  messages: { role: Role; text: string }[];
}

const HEADING: Record<Role, string> = { user: '## You', assistant: '## Tutor' };
const MARKER_LINE = /^<!-- tutor:message role="(user|assistant)"(?: length="(\d+)")? -->$/gm;

/** The Markdown of a conversation; `date` goes in the line under the title. */
export function conversationMarkdown(title: string, messages: readonly { role: Role; text: string }[], date = new Date()): string {
  // The note under the title is for the reader, in their language; the `## You` / `## Tutor`
  // headings and the markers are the format import reads back, so they stay as they are.
  const lines = [`# ${title}`, '', t('_Exported from Tutor on {0}._', date.toISOString().slice(0, 10)), ''];
  for (const m of messages) lines.push(`<!-- tutor:message role="${m.role}" length="${m.text.length}" -->`, HEADING[m.role], '', m.text, '');
  return lines.join('\n');
}

/** Reads a conversation back; `messages` is empty when the file holds none (the caller says so). */
export function parseConversation(markdown: string): ConversationText {
  // A file whose every line break became CRLF (an editor or git on Windows) is read as written.
  const text = /\r\n/.test(markdown) && !/(^|[^\r])\n/.test(markdown) ? markdown.replace(/\r\n/g, '\n') : markdown;
  const markers = [...text.matchAll(MARKER_LINE)];
  // The title is the `# ` heading before the first message (a `# ` inside a message is its own).
  const firstMessage = markers[0]?.index ?? /^## (You|Tutor)\s*$/m.exec(text)?.index ?? text.length;
  const title = /^# (.+)$/m.exec(text.slice(0, firstMessage))?.[1]?.trim() ?? '';
  return { title, messages: markers.length ? byMarkers(text, markers) : byHeadings(text) };
}

/** Messages from their markers: by the stated length where it fits, else up to the next marker. */
function byMarkers(text: string, markers: RegExpExecArray[]): ConversationText['messages'] {
  const messages: ConversationText['messages'] = [];
  let at = markers[0]!.index;
  for (;;) {
    const marker = new RegExp(MARKER_LINE.source, 'my');
    marker.lastIndex = at;
    const m = marker.exec(text);
    if (!m) break;
    const role = m[1] as Role;
    let start = at + m[0].length + 1;
    const heading = `${HEADING[role]}\n\n`;
    if (text.startsWith(heading, start)) start += heading.length;
    const length = m[2] === undefined ? undefined : Number(m[2]);
    const end = start + (length ?? 0);
    if (length !== undefined && fitsBefore(text, end)) {
      messages.push({ role, text: text.slice(start, end) });
      at = end + 2;
      continue;
    }
    // Edited by hand: the text runs to the next marker line (or the end), less the blank line the
    // export puts between messages.
    const next = markers.find((n) => n.index > start)?.index;
    const body = text.slice(start, next ?? text.length);
    messages.push({ role, text: next === undefined ? body.replace(/\n+$/, '') : body.replace(/\n\n$/, '') });
    if (next === undefined) break;
    at = next;
  }
  return messages;
}

/** Whether a message's text may end at `end`: what follows is a blank line and the next marker, or the end of the file. */
function fitsBefore(text: string, end: number): boolean {
  if (end > text.length) return false;
  const blankToEnd = /\n*$/y;
  blankToEnd.lastIndex = end;
  if (blankToEnd.test(text)) return true;
  if (text[end] !== '\n' || text[end + 1] !== '\n') return false;
  const marker = new RegExp(MARKER_LINE.source, 'my');
  marker.lastIndex = end + 2;
  return marker.test(text);
}

/** Messages from `## You` / `## Tutor` headings outside code fences (a file without markers). */
function byHeadings(text: string): ConversationText['messages'] {
  const messages: { role: Role; lines: string[] }[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      const heading = /^## (You|Tutor)\s*$/.exec(line);
      if (heading) {
        messages.push({ role: heading[1] === 'You' ? 'user' : 'assistant', lines: [] });
        continue;
      }
      if (opener) fence = opener;
    } else if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) {
      fence = undefined;
    }
    messages.at(-1)?.lines.push(line);
  }
  return messages.map((m) => ({ role: m.role, text: m.lines.join('\n').replace(/^\n+|\n+$/g, '') }));
}
