import type { Entry } from './entry';

/**
 * Builds entries while the page is idle (requestIdleCallback), a slice of each idle period at a
 * time, so a reader scrolling on finds them ready to attach instead of rendering them then.
 * At most one entry is left half-built between idle periods; when it is no longer next in line
 * it is dropped rather than kept half-made.
 */
export class IdleBuilder {
  #idle: number | undefined;
  #unfinished: Entry | undefined;

  constructor(private readonly built: (entry: Entry) => void) {}

  /** Works through `candidates()` (asked again in each idle period) until none is left. */
  start(candidates: () => Entry[]): void {
    if (this.#idle !== undefined) return;
    this.#idle = requestIdleCallback((idle) => {
      this.#idle = undefined;
      for (const entry of candidates()) {
        if (idle.timeRemaining() < 2) return this.start(candidates);
        if (this.#unfinished !== entry && !this.#unfinished?.element) this.#unfinished?.drop();
        this.#unfinished = entry;
        if (!entry.build(performance.now() + idle.timeRemaining() - 1)) return this.start(candidates);
        this.built(entry);
      }
    });
  }
}
