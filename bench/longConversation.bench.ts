// Long conversations in the real chat (#15), for `npm run bench`: code-server with the packaged
// VSIX, driven by Chromium. Generated math-heavy conversations (harness/longConversation.ts) of
// 50, 200 and 1,000 messages are written into the workspace and each imported once ("Import into
// Tutor" in the Explorer); then, per size: Switch Conversation to it (Enter on the quick pick row
// → the webview's `tutor:view-painted` mark), the DOM and heap it leaves, typing in the question
// box, scrolling with the wheel and Ctrl+Home / Ctrl+End; at the end, an answer streamed at
// ~60 deltas/s below the 1,000 messages. Every figure comes from probes inside the webview's own
// document (bench/longConversation/probe.ts). Prints one JSON object on stdout.
//
// Each size is opened 3 times (TUTOR_BENCH_OPENS), each time from a 2-message conversation.
// TUTOR_BENCH_SIZES=50,200 measures some sizes only. TUTOR_BENCH_SEED=ask makes the conversations
// by asking each question through the chat instead of importing them: for a build without the
// import command (the "before" of #15), and slow.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startFakeModel } from '../harness/fakeModel';
import { conversationFile, generateConversation } from '../harness/longConversation';
import { answerDeltas } from '../harness/render/streamCorpus';
import { chatDocument, importFromExplorer, pickConversation, seedByAsking } from '../test/ui/longConversationActions';
import { showTutorSidebar } from '../test/ui/userActions';
import { openWorkbench, screenshot } from '../test/ui/workbench';
import { installProbe, type ProbeApi } from './longConversation/probe';

const SIZES = (process.env.TUTOR_BENCH_SIZES ?? '50,200,1000').split(',').map(Number).filter((n) => n > 0);
const SEED_BY_ASKING = process.env.TUTOR_BENCH_SEED === 'ask';
/** After the painted mark, opening goes on rendering upward in chunks: long tasks there count too. */
const SETTLE_MS = 2_000;
/** A fast hand on a mouse wheel: a 100 px notch every 25 ms, 4,000 px/s. */
const WHEEL = { deltaY: 100, everyMs: 25, seconds: 4 };
const STREAM = { deltas: 360, delayMs: 16 };
const KEYSTROKES = 'the integral of x squared from zero to three';

const log = (message: string) => process.stderr.write(`[longConversation.bench] ${message}\n`);
/** Not a prefix of one another, so a Switch Conversation filter finds exactly one. */
const labelOf = (n: number) => `course-${n}msg`;
/** A two-message conversation each size is opened from. */
const AWAY = 2;
/** Opens measured per size: switch → painted is their median, the longest task their worst. */
const OPENS = Number(process.env.TUTOR_BENCH_OPENS ?? 3);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

const probe = <R>(doc: Frame, fn: (api: ProbeApi, arg: unknown) => R, arg?: unknown) =>
  doc.evaluate(([source, a]) => (0, eval)(`(${source})`)(window.__tutorBench, a), [fn.toString(), arg] as const) as Promise<Awaited<R>>;

const epochNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());

/**
 * The JS heap of the renderer that runs the webview, after a garbage collection (CDP), in MB. When
 * the webview is not a process of its own (code-server serves it from the workbench's origin), it
 * is the workbench's renderer: `shared` says so, and the figure that matters is the difference.
 */
async function heapMb(page: Page, doc: Frame) {
  let shared = false;
  const session = await page.context().newCDPSession(doc).catch(() => {
    shared = true;
    return page.context().newCDPSession(page);
  });
  try {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return { used_mb: round(usedSize / 2 ** 20), shared };
  } finally {
    await session.detach();
  }
}

