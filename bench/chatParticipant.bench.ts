// First token in VS Code's Chat view (@tutor) vs in Tutor's own view, for `npm run bench` (issue
// #16 §5): one code-server with the packaged VSIX and the fake-lm test extension (the model VS
// Code's Chat view insists on having selected), Tutor's provider the scripted fake model. Each
// round asks one question in each view, in alternating order, and the same scripted answer comes
// back; the figure is the time from the Enter that sends the question to the answer's first
// chunk on screen. Both ends are taken in the browser, in the document that shows the answer: the
// Enter's keydown timestamp and a MutationObserver that sees the first chunk's token, then the
// next animation frame (the frame that paints it). The fake model's request arrival and the
// moment it wrote the first chunk split that time into "to the model" and "model to screen".
// Prints one JSON object on stdout.
//
// A third participant, @echo of the fake-lm extension, answers in its handler at once with the
// moment it ran: the floor that VS Code's Chat view puts under any participant.
//
// TUTOR_BENCH_ROUNDS (default 7) rounds are measured, after one warm-up round that is discarded
// (kept in the JSON as warm_up: the first question in each view).
import { cpus, loadavg } from 'node:os';
import type { Frame, Page } from 'playwright-core';
import { startFakeModel, type FakeModel, type RecordedRequest } from '../harness/fakeModel';
import { chatIdle, latestResponse, A_CHAT_MODEL, openChatView, typeChat } from '../test/ui/chatViewActions';
import { chatDocument } from '../test/ui/longConversationActions';
import { showTutorSidebar } from '../test/ui/userActions';
import { FAKE_LM_EXTENSION, openWorkbench, screenshot } from '../test/ui/workbench';

const ROUNDS = Number(process.env.TUTOR_BENCH_ROUNDS ?? 7);
/** TUTOR_BENCH_SETTINGS='{"chat.…": false}': more workbench settings, to see what a setting changes in the Chat view's figures. */
const EXTRA_SETTINGS = JSON.parse(process.env.TUTOR_BENCH_SETTINGS ?? '{}') as Record<string, unknown>;
/** A quiet moment between questions, so one answer's tail does not land in the next one's timing. */
const SETTLE_MS = 1_000;
const CHAT_RESPONSE = '.interactive-item-container.interactive-response.chat-most-recent-response';

type View = 'tutor' | 'chat';
const log = (message: string) => process.stderr.write(`[chatParticipant.bench] ${message}\n`);
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The scripted answer, the same for both views but for its token: a first chunk with the token
 * (the fake writes the moment it sends it into `{sentAt}`) and inline math, then more chunks.
 */
function answer(token: string) {
  return {
    text: [`${token}-{sentAt} and $x^2$ `, 'is a good place to start. ', 'Its derivative is $2x$, ', 'by the power rule: ', '$\\frac{d}{dx}x^n = nx^{n-1}$. ', `END-${token}`],
    delayMs: 20,
    stamp: true,
  };
}

interface Probe { enterAt: number | null; seenAt: number | null; paintedAt: number | null }

/**
 * Runs inside the document that shows the answer (serialised by Playwright: no closures): the
 * next Enter's keydown time and the first moment `token` is in `selector`'s text, then the next
 * animation frame, all as epoch ms (performance.timeOrigin + a timestamp).
 */
