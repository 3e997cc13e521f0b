/**
 * The one typed message map between the chat webview and the extension host.
 *
 * Both directions are listed here so neither side can send a message the other does not know.
 * Requests carry an id and get exactly one reply envelope; notifications are fire-and-forget.
 *
 * @example
 *   // webview → host
 *   const reply = await host.request('app/ping', { sentAt: Date.now() });
 *   if (reply.ok) console.log(reply.value.version);
 */

/** How Tutor answers: hints first, or a worked solution. */
export type ChatMode = 'tutor' | 'solve';

/** What an error notice offers to do about it. */
export type ErrorAction = 'setApiKey' | 'chooseProvider' | 'openSettings' | 'selectModel' | 'retry';

/** A status line in the transcript: what happened, and the buttons that fix it. */
export interface ChatNotice {
  text: string;
  level: 'info' | 'warning' | 'error';
  action?: ErrorAction;
  /** A second way out, shown after `action` (a missing key: set one, or choose a provider that needs none). */
  secondaryAction?: ErrorAction;
}

/** A tool call as the transcript shows it inline. */
export interface ToolCallView {
  id: string;
  kind: 'function' | 'code_interpreter' | 'file_search';
  name: string;
  arguments: string;
  output?: string;
  status: 'running' | 'waiting' | 'done' | 'failed' | 'cancelled';
  durationMs?: number;
  /** Code interpreter: what the code printed (stdout, stderr, the traceback). */
  logs?: string;
  /** Code interpreter: images the code wrote, as `data:image/png;base64,…` the host fetched. */
  images?: { fileId: string; src: string }[];
  /** File search: the passages found, best first. */
  results?: { fileName: string; score: number }[];
  /** A side effect waiting for the user: the webview shows Approve / Deny / Always allow. */
  approval?: {
    state: 'pending' | 'approved' | 'denied';
    preview: string;
    /** Where the side effect lands, fixed before asking: "Inserts at line 3, column 9 of notes.md." */
    target?: string;
  };
  /** verify_math: the check passed (shows a "verified" badge) or failed. */
  verified?: boolean;
}

/** A `file_citation` in an answer: the marker text it replaces and the file it points at. */
export interface CitationView {
  /** 1-based number shown in the answer. */
  n: number;
  /** The exact text in the message that the annotation covers (e.g. 【4:0†notes.md】). */
  marker: string;
  fileName: string;
}

/** A file the code interpreter wrote, linked from the answer (`sandbox:/mnt/data/…`). */
export interface FileLinkView {
  /** The text in the message that the annotation covers. */
  marker: string;
  fileId: string;
  fileName: string;
}

/** One message of the transcript. */
export interface TranscriptMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  status: 'complete' | 'streaming' | 'incomplete';
  /** Unix milliseconds. */
  createdAt: number;
  toolCalls?: ToolCallView[];
  citations?: CitationView[];
  files?: FileLinkView[];
}

/**
 * What the view shows for the current thread, sent on load, switch and reload. A long thread
 * comes as its newest page only (`hasOlder`): the first paint must not wait for hundreds of
 * messages to cross the webview boundary, and the view asks for older pages as the reader
 * scrolls up (`chat/older`).
 */
export interface ThreadView {
  threadId: string | null;
  title: string;
  /** The newest messages, oldest first. */
  messages: TranscriptMessage[];
  /** The thread has messages before `messages[0]`. */
  hasOlder: boolean;
  mode: ChatMode;
  busy: boolean;
  /**
   * Why the last answer failed or stopped, until the next question. Part of the view because a
   * sync replaces the transcript: a notice sent before the page had loaded (a quick failure on the
   * first question of a window) was wiped by it and never seen (test/integration/faults.test.ts).
   */
  notice?: ChatNotice;
  /**
   * Tool calls of the running answer that no message holds yet (made before any answer text). A
   * page that syncs while one runs (a view opened or reloaded mid-answer) would otherwise never show
   * it: its last update may already have been sent, and the message that takes it in only later.
   */
  pendingCalls?: ToolCallView[];
}

