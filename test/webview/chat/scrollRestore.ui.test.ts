// The reading position of a long conversation survives the view being hidden and shown: VS Code
// destroys a hidden webview and keeps only what it saved with setState. Here the page is reloaded
// (the stand-in keeps the state across reloads, as VS Code does) and the host's sync brings the
// thread's newest page, as the extension's does.
import * as assert from 'node:assert/strict';
import { type ChatPage, openChatPage } from './chatPage';
import { FIRST_PAGE, standInThreadHost, thread } from './longThreadData';

describe('chat webview: the reading position after hide and show (Chromium, the webview CSP)', function () {
  this.timeout(180_000);
  let t: ChatPage;
  const messages = thread();

  const onScreen = () =>
    t.page.evaluate(() => {
      const s = document.getElementById('transcript')!;
      const box = s.getBoundingClientRect();
      return [...s.querySelectorAll<HTMLElement>('article.entry')]
        .map((a) => ({ id: a.dataset.id ?? '', top: Math.round(a.getBoundingClientRect().top), bottom: a.getBoundingClientRect().bottom }))
        .filter((a) => a.bottom > box.top && a.top < box.bottom)
        .map(({ id, top }) => ({ id, top }));
    });
  const painted = () => t.page.waitForFunction(() => performance.getEntriesByName('tutor:view-painted').some((m) => (m as PerformanceMark).detail?.threadId === 'thread_long'));

  before(async () => {
    t = await openChatPage({ width: 480, height: 800 });
    // Installed before the page's scripts, so the answers survive every reload.
    await t.page.addInitScript(standInThreadHost, [messages, 'thread_long', FIRST_PAGE] as const);
    await t.page.reload();
    await painted();
  });
  after(async () => t?.close());

  it('opens at the end when nothing was saved', async () => {
    assert.ok((await onScreen()).some((a) => a.id === messages.at(-1)!.id));
  });

  it('a thread opened twice in a row (the sync and a switch crossing) still opens at its end', async () => {
    const page = { threadId: 'thread_twice', title: 'Twice', messages: messages.slice(-FIRST_PAGE), hasOlder: true, mode: 'tutor', busy: false };
    await t.page.evaluate((view) => {
      window.__host.notify('chat/reset', view);
      window.__host.notify('chat/reset', view);
    }, page);
    await t.page.waitForFunction(() => performance.getEntriesByName('tutor:view-painted').some((m) => (m as PerformanceMark).detail?.threadId === 'thread_twice'));
    assert.ok((await onScreen()).some((a) => a.id === messages.at(-1)!.id), 'the last message is on screen');
    assert.equal(await t.page.locator('#jump').isVisible(), false, 'no "Jump to latest": the view is at the end');
    // Back to the long thread for the next test, from the host's sync as after a reload.
    await t.page.reload();
    await painted();
  });

  it('comes back to the same message at the same place, hundreds of messages up', async () => {
    await t.page.keyboard.press('Control+f');
    await t.page.keyboard.type('Answer 251.');
    await t.page.waitForFunction(() => document.getElementById('find-status')?.textContent === '1 of 1');
    await t.page.keyboard.press('Escape');
    // Scrolled a little by hand after the jump, so the offset is not just the find's.
    await t.page.evaluate(() => (document.getElementById('transcript')!.scrollTop += 37));
    await t.page.waitForTimeout(500);
    const before = (await onScreen())[0]!;
    assert.ok(Number(before.id.slice(4)) < 600, `the reader is far up the thread (${before.id})`);

    await t.page.reload();
    await t.page.waitForFunction((id) => !!document.querySelector(`article.entry[data-id="${id}"]`), before.id);
    await painted();
    await t.page.waitForTimeout(300);
    const after = await onScreen();
    const same = after.find((a) => a.id === before.id);
    assert.ok(same, `${before.id} is on screen again (${JSON.stringify(after)})`);
    assert.ok(Math.abs(same.top - before.top) <= 4, `at the same place (${before.top} → ${same.top})`);
  });
});
