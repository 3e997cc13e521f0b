// A 1,000-message conversation in the real webview bundle with a stand-in host that answers
// chat/older and chat/find from the whole thread, as the extension does: only what is near the
// viewport is in the DOM, and everything a reader does still reaches every message.
import * as assert from 'node:assert/strict';
import { type ChatPage, openChatPage } from './chatPage';
import { FIRST_PAGE, standInThreadHost, thread, TOTAL } from './longThreadData';

describe('chat webview: a 1,000-message conversation (Chromium, the webview CSP)', function () {
  this.timeout(180_000);
  let t: ChatPage;
  const messages = thread();

  const frames = (n = 2) =>
    t.page.evaluate(async (count) => {
      for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    }, n);
  const articles = () => t.page.locator('#transcript article.entry').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id ?? ''));
  const viewport = () =>
    t.page.evaluate(() => {
      const s = document.getElementById('transcript')!;
      const box = s.getBoundingClientRect();
      return [...s.querySelectorAll<HTMLElement>('article.entry')]
        .filter((a) => {
          const r = a.getBoundingClientRect();
          return r.bottom > box.top && r.top < box.bottom;
        })
        .map((a) => ({ id: a.dataset.id ?? '', top: Math.round(a.getBoundingClientRect().top) }));
    });
  /** What is on screen once it stops changing between frames (building is spread over frames, slower under load). */
  const settledViewport = async () => {
    let last = await viewport();
    for (let i = 0; i < 50; i++) {
      await frames(3);
      const now = await viewport();
      if (JSON.stringify(now) === JSON.stringify(last)) return now;
      last = now;
    }
    throw new Error(`the view kept changing: ${JSON.stringify(last)}`);
  };
  const snapshot = async () => {
    const id = 7_000 + Math.floor(Math.random() * 1000);
    await t.page.evaluate((i) => window.__host.request(i, 'view/snapshot', {}), id);
    return t.page.evaluate((i) => (window.__host.posted.find((m) => m.kind === 'reply' && m.id === i) as unknown as { value: { entries: { kind: string; text: string }[] } }).value.entries, id);
  };

  before(async () => {
    t = await openChatPage({ width: 480, height: 800 });
    await t.page.evaluate(standInThreadHost, [messages, 'thread_long', FIRST_PAGE] as const);
    await t.notify('chat/reset', { threadId: 'thread_long', title: 'Quadratics', messages: messages.slice(-FIRST_PAGE), hasOlder: true, mode: 'tutor', busy: false });
    // The empty thread of the page's first sync is marked too: wait for this one's.
    await t.page.waitForFunction(() => performance.getEntriesByName('tutor:view-painted').some((m) => (m as PerformanceMark).detail?.threadId === 'thread_long'));
  });
  after(async () => t?.close());

  it('opens at its last message with only the messages near the viewport in the DOM', async () => {
    const shown = await viewport();
    assert.ok(shown.some((a) => a.id === messages.at(-1)!.id), `the last message is on screen (${JSON.stringify(shown)})`);
    const inDom = await articles();
    assert.ok(inDom.length > 0 && inDom.length < 15, `a window of messages, not the page of ${FIRST_PAGE} (${inDom.length})`);
    const elements = await t.page.evaluate(() => document.getElementsByTagName('*').length);
    assert.ok(elements < 5_000, `the document stays small (${elements} elements)`);
    const atBottom = await t.page.evaluate(() => {
      const s = document.getElementById('transcript')!;
      return s.scrollHeight - s.scrollTop - s.clientHeight < 24;
    });
    assert.ok(atBottom, 'scrolled to the end');
  });

  it('a page of older messages comes in above without moving what the reader sees', async () => {
    // The page is held until the reader's view has settled, so "before" is what the reader saw
    // and not a moment while the entries near the top were still being built.
    await t.page.evaluate(() => {
      const w = window as unknown as { __releaseOlder?: () => void };
      const answer = window.__host.handlers['chat/older']!;
      const gate = new Promise<void>((resolve) => (w.__releaseOlder = resolve));
      window.__host.handlers['chat/older'] = (p) => gate.then(() => answer(p));
    });
    // Up to the first loaded message: the list asks for the page before it.
    await t.page.evaluate(() => (document.getElementById('transcript')!.scrollTop = 0));
    await t.page.waitForFunction(() => window.__host.requests('chat/older').length > 0);
    const requested = await t.page.evaluate(() => window.__host.requests('chat/older').map((m) => m.params));
    assert.equal(requested[0]!.before, messages.at(-FIRST_PAGE)!.id, 'before the oldest message the view had');
    assert.equal(requested[0]!.threadId, 'thread_long');
    const before = await settledViewport();
    await t.page.evaluate(() => (window as unknown as { __releaseOlder: () => void }).__releaseOlder());
    // The page is in once the transcript is no longer busy loading it.
    await t.page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
    const after = await settledViewport();
    const kept = before.find((b) => after.some((a) => a.id === b.id));
    assert.ok(kept, `a message on screen before is still on screen (${JSON.stringify(before)} → ${JSON.stringify(after)})`);
    const moved = Math.abs(after.find((a) => a.id === kept.id)!.top - kept.top);
    assert.ok(moved <= 2, `it stayed where it was (moved ${moved} px: ${JSON.stringify(before)} → ${JSON.stringify(after)})`);
  });

  it('Ctrl+Home goes to the first message, loading every page; the arrows move between messages', async () => {
    await t.page.locator('#transcript').focus();
    await t.page.keyboard.press('Control+Home');
    await t.page.waitForFunction((id) => (document.activeElement as HTMLElement | null)?.dataset.id === id, messages[0]!.id);
    assert.equal(await t.page.locator('.transcript-start').count(), 1, 'the beginning is marked');
    await t.page.keyboard.press('ArrowDown');
    await t.page.waitForFunction((id) => (document.activeElement as HTMLElement | null)?.dataset.id === id, messages[1]!.id);
    await t.page.keyboard.press('PageDown');
    await t.page.waitForFunction((id) => (document.activeElement as HTMLElement | null)?.dataset.id === id, messages[2]!.id);
    await t.page.keyboard.press('ArrowUp');
    await t.page.waitForFunction((id) => (document.activeElement as HTMLElement | null)?.dataset.id === id, messages[1]!.id);
    const entries = await snapshot();
    assert.equal(entries.length, TOTAL, 'every message is loaded, once');
    assert.deepEqual(entries.map((e) => e.kind), messages.map((m) => m.role));
    assert.equal(entries[0]!.text, messages[0]!.text);
    assert.ok((await articles()).length < 15, 'still only a window in the DOM');
    await t.page.keyboard.press('Control+End');
    await t.page.waitForFunction((id) => (document.activeElement as HTMLElement | null)?.dataset.id === id, messages.at(-1)!.id);
  });

  it('find (Ctrl+F) reaches a phrase in the first message from the end of the conversation', async () => {
    await t.page.locator('#question').focus();
    await t.page.keyboard.press('Control+f');
    await t.page.locator('#find-input').waitFor({ state: 'visible' });
    await t.page.keyboard.type('AARDVARK');
    await t.page.waitForFunction(() => document.getElementById('find-status')?.textContent === '1 of 1');
    const current = t.page.locator('article.find-current');
    assert.equal(await current.getAttribute('data-id'), messages[0]!.id);
    assert.ok((await viewport()).some((a) => a.id === messages[0]!.id), 'the match is on screen');
    const marked = await t.page.evaluate(() => {
      const h = CSS.highlights.get('tutor-find');
      return h ? [...h].map((r) => r.toString()) : [];
    });
    assert.deepEqual(marked, ['aardvark'], 'the occurrence is highlighted, case-insensitively');
    await t.page.keyboard.press('Escape');
    assert.equal(await t.page.locator('#find').isVisible(), false);
    assert.equal(await t.page.evaluate(() => CSS.highlights.has('tutor-find')), false);
    await t.page.locator('#find-input').evaluate((e: HTMLInputElement) => (e.value = ''));
  });

  it('"No matches" for text that is nowhere; the Copy button copies the whole message as written', async () => {
    await t.page.keyboard.press('Control+f');
    await t.page.keyboard.type('zebra crossing');
    await t.page.waitForFunction(() => document.getElementById('find-status')?.textContent === 'No matches');
    await t.page.keyboard.press('Escape');
    const first = t.page.locator(`article.entry[data-id="${messages[0]!.id}"]`);
    await first.hover();
    await first.locator('button.copy-message').click();
    const copied = await t.page.evaluate(() => window.__host.requests('chat/code').at(-1)?.params);
    assert.deepEqual(copied, { action: 'copy', code: messages[0]!.text, language: 'markdown' });
  });

  it('saves where the reader is, by message, for when the view comes back', async () => {
    const target = messages[501]!.id;
    await t.page.evaluate((id) => document.querySelector(`article.entry[data-id="${id}"]`), target);
    await t.page.locator('#transcript').focus();
    // Through find: a way to land mid-thread that the reader has.
    await t.page.keyboard.press('Control+f');
    await t.page.keyboard.press('Control+a');
    await t.page.keyboard.type('Answer 251.');
    await t.page.waitForFunction(() => /of/.test(document.getElementById('find-status')?.textContent ?? ''));
    await t.page.keyboard.press('Escape');
    await t.page.evaluate(() => document.getElementById('transcript')!.dispatchEvent(new Event('scroll')));
    await t.page.waitForTimeout(400);
    const saved = JSON.parse(await t.page.evaluate(() => window.__host.savedState())) as { position?: { threadId: string; messageId: string } };
    assert.equal(saved.position?.threadId, 'thread_long');
    const onScreen = (await viewport()).map((a) => a.id);
    assert.ok(onScreen.includes(saved.position!.messageId), `the saved message ${saved.position?.messageId} is one on screen (${onScreen.join(', ')})`);
  });

  it('an answer streaming at the end stays live while the reader is far up, and is complete when they come back', async () => {
    await t.notify('chat/question', { text: 'One more question?', id: 'msg_q_new' });
    await t.notify('chat/assistantStart', { messageId: 'msg_a_new' });
    await t.page.evaluate(() => (document.getElementById('transcript')!.scrollTop = 0));
    for (let i = 0; i < 60; i++) await t.page.evaluate((n) => window.__host.notify('chat/delta', { messageId: 'msg_a_new', text: ` step${n}` }), i);
    await frames(2);
    assert.equal(await t.page.locator('article.entry[data-id="msg_a_new"]').count(), 1, 'the streaming answer is kept in the DOM');
    await t.notify('chat/assistantEnd', { messageId: 'msg_a_new', status: 'complete' });
    await t.page.locator('#transcript').focus();
    await t.page.keyboard.press('Control+End');
    await t.page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.id === 'msg_a_new');
    assert.match((await t.page.locator('article.entry[data-id="msg_a_new"] .body').textContent()) ?? '', /step0 step1 .* step59/);
  });
});
