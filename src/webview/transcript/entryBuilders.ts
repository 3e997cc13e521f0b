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

/**
 * Builds the entries the window waits for, nearest first, in tasks of about `budgetMs` between
 * animation frames, and calls `ready` when one is complete. Building and then laying out a
 * math-heavy answer in the same frame made tasks of 50–60 ms; apart, neither grows long.
 */
export class WindowBuilder {
  #waiting: Entry[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly budgetMs: number,
    private readonly ready: () => void,
  ) {}

  has(entry: Entry): boolean {
    return this.#waiting.includes(entry);
  }

  /** What the window waits for now; half-built entries it no longer wants are dropped. */
  wait(entries: Entry[]): void {
    for (const entry of this.#waiting) if (!entries.includes(entry) && !entry.element) entry.drop();
    this.#waiting = entries;
    if (entries.length) this.#start();
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const deadline = performance.now() + this.budgetMs;
      let done = false;
      for (const entry of this.#waiting) {
        if (entry.element) continue;
        if (performance.now() > deadline) break;
        if (entry.build(deadline)) done = true;
      }
      if (done) this.ready();
      if (this.#waiting.some((e) => !e.element)) this.#start();
    }, 0);
  }
}
