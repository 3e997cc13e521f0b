import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../harness/repo.mjs';
import { type ChatPage, openChatPage } from './chatPage';

const zh = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
/** The Chinese of an English source string, from the bundle VS Code loads (so a missing key fails here, not silently). */
const cn = (english: string): string => {
  const text = zh[english];
  if (!text) throw new Error(`l10n/bundle.l10n.zh-cn.json has no "${english}"`);
  return text;
};

describe('chat webview in Chinese (Chromium; the page and its bundle as the host writes them)', function () {
  this.timeout(120_000);
  let t: ChatPage;

  before(async () => {
    t = await openChatPage({ width: 480, height: 900 }, { language: 'zh-cn', bundle: zh });
    // The thread's title is the host's state (the real host's default is translated; this stand-in's is English).
    await t.notify('chat/title', { title: cn('New conversation') });
  });
  after(async () => t?.close());

  it('is written in the display language: <html lang>, the composer, the header and the empty transcript', async () => {
    const page = t.page;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-cn');
    assert.equal(await page.locator('#send').textContent(), cn('Send'));
    assert.equal(await page.locator('#send').getAttribute('aria-label'), cn('Send question'));
    assert.equal(await page.locator('#stop').textContent(), cn('Stop'));
    assert.equal(await page.locator('#question').getAttribute('placeholder'), cn('Ask Tutor… (Enter to send, Shift+Enter for a new line, Esc to stop)'));
    assert.equal(await page.locator('#mode-solve').getAttribute('label'), cn('Solve mode'));
    assert.equal(await page.locator('#thread-title').textContent(), cn('New conversation'));
    // Written by the webview's own script, from the bundle the host put in the page.
    assert.equal(await page.locator('.transcript-head .empty').textContent(), cn('Ask a question about math or code. Tutor gives hints first; ask for the full solution when you want it.'));
  });

  it('what the script builds is Chinese too: messages, notices and their buttons, tool cards, approval, code blocks, sources, find', async () => {
    await t.notify('chat/question', { text: '解方程 $3x + 11 = 14$', id: 'msg_q' });
    await t.notify('chat/assistantStart', { messageId: 'msg_a' });
    await t.notify('chat/delta', { messageId: 'msg_a', text: '先把 $11$ 移到右边：\n\n```python\n# 两边同时减去 11\nx = (14 - 11) / 3\n```\n\n见【4:0†方程.md】。' });
    await t.notify('chat/toolCall', { messageId: 'msg_a', call: { id: 'call_1', kind: 'code_interpreter', name: 'code_interpreter', arguments: 'print(1)', status: 'running' } });
    await t.notify('chat/toolCall', { messageId: 'msg_a', call: { id: 'call_2', kind: 'function', name: 'insert_into_editor', arguments: '{}', status: 'waiting', approval: { state: 'pending', preview: 'x = 1' } } });
    await t.notify('chat/assistantEnd', { messageId: 'msg_a', status: 'incomplete' });
    await t.notify('chat/annotations', { messageId: 'msg_a', citations: [{ n: 1, marker: '【4:0†方程.md】', fileName: '方程.md' }], files: [] });
    await t.notify('chat/notice', { text: cn('The answer was stopped before it finished. Retry to ask again.'), level: 'info', action: 'retry' });
    const page = t.page;

    assert.equal(await page.locator('.entry.user').getAttribute('aria-label'), cn('You'));
    assert.equal(await page.locator('.entry.user .copy-message').textContent(), cn('Copy'));
    assert.equal(await page.locator('.tool-call[data-call-id="call_1"] .tool-call-name').textContent(), cn('Code interpreter'));
    assert.equal(await page.locator('.tool-call[data-call-id="call_1"] .tool-call-status').textContent(), cn('Running…'));
    const approval = page.locator('.tool-call[data-call-id="call_2"] .tool-approval');
    assert.deepEqual(await approval.locator('vscode-button').allTextContents(), [cn('Approve'), cn('Deny'), cn('Always allow in this workspace')]);
    assert.equal(await page.locator('.code-block-action[data-code-action="copy"]').first().textContent(), cn('Copy'));
    assert.equal(await page.locator('.sources-title').textContent(), cn('{0}:').replace('{0}', cn('Sources')));
    assert.equal(await page.locator('.notice-action').textContent(), cn('Retry'));
    // Drawn by chat.css after a stopped answer, from the label the script sets.
    assert.equal(await page.locator('.entry.assistant.incomplete').evaluate((e) => getComputedStyle(e, '::after').content), JSON.stringify(cn('(incomplete)')));

    await page.locator('#transcript').focus();
    await page.keyboard.press('Control+f');
    assert.equal(await page.locator('#find-input').getAttribute('placeholder'), cn('Find in conversation'));
  });

  it('typing Chinese through an input method: the Enter and Escape that pick or drop a candidate neither send, step nor close find', async () => {
    const page = t.page;
    const sends = () => page.evaluate(() => window.__host.requests('chat/send').length);
    await page.evaluate(() => (window.__host.handlers['chat/find'] = () => ({ threadId: null, messageIds: ['msg_q', 'msg_a'] })));
    const before = await sends();
    const box = page.locator('#question');
    await box.fill('解方程');
    await box.dispatchEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true });
    assert.equal(await sends(), before, 'an Enter that picks a candidate sent the question');
    assert.equal(await box.inputValue(), '解方程');

    const find = page.locator('#find-input');
    if (!(await find.isVisible())) {
      await page.locator('#transcript').focus();
      await page.keyboard.press('Control+f');
    }
    await find.fill('方程');
    await page.locator('#find-status').filter({ hasText: /\S/ }).waitFor({ timeout: 5_000 });
    const status = await page.locator('#find-status').textContent();
    assert.ok([1, 2].some((n) => status === cn('{0} of {1}').replace('{0}', String(n)).replace('{1}', '2')), `find says "${status}"`);
    await find.dispatchEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true });
    await find.dispatchEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true, cancelable: true });
    assert.equal(await find.isVisible(), true, 'an Escape that drops a candidate closed find');
    assert.equal(await page.locator('#find-status').textContent(), status, 'an Enter that picks a candidate stepped to another match');
    await find.press('Escape');
    assert.equal(await find.isVisible(), false);
  });

  it('no English sentence of the bundle is left in the page\'s text or its labels', async () => {
    // Every text node and every label a person reads or hears; product and tool names are not sentences.
    const shown = await t.page.evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest('pre, code, .katex, script')) out.push(n.nodeValue!.trim());
      for (const e of Array.from(document.querySelectorAll('*'))) for (const a of ['aria-label', 'title', 'placeholder', 'label', 'alt']) if (e.hasAttribute(a)) out.push(e.getAttribute(a)!.trim());
      return out.filter(Boolean);
    });
    const english = new Set(Object.entries(zh).filter(([k, v]) => k !== v && /[a-z]{3}/i.test(k) && !k.includes('{')).map(([k]) => k));
    const left = shown.filter((text) => english.has(text));
    assert.deepEqual(left, [], 'English left in the Chinese page');
    assert.ok(shown.length > 30, `only ${shown.length} texts read`);
    assert.deepEqual(t.pageErrors, []);
  });
});