/** Requests the webview sends to the host: method → [params, result]. */
export type HostRequests = {
  /** Liveness check; the host answers with its version. */
  'app/ping': [{ sentAt: number }, { version: string; receivedAt: number }];
  /** The current thread (its newest page): the view asks on every load (hide/show, reload). */
  'chat/sync': [Record<string, never>, ThreadView];
  /**
   * Older messages of `threadId`: the `limit` messages before `before` (the oldest the view has),
   * or with `through`, every message back to and including that one (find, Ctrl+Home, a restored
   * scroll position). Oldest first. Refused when `threadId` is no longer the current thread.
   */
  'chat/older': [{ threadId: string; before: string; limit?: number; through?: string }, { messages: TranscriptMessage[]; hasOlder: boolean }];
  /**
   * Which messages of the whole current thread contain `query` (case-insensitive, in the text as
   * written), oldest first: the view's find searches the thread, not the part it has rendered.
   */
  'chat/find': [{ query: string }, { threadId: string | null; messageIds: string[] }];
  /**
   * The user pressed Send in the composer. The view does not show the question itself: the host's
   * `chat/question` does, in every open view, once. A refused question comes back as `chat/draft`.
   */
  'chat/send': [{ text: string }, { accepted: boolean; notice?: string }];
  /** The user pressed Stop (or Esc): cancel the run and end the stream. */
  'chat/stop': [Record<string, never>, { stopped: boolean }];
  /** Ask the last question again. */
  'chat/retry': [Record<string, never>, { accepted: boolean }];
  'chat/setMode': [{ mode: ChatMode }, { mode: ChatMode }];
  /** The user clicked the action on an error notice. */
  'chat/action': [{ action: ErrorAction }, { done: boolean }];
  /** Copy or Insert at Cursor on a code block. */
  'chat/code': [{ action: 'copy' | 'insert'; code: string; language: string }, { done: boolean }];
  /** A link in an answer; the host opens it only through VS Code's own confirmation. */
  'chat/openLink': [{ href: string }, { opened: boolean }];
  /** The user answered a side effect's approval card. */
  'chat/approve': [{ callId: string; decision: 'approve' | 'deny' | 'always' }, { done: boolean }];
  /** A citation chip was clicked: open the cited file at the passage. */
  'chat/openCitation': [{ messageId: string; n: number }, { opened: boolean }];
  /** A generated file's link was clicked: save it where the user chooses. */
  'chat/saveFile': [{ fileId: string }, { saved: boolean }];
};

/** Requests the host sends to the webview: method → [params, result]. */
export type WebviewRequests = {
  /** Liveness check in the other direction: proves the webview's script runs and answers. */
  'view/ping': [{ nonce: string }, { nonce: string; composerPresent: boolean }];
  /** What the view shows right now: the composer's draft and the transcript entries. */
  'view/snapshot': [Record<string, never>, { draft: string; entries: { kind: 'user' | 'assistant' | 'notice'; text: string }[] }];
};

/** Notifications the webview sends to the host. */
export type HostNotifications = {
  /** The webview's script has loaded and listens. Sent once per load. */
  'view/ready': { loadedAt: number };
};

/** Notifications the host sends to the webview. */
export type WebviewNotifications = {
  /** Replace the whole transcript (thread switched, or the host's state is newer). */
  'chat/reset': ThreadView;
  /** A user message was added (from the composer, Ask Tutor or Send Selection). */
  'chat/question': { text: string; id?: string };
  /** Put text into the composer so the user can edit it before sending. */
  'chat/draft': {
    text: string;
    /** Only into an empty box (a refused question coming back must not replace a draft typed in another view). */
    ifEmpty?: boolean;
  };
  /** A status line the user should read, with what to do about it. */
  'chat/notice': ChatNotice;
  /** An assistant message starts streaming. */
  'chat/assistantStart': { messageId: string };
  /** New text for the streaming message (only the new piece). */
  'chat/delta': { messageId: string; text: string };
  'chat/assistantEnd': { messageId: string; status: 'complete' | 'incomplete' };
  /** A tool call appeared or changed (matched by id). */
  'chat/toolCall': { messageId?: string; call: ToolCallView };
  /** A finished answer's annotations: the view turns their markers into chips and links. */
  'chat/annotations': { messageId: string; citations: CitationView[]; files: FileLinkView[] };
  /** A run started or ended: the Stop button shows while busy. */
  'chat/busy': { busy: boolean };
  'chat/mode': { mode: ChatMode };
  /** The thread got its title (from the first question). */
  'chat/title': { title: string };
  /** Move keyboard focus to the composer ("Tutor: Focus Input"). */
  'chat/focus': Record<string, never>;
};

export type ReplyEnvelope<T> = { ok: true; value: T } | { ok: false; error: string };

export type RequestMessage<M extends Record<string, [unknown, unknown]>, K extends keyof M = keyof M> = {
  kind: 'request';
  id: number;
  method: K;
  params: M[K][0];
};

export type ReplyMessage = { kind: 'reply'; id: number } & ReplyEnvelope<unknown>;

export type NotificationMessage<M extends Record<string, unknown>, K extends keyof M = keyof M> = {
  kind: 'notify';
  method: K;
  params: M[K];
};

/** Everything the webview may post to the host. */
export type ToHostMessage = RequestMessage<HostRequests> | NotificationMessage<HostNotifications> | ReplyMessage;
/** Everything the host may post to the webview. */
export type ToWebviewMessage =
  | RequestMessage<WebviewRequests>
  | NotificationMessage<WebviewNotifications>
  | ReplyMessage;

