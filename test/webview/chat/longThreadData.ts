// A long conversation for the webview's component tests: questions and math-heavy answers,
// each different, and a phrase only the first question holds.
import type { TranscriptMessage } from '../../../src/common/protocol';
import { sampleAnswer } from '../render/sampleAnswer';
import type {} from './fakeVsCodeApi';

export const TOTAL = 1_000;
export const FIRST_PAGE = 40;
export const PHRASE = "the aardvark's lemma";

/** Questions and math-heavy answers, each different; only the first question holds PHRASE. */
export function thread(): TranscriptMessage[] {
  return Array.from({ length: TOTAL }, (_, i) => {
    const n = Math.floor(i / 2) + 1;
    const text = i % 2 === 0 ? `Question ${n}: how do I solve $x^2 - ${n + 4}x + ${n * 3} = 0$${i === 0 ? `, using ${PHRASE}` : ''}?` : `Answer ${n}.\n\n${sampleAnswer}`;
    return { id: `msg_${String(i).padStart(4, '0')}`, role: i % 2 === 0 ? 'user' : 'assistant', text, status: 'complete', createdAt: 1_700_000_000_000 + i * 1000 };
  });
}


/**
 * Page script (give it to page.evaluate, or to page.addInitScript so it survives reloads): the
 * stand-in host answers chat/sync with the thread's newest page, chat/older and chat/find from
 * the whole thread, as the extension does. Self-contained: Playwright sends its source.
 */
export function standInThreadHost([all, threadId, firstPage]: readonly [TranscriptMessage[], string, number]): void {
  const handlers: Record<string, (p: Record<string, unknown>) => unknown> = {};
  handlers['chat/sync'] = () => ({ threadId, title: 'Quadratics', messages: all.slice(-firstPage), hasOlder: all.length > firstPage, mode: 'tutor', busy: false });
  handlers['chat/older'] = (p) => {
    const end = all.findIndex((m) => m.id === p.before);
    const through = typeof p.through === 'string' ? all.findIndex((m) => m.id === p.through) : -1;
    const start = through >= 0 ? through : Math.max(0, end - (typeof p.limit === 'number' ? p.limit : 50));
    return { messages: all.slice(start, end), hasOlder: start > 0 };
  };
  handlers['chat/find'] = (p) => ({ threadId, messageIds: all.filter((m) => m.text.toLowerCase().includes(String(p.query).toLowerCase())).map((m) => m.id) });
  window.__initialHandlers = handlers;
  // Already loaded (page.evaluate): the stand-in takes them now.
  const host = (window as { __host?: { handlers: typeof handlers } }).__host;
  if (host) Object.assign(host.handlers, handlers);
}
