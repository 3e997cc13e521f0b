/** Text deltas are posted to the views at most this often (the view renders once per frame anyway). */
const DELTA_FLUSH_MS = 16;

/**
 * Gathers an answer's text deltas and posts them together, at most once per DELTA_FLUSH_MS; a
 * delta for another message posts what was gathered first, so the order on the page holds.
 */
export class DeltaThrottle {
  private pending: { messageId: string; text: string } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (delta: { messageId: string; text: string }) => void) {}

  queue(messageId: string, text: string): void {
    if (this.pending && this.pending.messageId !== messageId) this.flush();
    this.pending = { messageId, text: (this.pending?.text ?? '') + text };
    this.timer ??= setTimeout(() => this.flush(), DELTA_FLUSH_MS);
  }

  /** Posts what is gathered now (before anything that must follow the text on the page). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.post(pending);
  }

  /** Drops the timer; nothing more is posted. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
