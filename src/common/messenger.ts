import type { ReplyEnvelope, ReplyMessage } from './protocol';

type RequestMap = Record<string, [unknown, unknown]>;
type Handler<M extends RequestMap> = { [K in keyof M]: (params: M[K][0]) => Promise<M[K][1]> | M[K][1] };

/**
 * One side of the webview ↔ host conversation: sends typed requests and matches their replies,
 * answers the other side's requests with handlers, and turns thrown errors into `{ ok: false }`
 * envelopes so a failing handler never leaves the caller waiting.
 *
 * @example
 *   const peer = new Messenger<HostRequests, WebviewRequests>(msg => vscodeApi.postMessage(msg), handlers);
 *   window.addEventListener('message', e => peer.receive(e.data));
 *   const pong = await peer.request('app/ping', { sentAt: Date.now() });
 */
export class Messenger<Out extends RequestMap, In extends RequestMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ReplyEnvelope<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly post: (message: unknown) => void,
    private readonly handlers: Handler<In>,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Sends a request; resolves with the reply envelope, or `{ ok: false }` after the timeout. */
  request<K extends keyof Out & string>(method: K, params: Out[K][0]): Promise<ReplyEnvelope<Out[K][1]>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: `No reply to ${method} within ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (r: ReplyEnvelope<unknown>) => void, timer });
      this.post({ kind: 'request', id, method, params });
    });
  }

  /** Feeds a reply from the other side to whoever is waiting for it. */
  settle(reply: ReplyMessage): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(reply.id);
    waiting.resolve(reply.ok ? { ok: true, value: reply.value } : { ok: false, error: reply.error });
  }

  /** Runs the handler for a validated request from the other side and posts its reply. */
  async answer<K extends keyof In & string>(id: number, method: K, params: In[K][0]): Promise<void> {
    let reply: ReplyMessage;
    try {
      const value = await this.handlers[method](params);
      reply = { kind: 'reply', id, ok: true, value };
    } catch (err) {
      reply = { kind: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    this.post(reply);
  }

  /** Fails every request still waiting, for example when the view is hidden or disposed. */
  failPending(reason: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({ ok: false, error: reason });
      this.pending.delete(id);
    }
  }
}