/** Where the transcript is on the page (the webview's offset plus the element's box), to aim the wheel. */
async function transcriptCentre(page: Page, doc: Frame) {
  const box = await doc.locator('#transcript').boundingBox();
  if (!box) throw new Error('#transcript has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function switchTo(page: Page, doc: Frame, n: number) {
  const lastQuestion = `Question ${n / 2} on`;
  await pickConversation(page, labelOf(n));
  await probe(doc, (api, q) => api.armOpen(q as string), lastQuestion);
  // Both clocks in epoch ms: the workbench's at the Enter, the webview's at its mark.
  const enterAt = await epochNow(page);
  await page.keyboard.press('Enter');
  await doc.waitForFunction(() => window.__tutorBench.openDone(), undefined, { timeout: 180_000, polling: 200 });
  await page.waitForTimeout(SETTLE_MS);
  return probe(doc, (api, at) => api.openResult(at as number), enterAt);
}

type Tasks = { longTasks: number; longestTaskMs: number; allLongTasks: number; allLongestTaskMs: number; otherAttributions: string[] };
const taskFigures = (t: Tasks) => ({
  long_tasks: t.longTasks, longest_task_ms: round(t.longestTaskMs),
  any_origin_long_tasks: t.allLongTasks, any_origin_longest_task_ms: round(t.allLongestTaskMs), other_attributions: t.otherAttributions,
});

/**
 * Keystroke → paint, p95, from Event Timing: a key without an entry took under 16 ms (the least
 * duration it reports) and counts as 16, an upper bound.
 */
function keyFigures(k: { latencies: number[]; eventTiming: number[] }) {
  const typed = KEYSTROKES.length;
  const durations = [...k.eventTiming, ...Array<number>(Math.max(0, typed - k.eventTiming.length)).fill(16)];
  return {
    typed, over_16ms: k.eventTiming.length, p95_ms: pct(durations, 95), max_ms: Math.max(16, ...k.eventTiming),
    next_frame_p50_ms: round(pct(k.latencies, 50)), next_frame_p95_ms: round(pct(k.latencies, 95)), next_frame_max_ms: round(Math.max(0, ...k.latencies)),
  };
}

/** Typing: a click puts the caret in the box, the keys come from the keyboard one by one; then the box is emptied. */
async function typeKeys(page: Page, doc: Frame) {
  await doc.locator('#question').click();
  await probe(doc, (api) => api.startKeys());
  await page.keyboard.type(KEYSTROKES, { delay: 60 });
  await page.waitForTimeout(300);
  const keys = await probe(doc, (api) => api.stopKeys());
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  return keyFigures(keys);
}

async function measureSize(page: Page, n: number, heapBefore: { used_mb: number }) {
  const c = generateConversation({ messages: n, label: labelOf(n) });
  let doc = await chatDocument(page);
  await installProbe(doc);
  const opens = [];
  for (let i = 0; i < OPENS; i++) {
    await switchTo(page, doc, AWAY);
    log(`${n} messages: switching to it (${i + 1} of ${OPENS})`);
    opens.push(await switchTo(page, doc, n));
  }
  const painted = opens.map((o) => o.switchToPaintedMs).filter((v): v is number => v !== null);
  const worst = opens.reduce((a, b) => (b.longestTaskMs > a.longestTaskMs ? b : a));
  const open = { ...worst, switchToPaintedMs: painted.length ? pct(painted, 50) : null, painted_each_ms: painted.map((v) => round(v)), longest_task_each_ms: opens.map((o) => round(o.longestTaskMs)) };
  doc = await chatDocument(page);
  const dom = await probe(doc, (api) => api.domSize());
  const heap = await heapMb(page, doc);
  log(`${n}: painted after ${round(open.switchToPaintedMs ?? NaN)} ms, longest task ${round(open.longestTaskMs)} ms (of any origin ${round(open.allLongestTaskMs)} ms), ${dom.elements} elements`);

  const keys = await typeKeys(page, doc);

  // Scrolling: the wheel over the transcript, up from the end then back down, at a hand's pace.
  const centre = await transcriptCentre(page, doc);
  await page.mouse.move(centre.x, centre.y);
  await probe(doc, (api) => api.startFrames());
  const steps = (WHEEL.seconds * 1000) / WHEEL.everyMs;
  for (const direction of [-1, 1]) {
    for (let i = 0; i < steps; i++) {
      await page.mouse.wheel(0, direction * WHEEL.deltaY);
      await page.waitForTimeout(WHEEL.everyMs);
    }
  }
  const wheel = await probe(doc, (api) => api.stopFrames());

  // Jumps: focus on a message (a click on it), Ctrl+Home to the first message, Ctrl+End back.
  await page.mouse.click(centre.x, centre.y);
  const focused = await probe(doc, (api) => api.focusInTranscript());
  await probe(doc, (api) => api.startFrames());
  const homeAt = await epochNow(page);
  await page.keyboard.press('Control+Home');
  const home = await doc.waitForFunction(() => window.__tutorBench.atTop(), undefined, { timeout: 60_000, polling: 'raf' }).then(() => true, () => false);
  const homeDoneAt = await probe(doc, () => performance.timeOrigin + performance.now());
  await page.waitForTimeout(500);
  const endAt = await epochNow(page);
  await page.keyboard.press('Control+End');
  const end = await doc.waitForFunction((last) => window.__tutorBench.atBottom(last as string), `Good question about step ${n / 2}.`, { timeout: 60_000, polling: 'raf' }).then(() => true, () => false);
  const endDoneAt = await probe(doc, () => performance.timeOrigin + performance.now());
  await page.waitForTimeout(500);
  const jumps = await probe(doc, (api) => api.stopFrames());

  return {
    messages: n,
    katex_in_text: c.messages.reduce((k, m) => k + (m.text.match(/\$\$[\s\S]*?\$\$|\\\[[\s\S]*?\\\]|\$[^$\n]+\$/g) ?? []).length, 0),
    open,
    dom,
    heap: { ...heap, added_mb: round(heap.used_mb - heapBefore.used_mb) },
    keys,
    wheel: { frames: wheel.frames, frame_p50_ms: round(wheel.frameP50), frame_p95_ms: round(wheel.frameP95), frame_max_ms: round(wheel.frameMax), moved_px: wheel.movedPx, ...taskFigures(wheel) },
    jumps: {
      focus_in_transcript: focused, reached_top: home, top_ms: round(homeDoneAt - homeAt), reached_bottom: end, bottom_ms: round(endDoneAt - endAt),
      frame_p95_ms: round(jumps.frameP95), ...taskFigures(jumps),
    },
  };
}

/** An answer streamed at ~60 deltas/s below the conversation now open: long tasks in the webview meanwhile. */
async function measureStreaming(page: Page, fake: Awaited<ReturnType<typeof startFakeModel>>) {
  const doc = await chatDocument(page);
  fake.script({ text: answerDeltas(STREAM.deltas), delayMs: STREAM.delayMs });
  const box = doc.locator('#question');
  await box.fill('Can you walk me through the whole series once more?');
  await probe(doc, (api) => api.startFrames());
  const started = Date.now();
  await box.press('Enter');
  await doc.locator('#stop:not([hidden])').waitFor({ timeout: 60_000 });
  await doc.locator('#stop').waitFor({ state: 'hidden', timeout: 120_000 });
  const wallMs = Date.now() - started;
  const s = await probe(doc, (api) => api.stopFrames());
  return { deltas: STREAM.deltas, delay_ms: STREAM.delayMs, wall_ms: wallMs, frame_p95_ms: round(s.frameP95), ...taskFigures(s) };
}

async function main() {
  const fake = await startFakeModel();
  const wb = await openWorkbench({ 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
  const { page } = wb;
  try {
    await showTutorSidebar(page);
    for (const n of [AWAY, ...SIZES]) {
      const c = generateConversation({ messages: n, label: labelOf(n) });
      if (SEED_BY_ASKING) {
        log(`${n} messages: asking them one by one`);
        await seedByAsking(page, fake, c);
        continue;
      }
      const file = `${labelOf(n)}.md`;
      writeFileSync(path.join(wb.workspace, file), conversationFile(c));
      log(`${n} messages: importing ${file}`);
      await importFromExplorer(page, file);
      // Imported and switched to: the chat's title is the file's, and its messages are showing.
      const doc = await chatDocument(page);
      await doc.waitForFunction((label) => document.getElementById('thread-title')?.textContent?.includes(label as string) && document.querySelector('.entry.assistant'), labelOf(n), { timeout: 180_000, polling: 500 });
    }
    // The heap with a small conversation open, before any large one is.
    await installProbe(await chatDocument(page));
    await switchTo(page, await chatDocument(page), AWAY);
    const heapBefore = await heapMb(page, await chatDocument(page));
    // What typing costs in this browser at all: the floor under every size's figure.
    const keysBaseline = await typeKeys(page, await chatDocument(page));
    const sizes = [];
    for (const n of SIZES) sizes.push(await measureSize(page, n, heapBefore));
    // Below the largest conversation, the one measured last.
    const streaming = await measureStreaming(page, fake);
    const result = { sizes, streaming, heap_small_conversation: heapBefore, keys_small_conversation: keysBaseline, streamed_below: SIZES.at(-1), seeded: SEED_BY_ASKING ? 'asked one by one' : 'imported', machine: { cpus: cpus().length, load_average_1m: loadavg()[0] } };
    console.log(JSON.stringify(result));
  } catch (error) {
    log(`failed; the workbench as it was: ${await screenshot(page, 'bench-long-conversation-failed').catch(() => 'no screenshot')}`);
    throw error;
  } finally {
    await wb.stop();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  log(String((error as Error)?.stack ?? error));
  process.exit(1);
});
