import type { Entry } from './entry';
import { EntrySizes } from './entrySizes';
import { anchorIndex, arrangeFeed, nearestFirst } from './feedLayout';
import { IdleBuilder, WindowBuilder } from './entryBuilders';

export interface VirtualListOptions {
  /** True while the view sticks to the newest message: then the list does not hold the position itself. */
  followingBottom(): boolean;
  /** The list is scrolling somewhere on purpose (find, keyboard, a restored position): stop sticking to the end. */
  unfollow(): void;
  /** After a pass that changed what is shown (for following the bottom). */
  onLayout(): void;
  /** The window reached the first loaded entries: time to ask for older ones. */
  onNearTop(): void;
}

/** Rendered beyond each edge of the viewport, so a short scroll finds its messages ready. */
const OVERSCAN_PX = 400;
/** Built entries kept out of the DOM: scrolling back to them re-attaches instead of rendering again. */
const KEEP_DETACHED = 24;
/** A building task stops after this much (give or take one Markdown block); the next task goes on. */
const BUILD_BUDGET_MS = 6;
/** Beyond the overscan, entries are built ahead in idle time (kept detached) so scrolling finds them ready. */
const PREFETCH_PX = 1_600;
/** How close (in entries) the window may come to the first loaded one before older ones are asked for. */
const NEAR_TOP_ENTRIES = 8;

/**
 * A windowed transcript: only the entries in and near the viewport are in the DOM; each run of
 * the others is one empty block as tall as they are (measured once shown, estimated before).
 * The position of what the reader is looking at stays put while entries above it render, change
 * height or are prepended, because every pass re-derives the scroll offset from the entry at the
 * top of the viewport. Entries render in passes of about half a frame each, nearest first, so
 * opening or jumping through a long thread never blocks the page for long.
 */
export class VirtualList {
  readonly #root: HTMLElement;
  readonly #header: HTMLElement;
  readonly #options: VirtualListOptions;
  #entries: Entry[] = [];
  #byKey = new Map<string, Entry>();
  readonly #sizes = new EntrySizes();
  readonly #attached = new Set<Entry>();
  /** Built entries out of the DOM, oldest first. */
  #detached: Entry[] = [];
  /** Builds what the window waits for, between frames; a pass attaches each as it is ready. */
  readonly #builder = new WindowBuilder(BUILD_BUDGET_MS, () => this.schedule());
  readonly #gaps: HTMLElement[] = [];
  readonly #resize: ResizeObserver;
  #scheduled = false;
  readonly #idleBuilder = new IdleBuilder((entry) => this.#keepDetached(entry));
  /** The entry reveal() went to, holding the place until its neighbours are built (or the reader scrolls). */
  #revealed: { key: string; offset: number } | undefined;
  /** The scroll offset the list itself last set: a scroll event elsewhere is the reader's. */
  #ownScrollTop = 0;
  /** An anchor taken before a change to the entries, for the pass after it. */
  #heldAnchor: { key: string; offset: number } | undefined;
  #painted: Array<() => void> = [];

