// The bench's probe inside the chat webview's document (bench/longConversation.bench.ts): long
// tasks (PerformanceObserver 'longtask'), the view's `tutor:view-painted` marks, frame times
// (requestAnimationFrame deltas), keystroke-to-next-frame latencies, the DOM's size and the heap.
// Every time it hands out is epoch ms (performance.timeOrigin + a timestamp), so it can be set
// against the workbench's clock.
import type { Frame } from 'playwright-core';

declare global {
  interface Window { __tutorBench: ProbeApi }
}

export type ProbeApi = ReturnType<typeof makeProbe>;

/** Runs inside the webview (serialised by Playwright): no imports, no closures over the bench. */
function makeProbe() {
  const epoch = (t: number) => performance.timeOrigin + t;
  const now = () => epoch(performance.now());
  // `attribution`: 'self' is this document's own work; the workbench's tasks (code-server serves
  // the webview from its own origin, so they may share a thread) come as '…-ancestor'.
  const longTasks: { start: number; duration: number; attribution: string }[] = [];
  const marks: { at: number; detail: unknown }[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: epoch(e.startTime), duration: e.duration, attribution: e.name });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'tutor:view-painted') marks.push({ at: epoch(e.startTime), detail: (e as PerformanceMark).detail });
  }).observe({ type: 'mark', buffered: true });
  const scroller = () => document.getElementById('transcript')!;
  const tasksSince = (from: number, to = now()) => longTasks.filter((t) => t.start + t.duration >= from && t.start <= to);
  /** The long tasks of a window: this document's ('self') apart from all of them. */
  const taskFigures = (from: number) => {
    const all = tasksSince(from);
    const own = all.filter((t) => t.attribution === 'self');
    const others = [...new Set(all.filter((t) => t.attribution !== 'self').map((t) => t.attribution))];
    return {
      longTasks: own.length,
      longestTaskMs: Math.max(0, ...own.map((t) => t.duration)),
      longTaskTotalMs: own.reduce((s, t) => s + t.duration, 0),
      allLongTasks: all.length,
      allLongestTaskMs: Math.max(0, ...all.map((t) => t.duration)),
      otherAttributions: others,
    };
  };
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const pct = (xs: number[], p: number) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0);

  let open: { armedAt: number; lastQuestion: string; lastShownAt?: number } | undefined;
  let frames: { from: number; stamps: number[]; moved: number; lastTop: number; running: boolean } | undefined;
  let keys: { latencies: number[]; eventTiming: number[]; onKey: (e: KeyboardEvent) => void; observer: PerformanceObserver } | undefined;

  return {
    /** Before Enter in Switch Conversation: watch for the mark, and for the old view's last question on screen. */
    armOpen(lastQuestion: string) {
      open = { armedAt: now(), lastQuestion };
      const state = open;
      const poll = () => {
        if (open !== state) return;
        const users = document.querySelectorAll('.entry.user');
        if (users[users.length - 1]?.textContent?.includes(lastQuestion)) state.lastShownAt = now();
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    },
    openDone(): boolean {
      return !!open && (open.lastShownAt !== undefined || marks.some((m) => m.at >= open!.armedAt));
    },
    /**
     * switch → painted: the mark when the view makes one, else the first frame that showed the last
     * question (a view before #15 has no mark). Long tasks from the Enter to now (opening renders on
     * after the mark; the bench waited a while).
     */
    openResult(enterAt: number) {
      const mark = marks.find((m) => m.at >= open!.armedAt);
      const painted = mark?.at ?? open!.lastShownAt;
      return {
        switchToPaintedMs: painted === undefined ? null : painted - enterAt,
        paintedBy: mark ? 'tutor:view-painted' : 'first frame showing the last question',
        markDetail: mark?.detail ?? null,
        lastQuestionShownMs: open!.lastShownAt === undefined ? null : open!.lastShownAt - enterAt,
        ...taskFigures(enterAt),
      };
    },
    domSize() {
      return {
        elements: document.getElementsByTagName('*').length,
        katex: document.querySelectorAll('.katex').length,
        articles: document.querySelectorAll('#transcript .entry.user, #transcript .entry.assistant').length,
      };
    },
    /**
     * Each keydown: its Event Timing entry (the event's timestamp to the next paint after its
     * handlers, in 8 ms steps; reported from 16 ms up), and, to compare, the event's timestamp to a
     * message posted from the next frame's rAF, which runs after that frame's style, layout and paint.
     */
    startKeys() {
      const latencies: number[] = [];
      const eventTiming: number[] = [];
      const onKey = (e: KeyboardEvent) => {
        const t0 = e.timeStamp;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => latencies.push(performance.now() - t0);
          channel.port2.postMessage(0);
        });
      };
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === 'keydown') eventTiming.push(e.duration);
      });
      observer.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
      document.addEventListener('keydown', onKey, true);
      keys = { latencies, eventTiming, onKey, observer };
    },
    stopKeys() {
      const k = keys!;
      document.removeEventListener('keydown', k.onKey, true);
      k.observer.disconnect();
      keys = undefined;
      return { latencies: k.latencies, eventTiming: k.eventTiming };
    },
    /** rAF timestamps (and how far the transcript moved) until stopFrames(). */
    startFrames() {
      const f = { from: now(), stamps: [] as number[], moved: 0, lastTop: scroller().scrollTop, running: true };
      frames = f;
      const tick = (t: number) => {
        if (!f.running) return;
        f.stamps.push(t);
        const top = scroller().scrollTop;
        f.moved += Math.abs(top - f.lastTop);
        f.lastTop = top;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      const f = frames!;
      f.running = false;
      frames = undefined;
      const deltas = f.stamps.slice(1).map((t, i) => t - f.stamps[i]!);
      return {
        frames: f.stamps.length,
        frameP50: pct(deltas, 50),
        frameP95: pct(deltas, 95),
        frameMax: Math.max(0, ...deltas),
        movedPx: Math.round(f.moved),
        ...taskFigures(f.from),
      };
    },
    /**
     * The first message is on screen: the thread is loaded to its start (the view's "Beginning of
     * the conversation" is in the DOM) and the first message intersects the transcript's box; a
     * view before #15 (no mark, every message in the DOM) when it is scrolled to 0.
     */
    atTop(): boolean {
      const s = scroller();
      if (!document.querySelector('.transcript-start')) return !marks.length && s.scrollTop <= 1;
      const first = s.querySelector('article.entry')?.getBoundingClientRect();
      const box = s.getBoundingClientRect();
      return !!first && first.bottom > box.top && first.top < box.bottom;
    },
    /** Whether the keys go to the transcript (a message or the feed has the focus). */
    focusInTranscript(): boolean {
      return !!document.activeElement?.closest('#transcript');
    },
    /** The last message is on screen: the last answer in the DOM is `lastAnswer` (its opening words) and intersects the transcript's box. */
    atBottom(lastAnswer: string): boolean {
      const s = scroller();
      const answers = s.querySelectorAll('.entry.assistant');
      const last = answers[answers.length - 1];
      if (!last?.textContent?.includes(lastAnswer)) return false;
      const r = last.getBoundingClientRect();
      const box = s.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom;
    },
  };
}

/** Installs the probe in the webview's document once (its observers see long tasks from then on). */
export async function installProbe(doc: Frame): Promise<void> {
  // tsx compiles with esbuild's keepNames, which wraps named functions in a `__name(…)` helper
  // that a serialised function finds missing in the page.
  await doc.evaluate('window.__name = window.__name || ((f) => f)');
  await doc.evaluate((source) => {
    if (!window.__tutorBench) window.__tutorBench = (0, eval)(`(${source})`)();
  }, makeProbe.toString());
}
