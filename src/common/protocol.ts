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

/** Requests the webview sends to the host: method → [params, result]. */
export type HostRequests = {
  /** Liveness check; the host answers with its version. */
  'app/ping': [{ sentAt: number }, { version: string; receivedAt: number }];
  /** The user pressed Send in the composer. */
  'chat/send': [{ text: string }, { accepted: boolean; notice?: string }];
};

/** Requests the host sends to the webview: method → [params, result]. */
export type WebviewRequests = {
  /** Liveness check in the other direction: proves the webview's script runs and answers. */
  'view/ping': [{ nonce: string }, { nonce: string; composerPresent: boolean }];
  /** What the view shows right now: the composer's draft and the transcript entries. */
  'view/snapshot': [Record<string, never>, { draft: string; entries: { kind: 'user' | 'notice'; text: string }[] }];
};

/** Notifications the webview sends to the host. */
export type HostNotifications = {
  /** The webview's script has loaded and listens. Sent once per load. */
  'view/ready': { loadedAt: number };
};

/** Notifications the host sends to the webview. */
export type WebviewNotifications = {
  /** Show a question the user asked (from "Ask Tutor") in the transcript. */
  'chat/question': { text: string };
  /** Put text into the composer so the user can edit it before sending. */
  'chat/draft': { text: string };
  /** A one-line status the user should read, with its weight. */
  'chat/notice': { text: string; level: 'info' | 'warning' | 'error' };
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

const hostRequestMethods: ReadonlySet<string> = new Set<keyof HostRequests>(['app/ping', 'chat/send']);
const hostNotificationMethods: ReadonlySet<string> = new Set<keyof HostNotifications>(['view/ready']);

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
  const p = raw.params;
  if (raw.kind === 'request' && typeof raw.id === 'number' && hostRequestMethods.has(raw.method)) {
    switch (raw.method as keyof HostRequests) {
      case 'app/ping':
        return typeof p.sentAt === 'number'
          ? { kind: 'request', id: raw.id, method: 'app/ping', params: { sentAt: p.sentAt } }
          : undefined;
      case 'chat/send':
        return typeof p.text === 'string' && p.text.length <= MAX_MESSAGE_CHARS
          ? { kind: 'request', id: raw.id, method: 'chat/send', params: { text: p.text } }
          : undefined;
    }
  }
  if (raw.kind === 'notify' && hostNotificationMethods.has(raw.method)) {
    return typeof p.loadedAt === 'number' ? { kind: 'notify', method: 'view/ready', params: { loadedAt: p.loadedAt } } : undefined;
  }
  return undefined;
}

/** The longest message a user may send in one go (characters); longer input is refused, not cut. */
export const MAX_MESSAGE_CHARS = 100_000;