const MODES: readonly string[] = ['tutor', 'solve'] satisfies ChatMode[];
const ACTIONS: readonly string[] = ['setApiKey', 'chooseProvider', 'openSettings', 'selectModel', 'retry'] satisfies ErrorAction[];
const empty = () => ({}) as Record<string, never>;

/** Per request: turns untrusted params into typed ones, or undefined when they do not fit. */
const hostRequestParsers: { [K in keyof HostRequests]: (p: Record<string, unknown>) => HostRequests[K][0] | undefined } = {
  'app/ping': (p) => (typeof p.sentAt === 'number' ? { sentAt: p.sentAt } : undefined),
  'chat/sync': empty,
  'chat/older': (p) =>
    isId(p.threadId) && isId(p.before) && (p.limit === undefined || (Number.isInteger(p.limit) && (p.limit as number) > 0 && (p.limit as number) <= MAX_OLDER_PAGE)) && (p.through === undefined || isId(p.through))
      ? { threadId: p.threadId, before: p.before, ...(p.limit === undefined ? {} : { limit: p.limit as number }), ...(p.through === undefined ? {} : { through: p.through }) }
      : undefined,
  'chat/find': (p) => (typeof p.query === 'string' && p.query.length > 0 && p.query.length <= 1_000 ? { query: p.query } : undefined),
  'chat/send': (p) => (typeof p.text === 'string' && p.text.length <= MAX_MESSAGE_CHARS ? { text: p.text } : undefined),
  'chat/stop': empty,
  'chat/retry': empty,
  'chat/setMode': (p) => (typeof p.mode === 'string' && MODES.includes(p.mode) ? { mode: p.mode as ChatMode } : undefined),
  'chat/action': (p) => (typeof p.action === 'string' && ACTIONS.includes(p.action) ? { action: p.action as ErrorAction } : undefined),
  'chat/code': (p) =>
    (p.action === 'copy' || p.action === 'insert') && typeof p.code === 'string' && p.code.length <= MAX_MESSAGE_CHARS && typeof p.language === 'string'
      ? { action: p.action, code: p.code, language: p.language.slice(0, 64) }
      : undefined,
  'chat/openLink': (p) => (typeof p.href === 'string' && p.href.length <= 4096 ? { href: p.href } : undefined),
  'chat/approve': (p) =>
    typeof p.callId === 'string' && p.callId.length <= 128 && (p.decision === 'approve' || p.decision === 'deny' || p.decision === 'always')
      ? { callId: p.callId, decision: p.decision }
      : undefined,
  'chat/openCitation': (p) =>
    typeof p.messageId === 'string' && p.messageId.length <= 128 && Number.isInteger(p.n) && (p.n as number) > 0 ? { messageId: p.messageId, n: p.n as number } : undefined,
  'chat/saveFile': (p) => (typeof p.fileId === 'string' && /^file-[A-Za-z0-9_-]{1,120}$/.test(p.fileId) ? { fileId: p.fileId } : undefined),
};

/** A thread or message id as the runtime makes them (and nothing a path or a query could abuse). */
function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a message that arrived from the webview. The webview runs model output, so the host
 * treats everything it posts as untrusted: this is the one check at the edge, and code behind it
 * relies on the types.
 */
export function parseToHostMessage(raw: unknown): ToHostMessage | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.kind === 'reply') {
    if (typeof raw.id !== 'number') return undefined;
    if (raw.ok === true) return { kind: 'reply', id: raw.id, ok: true, value: raw.value };
    if (raw.ok === false && typeof raw.error === 'string') return { kind: 'reply', id: raw.id, ok: false, error: raw.error };
    return undefined;
  }
  if (typeof raw.method !== 'string' || !isRecord(raw.params)) return undefined;
  if (raw.kind === 'request' && typeof raw.id === 'number' && Object.hasOwn(hostRequestParsers, raw.method)) {
    const method = raw.method as keyof HostRequests;
    const params = hostRequestParsers[method](raw.params);
    return params === undefined ? undefined : ({ kind: 'request', id: raw.id, method, params } as ToHostMessage);
  }
  if (raw.kind === 'notify' && raw.method === 'view/ready') {
    return typeof raw.params.loadedAt === 'number' ? { kind: 'notify', method: 'view/ready', params: { loadedAt: raw.params.loadedAt } } : undefined;
  }
  return undefined;
}

/** The most messages one `chat/older` page may ask for (without `through`). */
export const MAX_OLDER_PAGE = 200;

/** The longest message a user may send in one go (characters); longer input is refused, not cut. */
export const MAX_MESSAGE_CHARS = 100_000;
