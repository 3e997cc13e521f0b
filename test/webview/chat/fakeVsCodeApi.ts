// Browser side of the chat test page (chatPage.ts): stands in for VS Code's `acquireVsCodeApi`
// before the real webview bundle loads. It records every message the webview posts, answers its
// requests, and lets the test deliver host messages. Nothing of the webview itself is replaced.
import type { ThreadView, ToWebviewMessage } from '../../../src/common/protocol';

declare global {
  interface Window {
    __pwned?: unknown;
    __host: typeof fakeHost;
    acquireVsCodeApi: () => { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
    /** Handlers a test installs before the page loads (page.addInitScript), so they survive a reload. */
    __initialHandlers?: Record<string, (params: Record<string, unknown>) => unknown>;
  }
}

interface Posted {
  kind: string;
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
}

const EMPTY_THREAD: ThreadView = { threadId: null, title: 'New conversation', messages: [], hasOlder: false, mode: 'tutor', busy: false };

const posted: Posted[] = [];
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`.trim()));
// A payload that runs calls one of these or sets window.__pwned: either is an execution.
window.alert = () => void (window.__pwned = 'alert');
window.confirm = () => {
  window.__pwned = 'confirm';
  return false;
};

/** What the host answers to each request the webview sends (the reply's value). */
const replies: Record<string, unknown> = {
  'chat/sync': EMPTY_THREAD,
  'chat/approve': { done: true },
  'chat/openCitation': { opened: true },
  'chat/saveFile': { saved: true },
};

// Synchronous delivery, like a test wants it: the handler has run when deliver() returns.
const deliver = (message: ToWebviewMessage | { kind: 'reply'; id: number; ok: boolean; value?: unknown; error?: string }) =>
  window.dispatchEvent(new MessageEvent('message', { data: message }));

// Kept across reloads of the page, as VS Code keeps a webview's state across hide and show.
const STATE_KEY = '__vscodeState';
let state: unknown = JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null') ?? undefined;
const fakeHost = {
  posted,
  violations,
  /** True once the webview's first `chat/sync` has been answered and applied. */
  ready: false,
  /** Sends a host notification to the webview. */
  notify: (method: string, params: unknown) => deliver({ kind: 'notify', method, params } as ToWebviewMessage),
  /** Sends a host request (e.g. view/snapshot); the reply lands in `posted`. */
  request: (id: number, method: string, params: unknown) => deliver({ kind: 'request', id, method, params } as ToWebviewMessage),
  /** Answers computed from the request's params (set from page.evaluate), tried before `replies`; a promise is a reply given when it settles. */
  handlers: (window.__initialHandlers ?? {}) as Record<string, (params: Record<string, unknown>) => unknown>,
  /** Makes the host answer `method` with `{ ok: false }` from now on (a lost message). */
  failRequests: new Set<string>(),
  requests: (method: string) => posted.filter((m) => m.kind === 'request' && m.method === method),
  /** What the webview last saved with setState, as VS Code would persist it. */
  savedState: () => JSON.stringify(state ?? null),
};
window.__host = fakeHost;

window.acquireVsCodeApi = () => ({
  postMessage(message: unknown) {
    const m = structuredClone(message) as Posted;
    posted.push(m);
    if (m.kind !== 'request' || m.id === undefined) return;
    const id = m.id;
    const method = m.method ?? '';
    // Answered in a later task, as a real host would.
    setTimeout(() => {
      if (fakeHost.failRequests.has(method)) deliver({ kind: 'reply', id, ok: false, error: 'host unavailable' });
      else {
        const handler = fakeHost.handlers[method];
        // A handler may answer later (a promise): a test holds a reply to see the page before it.
        void Promise.resolve(handler ? handler(m.params ?? {}) : (replies[method] ?? {})).then((value) => deliver({ kind: 'reply', id, ok: true, value }));
      }
      if (method === 'chat/sync') setTimeout(() => (fakeHost.ready = true));
    });
  },
  getState: () => state,
  setState: (next: unknown) => {
    state = next;
    sessionStorage.setItem(STATE_KEY, JSON.stringify(next));
  },
});