  constructor(root: HTMLElement, header: HTMLElement, options: VirtualListOptions) {
    this.#root = root;
    this.#header = header;
    this.#options = options;
    this.#resize = new ResizeObserver((records) => {
      let changed = false;
      for (const record of records) {
        const entry = [...this.#attached].find((e) => e.element === record.target);
        if (entry && this.#sizes.measure(entry, this.#root.clientWidth)) changed = true;
      }
      if (changed) this.schedule();
    });
    root.addEventListener('scroll', () => {
      // The reader scrolled (not the list itself): what was revealed no longer holds the place.
      if (Math.abs(root.scrollTop - this.#ownScrollTop) > 1) this.#revealed = undefined;
      this.schedule();
    }, { passive: true });
    new ResizeObserver(() => this.schedule()).observe(root);
  }

  get entries(): readonly Entry[] {
    return this.#entries;
  }

  /** By key without a scan: asked on every streamed delta and tool update. */
  get(key: string): Entry | undefined {
    return this.#byKey.get(key);
  }

  indexOf(key: string): number {
    return this.#entries.findIndex((e) => e.key === key);
  }

  /**
   * Shows `entries` instead; entries kept keep their element and measured height. With
   * `keepPosition`, the entry at the top of the viewport stays where it is (the same thread again).
   */
  reset(entries: Entry[], keepPosition = false): void {
    const at = keepPosition && !this.#options.followingBottom() ? this.anchor() : undefined;
    const kept = new Set(entries);
    for (const entry of [...this.#entries, ...this.#detached]) if (!kept.has(entry)) this.#forget(entry);
    this.#detached = this.#detached.filter((e) => kept.has(e));
    this.#entries = entries;
    this.#byKey = new Map(entries.map((e) => [e.key, e]));
    // The same thread again: the anchor holds the place, or following keeps the end (a reset to
    // the top here left a view opened twice in quick succession at its first loaded message).
    if (!keepPosition) this.#root.scrollTop = 0;
    else if (at && entries.some((e) => e.key === at.key)) this.#heldAnchor = at;
    this.schedule();
  }

  /** Adds older entries above the first; the reader's position does not move. */
  prepend(entries: Entry[]): void {
    // Taken before the entries change: the next pass puts this entry back where it is now.
    if (!this.#options.followingBottom()) this.#heldAnchor ??= this.anchor();
    this.#entries = [...entries, ...this.#entries];
    for (const entry of entries) this.#byKey.set(entry.key, entry);
    this.schedule();
  }

  append(entry: Entry): void {
    this.#entries.push(entry);
    this.#byKey.set(entry.key, entry);
    this.schedule();
  }

  /** Something changed inside an entry or in which entries must stay (pinned). */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    requestAnimationFrame(() => this.#pass());
  }

  /** Resolves after the next pass that left nothing waiting to be built in the window. */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      this.#painted.push(resolve);
      this.schedule();
    });
  }

  /**
   * Scrolls so that the entry is in view (its top at the top of the viewport with `start`, in the
   * middle with `center`) and builds it now; resolves with its element once it is in place.
   */
  async reveal(key: string, align: 'start' | 'center' | 'end' = 'start', offset = 0): Promise<HTMLElement | undefined> {
    const index = this.indexOf(key);
    if (index === -1) return undefined;
    // Going somewhere else: the position held for a prepend no longer matters, nor the end.
    this.#heldAnchor = undefined;
    this.#options.unfollow();
    // Twice: the first pass builds the entry, which corrects its height. Its neighbours are built
    // after, between frames; until then the entry, not the one at the top, holds the place.
    for (let i = 0; i < 2; i++) {
      const { offsets } = this.#layout();
      const view = this.#root.clientHeight;
      const height = offsets[index + 1]! - offsets[index]!;
      const top = align === 'start' ? offsets[index]! - offset : align === 'end' ? offsets[index + 1]! - view : offsets[index]! - Math.max(0, (view - height) / 2);
      this.#root.scrollTop = this.#ownScrollTop = Math.max(0, top);
      this.#revealed = { key, offset: offsets[index]! - this.#root.scrollTop };
      this.#pass(index);
    }
    return this.#entries[index]?.element;
  }

  /** The entry at the top of the viewport and where it starts relative to it (≤ 0 when it starts above). */
  anchor(): { key: string; offset: number } | undefined {
    const { offsets } = this.#layout();
    const top = this.#root.scrollTop;
    const index = this.#anchorAt(offsets, top, this.#root.clientHeight);
    const entry = this.#entries[index];
    return entry ? { key: entry.key, offset: offsets[index]! - top } : undefined;
  }

  #anchorAt(offsets: number[], top: number, view: number): number {
    return anchorIndex(offsets, top, view, (i) => this.#sizes.of(this.#entries[i]!, this.#root.clientWidth).measured);
  }

  #layout(): { heights: number[]; offsets: number[] } {
    const width = this.#root.clientWidth;
    const heights = this.#entries.map((e) => this.#sizes.of(e, width).height);
    const offsets = [this.#base()];
    for (let i = 0; i < heights.length; i++) offsets.push(offsets[i]! + heights[i]!);
    return { heights, offsets };
  }

  /** Where the first entry starts in the scrolled content: below the padding and the header (the root is their offsetParent). */
  #base(): number {
    return this.#header.offsetTop + this.#header.offsetHeight;
  }

  #pass(mustBuild = -1): void {
    this.#scheduled = false;
    const root = this.#root;
    const { offsets } = this.#layout();
    const view = root.clientHeight;
    const n = this.#entries.length;
    const following = this.#options.followingBottom();
    const held = this.#heldAnchor ?? this.#revealed;
    this.#heldAnchor = undefined;
    const heldIndex = held && !following ? this.indexOf(held.key) : -1;
    // Following: the window is the end. Holding an anchor: where the scroll is about to go. The
    // DOM is not updated yet, so the scroll offset it allows now may not be that place.
    const top = following ? Math.max(0, offsets[n]! - view) : heldIndex !== -1 ? Math.max(0, offsets[heldIndex]! - held!.offset) : root.scrollTop;

    // The entry at the top of the viewport, and how far above the viewport's top it starts.
    let anchor = -1;
    let anchorDelta = 0;
    if (heldIndex !== -1) {
      anchor = heldIndex;
      anchorDelta = held!.offset;
    } else if (!following) {
      anchor = this.#anchorAt(offsets, top, view);
      if (anchor !== -1) anchorDelta = offsets[anchor]! - top;
    }

    // Nearest first: the viewport's entries, then the overscan, closest to the viewport first.
    const wanted = nearestFirst(offsets, top, top + view, OVERSCAN_PX);

    // Entries not built yet are built in a task of their own (#buildSoon) and attached by a later
    // pass: building and then laying out a math-heavy answer in one frame made tasks of 50–60 ms.
    const shown = new Set<Entry>();
    const building: Entry[] = [];
    for (const i of wanted) {
      const entry = this.#entries[i]!;
      if (entry.element || (i === mustBuild && entry.build())) shown.add(entry);
      else building.push(entry);
    }
    for (const entry of this.#entries) if (entry.pinned() && entry.build()) shown.add(entry);
    const target = this.#entries[mustBuild];
    if (target?.build()) shown.add(target);
    this.#builder.wait(building);
    const waiting = building.length > 0;

    const added = this.#place(shown);
    let resized = false;
    for (const entry of added) if (this.#sizes.measure(entry, this.#root.clientWidth)) resized = true;

    if (anchor !== -1 && (resized || added.length || held)) {
      const { offsets: after } = this.#layout();
      const target = after[anchor]! - anchorDelta;
      if (Math.abs(root.scrollTop - target) >= 1) root.scrollTop = target;
    }
    this.#ownScrollTop = root.scrollTop;
    this.#options.onLayout();
    if (!waiting) {
      this.#revealed = undefined;
      for (const resolve of this.#painted.splice(0)) resolve();
      this.#prefetch();
    }
    if (wanted.some((i) => i < NEAR_TOP_ENTRIES)) this.#options.onNearTop();
  }

  /** Beyond the window, nearest first: what the idle builder works on (kept detached once built). */
  #prefetch(): void {
    this.#idleBuilder.start(() => {
      const { offsets } = this.#layout();
      const top = this.#root.scrollTop;
      const near = nearestFirst(offsets, top, top + this.#root.clientHeight, OVERSCAN_PX + PREFETCH_PX);
      return near.map((i) => this.#entries[i]!).filter((e) => !e.element && !this.#builder.has(e)).slice(0, KEEP_DETACHED / 2);
    });
  }

  #keepDetached(entry: Entry): void {
    if (this.#attached.has(entry) || this.#detached.includes(entry)) return;
    this.#detached.push(entry);
    while (this.#detached.length > KEEP_DETACHED) this.#detached.shift()!.drop();
  }

  /** Puts the header, the shown entries and one gap per run of the others into the DOM; returns the entries newly attached. */
  #place(shown: Set<Entry>): Entry[] {
    const width = this.#root.clientWidth;
    arrangeFeed(this.#root, this.#header, this.#entries, shown, (entry) => this.#sizes.of(entry, width).height, this.#gaps);

    const added: Entry[] = [];
    for (const entry of shown) {
      if (this.#attached.has(entry)) continue;
      this.#attached.add(entry);
      this.#detached = this.#detached.filter((e) => e !== entry);
      this.#resize.observe(entry.element!);
      added.push(entry);
    }
    for (const entry of [...this.#attached]) {
      if (shown.has(entry)) continue;
      this.#attached.delete(entry);
      if (entry.element) {
        this.#resize.unobserve(entry.element);
        this.#keepDetached(entry);
      }
    }
    return added;
  }

  #forget(entry: Entry): void {
    if (entry.element) this.#resize.unobserve(entry.element);
    this.#attached.delete(entry);
    entry.element?.remove();
    entry.drop();
  }
}

