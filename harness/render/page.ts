// Browser entry of the renderer test page (bundled by testPage.ts): the real renderer, plus small
// helpers the tests and the bench call through page.evaluate. Timing happens here, in the page,
// with performance.now(); nothing of the renderer is replaced.
import katexPlugin from '@vscode/markdown-it-katex';
import DOMPurify from 'dompurify';
import katex from 'katex';
import markdownIt from 'markdown-it';
import { handleMessageEvents, renderMarkdown, StreamingMessageView } from '../../src/webview/render';
import { allowedDeclarations } from '../../src/webview/render/inlineStyles';
import { deltasOf } from './streamCorpus';

declare global {
  interface Window {
    __pwned?: unknown;
    tutor: typeof api;
  }
}

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`.trim());
});
// Payloads in the XSS corpus call one of these; any call is an execution.
window.alert = () => {
  window.__pwned = 'alert';
};
window.confirm = () => {
  window.__pwned = 'confirm';
  return false;
};

const longTasks: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

type RecordedEvent = { kind: 'link'; href: string } | { kind: 'copy' | 'insert'; code: string; language: string };

interface Mounted {
  view: StreamingMessageView;
  element: HTMLElement;
  queue: Array<() => void>;
  scheduled: number;
  renders: number;
  renderMs: number[];
  renderAt: number[];
  snapshot?: { nodes: Node[]; parents: Array<Node | null>; mutations: number; observer: MutationObserver };
}

const mounted: Mounted[] = [];
let onceCount = 0;
const events: RecordedEvent[] = [];
const messages = () => document.getElementById('messages')!;
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Schedule = 'raf' | 'manual' | 'sync';

function mount(schedule: Schedule = 'raf'): number {
  const element = document.createElement('div');
  element.className = 'message';
  element.dataset.id = String(mounted.length);
  messages().append(element);
  const m = { element, queue: [], scheduled: 0, renders: 0, renderMs: [], renderAt: [] } as unknown as Mounted;
  // Render time = time inside the callback the view handed to `schedule`.
  const timed = (render: () => void) => () => {
    const t0 = performance.now();
    render();
    m.renderAt.push(t0);
    m.renderMs.push(performance.now() - t0);
  };
  m.view = new StreamingMessageView(element, {
    schedule: (render) => {
      m.scheduled++;
      if (schedule === 'raf') requestAnimationFrame(timed(render));
      else if (schedule === 'sync') timed(render)();
      else m.queue.push(timed(render));
    },
    onRender: () => m.renders++,
    onLink: (href) => events.push({ kind: 'link', href }),
    onCodeAction: (action, code, language) => events.push({ kind: action, code, language }),
  });
  mounted.push(m);
  return mounted.length - 1;
}

const get = (id: number) => mounted[id]!;

function runQueued(id: number): number {
  const m = get(id);
  const queue = m.queue.splice(0);
  for (const run of queue) run();
  return queue.length;
}

/** What a reader sees of a message: text outside KaTeX and code, KaTeX and code counted apart. */
function inspect(root: Element) {
  let plain = '';
  let code = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement!;
    if (parent.closest('.katex')) continue;
    if (parent.closest('code')) code += node.textContent;
    else if (!parent.closest('.code-block-toolbar')) plain += node.textContent;
  }
  return {
    plain,
    code,
    katex: root.querySelectorAll('.katex').length,
    display: root.querySelectorAll('.katex-display').length,
    errors: root.querySelectorAll('.katex-error').length,
    mathml: root.querySelectorAll('.katex math').length,
    annotations: Array.from(root.querySelectorAll('.katex annotation'), (a) => a.textContent ?? ''),
    // The HTML half of KaTeX output, as laid out for the eye.
    katexHtml: Array.from(root.querySelectorAll('.katex-html'), (k) => k.textContent ?? '').join(' '),
    html: root.innerHTML,
  };
}

/** Streams `text` with a render after every delta; reports each intermediate state. */
function streamAndInspect(text: string, seed = 1, min = 3, max = 6) {
  const id = mount('manual');
  const m = get(id);
  const states: Array<{ prefix: string; katex: number; errors: number; plain: string }> = [];
  let prefix = '';
  for (const delta of deltasOf(text, seed, min, max)) {
    m.view.append(delta);
    prefix += delta;
    runQueued(id);
    const s = inspect(m.element);
    states.push({ prefix, katex: s.katex, errors: s.errors, plain: s.plain });
  }
  m.view.finish();
  const final = inspect(m.element);
  const once = mount('manual');
  get(once).view.setText(text);
  return { id, states, final, sameAsSetText: get(once).element.innerHTML === m.element.innerHTML };
}

function snapshotCompletedBlocks(id: number): number {
  const m = get(id);
  const blocks = Array.from(m.element.querySelectorAll(':scope > .md-block:not(.md-block-open)'));
  const nodes: Node[] = [];
  for (const block of blocks) {
    const walker = document.createTreeWalker(block);
    for (let node: Node | null = block; node; node = walker.nextNode()) nodes.push(node);
  }
  const snapshot = { nodes, parents: nodes.map((n) => n.parentNode), mutations: 0, observer: new MutationObserver((records) => (snapshot.mutations += records.length)) };
  for (const block of blocks) snapshot.observer.observe(block, { subtree: true, childList: true, attributes: true, characterData: true });
  m.snapshot = snapshot;
  return blocks.length;
}

function checkSnapshot(id: number) {
  const s = get(id).snapshot!;
  s.mutations += s.observer.takeRecords().length;
  return {
    nodes: s.nodes.length,
    detached: s.nodes.filter((n) => !n.isConnected).length,
    moved: s.nodes.filter((n, i) => n.parentNode !== s.parents[i]).length,
    mutations: s.mutations,
  };
}

/** KaTeX style declarations our CSSOM allowlist would drop (should be none). */
function droppedKatexStyles(texs: string[]): string[] {
  const dropped = new Set<string>();
  for (const tex of texs) {
    for (const display of [false, true]) {
      const html = katex.renderToString(tex, { throwOnError: false, output: 'htmlAndMathml', displayMode: display, strict: 'ignore' });
      for (const [, style] of html.matchAll(/\sstyle="([^"]*)"/g)) {
        const kept = new Set(allowedDeclarations(style!).map(([p]) => p));
        for (const d of style!.split(';')) {
          const p = d.split(':')[0]!.trim();
          if (p && !kept.has(p)) dropped.add(`${p} in ${tex}`);
        }
      }
    }
  }
  return [...dropped];
}

// ---- bench helpers ---------------------------------------------------------------------------

interface StreamRun {
  renderMs: number[];
  appendMs: number;
  wallMs: number;
  frames: number;
  /** Long tasks (> 50 ms) during the run, and how much of each our render callbacks took. */
  longTasks: Array<{ duration: number; renderMs: number }>;
}

/**
 * Streams deltas into a fresh view. 'sync': a render after every delta (the worst case, equal
 * work to one delta per frame). 'fast': deltas as fast as tasks allow, renders driven by rAF.
 * 'paced': `perSecond` deltas a second, renders driven by rAF.
 */
async function benchStream(deltas: string[], mode: 'sync' | 'fast' | 'paced', perSecond = 60): Promise<StreamRun> {
  const id = mount(mode === 'sync' ? 'sync' : 'raf');
  const m = get(id);
  let frames = 0;
  let counting = true;
  const countFrames = () => {
    frames++;
    if (counting) requestAnimationFrame(countFrames);
  };
  requestAnimationFrame(countFrames);
  await nextFrame();
  const longTasksBefore = longTasks.length;
  let appendMs = 0;
  const append = (delta: string) => {
    const rendersBefore = m.renderMs.length;
    const t0 = performance.now();
    m.view.append(delta);
    // In 'sync' mode the render runs inside append(); it is counted as render time, not here.
    appendMs += performance.now() - t0 - sum(m.renderMs.slice(rendersBefore));
  };
  const started = performance.now();
  if (mode === 'sync') {
    for (const delta of deltas) append(delta);
  } else if (mode === 'fast') {
    // One delta per task, as webview message events arrive; the browser renders frames between.
    const channel = new MessageChannel();
    await new Promise<void>((resolve) => {
      let i = 0;
      channel.port1.onmessage = () => {
        append(deltas[i++]!);
        if (i < deltas.length) channel.port2.postMessage(0);
        else resolve();
      };
      channel.port2.postMessage(0);
    });
    channel.port1.close();
  } else {
    for (let i = 0; i < deltas.length; i++) {
      const due = started + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      append(deltas[i]!);
    }
  }
  await nextFrame();
  await nextFrame();
  m.view.finish();
  const wallMs = performance.now() - started;
  counting = false;
  await sleep(100); // long-task entries are queued after the task ends
  const tasks = longTasks.slice(longTasksBefore).map(({ start, duration }) => ({
    duration,
    renderMs: sum(m.renderMs.filter((_, i) => m.renderAt[i]! >= start && m.renderAt[i]! < start + duration)),
  }));
  const result = { renderMs: m.renderMs.slice(), appendMs, wallMs, frames, longTasks: tasks };
  m.view.dispose();
  m.element.remove();
  return result;
}

/** The approach peers took: markdown-it + KaTeX + DOMPurify over the whole message, per delta. */
function wholeMessageRenderer() {
  const md = markdownIt({ html: false, linkify: true }).use(katexPlugin, { katex: katex as never, throwOnError: false }); // our KaTeX 0.19, not the plugin's own 0.16
  const purify = DOMPurify(window);
  return (text: string, into: HTMLElement) =>
    into.replaceChildren(purify.sanitize(md.render(text), { RETURN_DOM_FRAGMENT: true, ADD_TAGS: ['semantics', 'annotation'] }));
}

/**
 * Per-delta whole-message re-render, timed at every `step`-th delta of the stream (each prefix
 * rendered from scratch, as the N-th delta would be). Returns the sampled times; the mean times
 * the number of deltas estimates the total.
 */
function benchWholeMessage(deltas: string[], step: number, variant: 'plain-libraries' | 'our-pipeline'): number[] {
  const element = document.createElement('div');
  element.className = 'message md-message';
  messages().append(element);
  const render = variant === 'plain-libraries' ? wholeMessageRenderer() : (text: string, into: HTMLElement) => into.replaceChildren(renderMarkdown(text));
  const times: number[] = [];
  let text = '';
  for (let i = 0; i < deltas.length; i++) {
    text += deltas[i];
    if (i % step !== step - 1) continue;
    const t0 = performance.now();
    render(text, element);
    times.push(performance.now() - t0);
  }
  element.remove();
  return times;
}

/** Streams deltas on a timer with the default rAF scheduling; counts the frames it spanned. */
async function streamTimed(id: number, deltas: string[], intervalMs: number): Promise<{ frames: number }> {
  let frames = 0;
  let counting = true;
  const count = () => {
    frames++;
    if (counting) requestAnimationFrame(count);
  };
  requestAnimationFrame(count);
  for (const delta of deltas) {
    get(id).view.append(delta);
    await sleep(intervalMs);
  }
  await nextFrame();
  await nextFrame();
  counting = false;
  return { frames };
}

/** The control experiment: KaTeX's HTML inserted as parsed HTML, as most renderers do. */
function insertParsedKatexHtml(tex: string): { strutHeight: string; inlineHeight: string } {
  const element = document.createElement('div');
  element.className = 'message md-message';
  messages().append(element);
  element.innerHTML = katex.renderToString(tex, { throwOnError: false, displayMode: true });
  const strut = element.querySelector<HTMLElement>('.katex-strut')!;
  return { strutHeight: getComputedStyle(strut).height, inlineHeight: strut.style.height };
}

const api = {
  violations,
  events,
  longTasks,
  mount,
  append: (id: number, delta: string) => get(id).view.append(delta),
  appendAll: (id: number, deltas: string[]) => deltas.forEach((d) => get(id).view.append(d)),
  runQueued,
  finish: (id: number) => get(id).view.finish(),
  setText: (id: number, text: string) => get(id).view.setText(text),
  text: (id: number) => get(id).view.text,
  counts: (id: number) => ({ scheduled: get(id).scheduled, renders: get(id).renders, queued: get(id).queue.length }),
  inspect: (id: number) => inspect(get(id).element),
  blockCount: (id: number) => get(id).element.querySelectorAll(':scope > .md-block').length,
  openBlockCount: (id: number) => get(id).element.querySelectorAll(':scope > .md-block-open').length,
  /** renderMarkdown + handleMessageEvents, without a StreamingMessageView. */
  renderOnce(markdown: string): string {
    const element = document.createElement('div');
    element.className = 'message md-message';
    element.dataset.id = `once-${onceCount}`;
    messages().append(element);
    element.replaceChildren(renderMarkdown(markdown));
    handleMessageEvents(element, { onLink: (href) => events.push({ kind: 'link', href }) });
    return `once-${onceCount++}`;
  },
  deltasOf,
  streamAndInspect,
  streamTimed,
  insertParsedKatexHtml,
  snapshotCompletedBlocks,
  checkSnapshot,
  droppedKatexStyles,
  nextFrame,
  benchStream,
  benchWholeMessage,
  clear(): void {
    for (const m of mounted) m.view.dispose();
    messages().replaceChildren();
  },
};
window.tutor = api;
export type RenderPageApi = typeof api;