function armProbe({ selector, token }: { selector: string; token: string }) {
  const epoch = (t: number) => performance.timeOrigin + t;
  const probe: Probe = { enterAt: null, seenAt: null, paintedAt: null };
  (window as unknown as { __tutorFirstToken: Probe }).__tutorFirstToken = probe;
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || probe.enterAt !== null) return;
    probe.enterAt = epoch(e.timeStamp);
    document.removeEventListener('keydown', onKey, true);
  };
  document.addEventListener('keydown', onKey, true);
  // Only the answer's element is read on each mutation: the workbench mutates a lot, and reading
  // all of its text each time would slow the very thing measured.
  const observer = new MutationObserver(() => {
    if (probe.seenAt !== null || !document.querySelector(selector)?.textContent?.includes(token)) return;
    probe.seenAt = epoch(performance.now());
    observer.disconnect();
    requestAnimationFrame(() => { probe.paintedAt = epoch(performance.now()); });
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
}

/**
 * Arms the probe in `doc`. tsx compiles with esbuild's keepNames, which wraps named functions in
 * a `__name(…)` helper that a serialised function finds missing in the page: it gets a stand-in.
 */
async function arm(doc: Page | Frame, selector: string, token: string): Promise<void> {
  await doc.evaluate('window.__name = window.__name || ((f) => f)');
  await doc.evaluate(armProbe, { selector, token });
}

const readProbe = (doc: Page | Frame) => doc.evaluate(() => (window as unknown as { __tutorFirstToken: Probe }).__tutorFirstToken);

/** The chat request that carried `question` as its last user message. */
function requestFor(fake: FakeModel, question: string): RecordedRequest | undefined {
  return fake.requests.find((r) => {
    if (!r.path.endsWith('/chat/completions')) return false;
    const users = (r.body.messages as { role: string }[] | undefined)?.filter((m) => m.role === 'user') ?? [];
    return JSON.stringify(users.at(-1) ?? '').includes(question);
  });
}

interface Sample { view: View; round: number; first: View; enter_to_screen_ms: number; enter_to_dom_ms: number; to_model_ms: number; model_first_chunk_ms: number; model_to_screen_ms: number }

async function askInTutorView(page: Page, question: string, token: string): Promise<{ probe: Probe; text: string }> {
  const doc = await chatDocument(page);
  await doc.locator('#question').fill(question);
  await arm(doc, '#transcript', token);
  await page.keyboard.press('Enter');
  const last = doc.locator('.entry.assistant', { hasText: `END-${token}` });
  await last.waitFor({ timeout: 60_000 });
  await doc.locator('#stop').waitFor({ state: 'hidden', timeout: 60_000 });
  return { probe: await readProbe(doc), text: await last.innerText() };
}

async function askInChatView(page: Page, question: string, token: string): Promise<{ probe: Probe; text: string }> {
  await typeChat(page, `@tutor ${question}`);
  await arm(page, CHAT_RESPONSE, token);
  await page.keyboard.press('Enter');
  const response = latestResponse(page);
  await response.getByText(`END-${token}`).waitFor({ timeout: 60_000 });
  await chatIdle(page);
  return { probe: await readProbe(page), text: await response.innerText() };
}

async function ask(page: Page, fake: FakeModel, view: View, round: number, first: View): Promise<Sample> {
  const token = `FIRSTTOKEN${round}${view}`;
  const question = `Round ${round} in the ${view} view: where do I start with the derivative of x^2?`;
  fake.script(answer(token));
  const { probe, text } = view === 'tutor' ? await askInTutorView(page, question, token) : await askInChatView(page, question, token);
  const request = requestFor(fake, question);
  const sentAt = Number(new RegExp(`${token}-(\\d+(?:\\.\\d+)?)`).exec(text)?.[1]);
  if (probe.enterAt === null || probe.seenAt === null) throw new Error(`${view} view, round ${round}: the probe missed the Enter or the token (${JSON.stringify(probe)})`);
  if (!request || !Number.isFinite(sentAt)) throw new Error(`${view} view, round ${round}: no model request for the question, or no {sentAt} in the answer`);
  const screenAt = probe.paintedAt ?? probe.seenAt;
  return {
    view, round, first,
    enter_to_screen_ms: round1(screenAt - probe.enterAt),
    enter_to_dom_ms: round1(probe.seenAt - probe.enterAt),
    to_model_ms: round1(request.receivedAt - probe.enterAt),
    model_first_chunk_ms: round1(sentAt - request.receivedAt),
    model_to_screen_ms: round1(screenAt - sentAt),
  };
}

interface EchoSample { round: number; enter_to_screen_ms: number; to_handler_ms: number; handler_to_screen_ms: number }

/**
 * The floor: @echo (the fake-lm test extension) answers in its handler at once, with the moment
 * the handler ran. What it takes is what VS Code's Chat view costs any participant.
 */
async function askEcho(page: Page, round: number): Promise<EchoSample> {
  const token = `ECHOTOKEN${round}`;
  await typeChat(page, `@echo ${token}`);
  await arm(page, CHAT_RESPONSE, `reply-${token}`);
  await page.keyboard.press('Enter');
  const response = latestResponse(page);
  await response.getByText(`reply-${token}`).waitFor({ timeout: 60_000 });
  await chatIdle(page);
  const probe = await readProbe(page);
  const handlerAt = Number(new RegExp(`reply-${token}-(\\d+(?:\\.\\d+)?)`).exec(await response.innerText())?.[1]);
  if (probe.enterAt === null || probe.seenAt === null || !Number.isFinite(handlerAt)) throw new Error(`@echo, round ${round}: the probe missed the Enter or the reply (${JSON.stringify(probe)})`);
  const screenAt = probe.paintedAt ?? probe.seenAt;
  return { round, enter_to_screen_ms: round1(screenAt - probe.enterAt), to_handler_ms: round1(handlerAt - probe.enterAt), handler_to_screen_ms: round1(screenAt - handlerAt) };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
};

const stats = (xs: number[]) => ({ median: round1(quantile(xs, 0.5)), p90: round1(quantile(xs, 0.9)), min: Math.min(...xs), max: Math.max(...xs) });

function summary(samples: Sample[]) {
  const of = (key: keyof Sample) => samples.map((s) => s[key] as number);
  return {
    enter_to_screen: stats(of('enter_to_screen_ms')),
    enter_to_dom: stats(of('enter_to_dom_ms')),
    to_model: stats(of('to_model_ms')),
    model_first_chunk: stats(of('model_first_chunk_ms')),
    model_to_screen: stats(of('model_to_screen_ms')),
  };
}

async function main() {
  const fake = await startFakeModel();
  const wb = await openWorkbench(
    { 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model', 'chat.agent.collapseCompletedResponses': false, ...EXTRA_SETTINGS },
    {},
    [FAKE_LM_EXTENSION],
  );
  const { page } = wb;
  try {
    // Tutor's view in the side bar, the Chat view in the secondary side bar: both stay open.
    await showTutorSidebar(page);
    await openChatView(page, A_CHAT_MODEL);
    await chatDocument(page);
    const samples: Sample[] = [];
    const warmUp: Sample[] = [];
    const echoes: EchoSample[] = [];
    const echoWarmUp: EchoSample[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      // @echo first: in the warm-up round it takes the Chat view's own first-request cost, so
      // @tutor's warm-up figure is Tutor's first request.
      const e = await askEcho(page, round);
      (round === 0 ? echoWarmUp : echoes).push(e);
      log(`round ${round}${round === 0 ? ' (warm-up)' : ''}, @echo: Enter → screen ${e.enter_to_screen_ms} ms (to its handler ${e.to_handler_ms})`);
      await page.waitForTimeout(SETTLE_MS);
      const order: View[] = round % 2 === 0 ? ['tutor', 'chat'] : ['chat', 'tutor'];
      for (const view of order) {
        const s = await ask(page, fake, view, round, order[0]!);
        (round === 0 ? warmUp : samples).push(s);
        log(`round ${round}${round === 0 ? ' (warm-up)' : ''}, ${view} view: Enter → screen ${s.enter_to_screen_ms} ms (to the model ${s.to_model_ms}, model → screen ${s.model_to_screen_ms})`);
        await page.waitForTimeout(SETTLE_MS);
      }
    }
    const tutor = summary(samples.filter((s) => s.view === 'tutor'));
    const chat = summary(samples.filter((s) => s.view === 'chat'));
    console.log(JSON.stringify({
      rounds: ROUNDS,
      tutor_view: tutor,
      chat_view: chat,
      echo: {
        enter_to_screen: stats(echoes.map((e) => e.enter_to_screen_ms)),
        to_handler: stats(echoes.map((e) => e.to_handler_ms)),
        handler_to_screen: stats(echoes.map((e) => e.handler_to_screen_ms)),
        samples: echoes,
        warm_up: echoWarmUp,
      },
      ratio: round1((chat.enter_to_screen.median / tutor.enter_to_screen.median) * 100) / 100,
      samples,
      warm_up: warmUp,
      machine: { cpus: cpus().length, load_average_1m: loadavg()[0] },
    }));
  } catch (error) {
    log(`failed; the workbench as it was: ${await screenshot(page, 'bench-chat-participant-failed').catch(() => 'no screenshot')}`);
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
