import * as assert from 'node:assert/strict';
import type { ToolCallView } from '../../../src/common/protocol';
import { type ChatPage, openChatPage } from './chatPage';

// A real 3×2 PNG (red, blue, green pixels), as the host sends code interpreter images.
const PNG_3X2 = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAFUlEQVR4nGP4z8DA0PBf44QGA5wFAEc2By0Ho4eNAAAAAElFTkSuQmCC';
const CODE = 'import math\n\ndef area(r):\n    return math.pi * r ** 2\n\nprint(area(2))\n';

describe('chat webview: tool-call cards (Chromium, the webview CSP)', function () {
  this.timeout(120_000);
  let t: ChatPage;

  before(async () => {
    t = await openChatPage();
    await t.notify('chat/question', { text: 'What is the area of a circle of radius 2?', id: 'msg_q1' });
    await t.notify('chat/assistantStart', { messageId: 'msg_a1' });
    await t.notify('chat/delta', { messageId: 'msg_a1', text: 'Let me compute it.' });
  });
  after(async () => t?.close());

  const card = (id: string) => t.page.locator(`.tool-call[data-call-id="${id}"]`);
  const toolCall = (call: ToolCallView, messageId?: string) => t.notify('chat/toolCall', { ...(messageId ? { messageId } : {}), call });
  const ci = (over: Partial<ToolCallView>): ToolCallView => ({ id: 'call_ci', kind: 'code_interpreter', name: 'code_interpreter', arguments: '', status: 'running', ...over });

  it('a running code interpreter call shows a spinner and a status screen readers hear', async () => {
    await toolCall(ci({}), 'msg_a1');
    const c = card('call_ci');
    assert.equal(await c.count(), 1);
    assert.equal(await c.locator('.tool-call-name').textContent(), 'Code interpreter');
    assert.equal(await c.locator('.tool-call-status').textContent(), 'Running…');
    assert.equal(await c.getByRole('status').textContent(), 'Code interpreter: Running…');
    const spin = await c.locator('.tool-call-icon').evaluate((e) => getComputedStyle(e).animationName);
    assert.equal(spin, 'tool-call-spin');
    assert.equal(await t.page.locator('.entry.assistant[data-id="msg_a1"] .tool-call').count(), 1, 'the card sits in its answer');
  });

  it('when done: Python code highlighted, logs in a monospace block, the image shown, the duration', async () => {
    await toolCall(ci({ arguments: CODE, logs: '12.566370614359172\n', images: [{ fileId: 'file-plot1', src: PNG_3X2 }], status: 'done', durationMs: 1234 }));
    const c = card('call_ci');
    assert.equal(await c.count(), 1, 'updated in place, not added again');
    assert.equal(await c.locator('.tool-call-status').textContent(), 'Done');
    assert.equal(await c.locator('.tool-call-duration').textContent(), '1.2 s');
    assert.equal(await c.getByRole('status').textContent(), 'Code interpreter: Done');

    // Folded at first, so the answer stays in view; the summary opens it.
    const code = c.locator('code.language-python');
    assert.equal(await code.isVisible(), false);
    await c.locator('summary.tool-call-summary').click();
    assert.equal(await code.isVisible(), true);
    assert.equal(await code.textContent(), CODE);
    assert.ok((await code.locator('.hljs-keyword').count()) >= 2, 'import / def / return highlighted');
    assert.equal(await c.locator('.code-block-language').textContent(), 'python');
    const logs = c.locator('pre.tool-logs');
    assert.equal(await logs.textContent(), '12.566370614359172\n');
    assert.match(await logs.evaluate((e) => getComputedStyle(e).fontFamily), /mono/i);

    const img = c.locator('.tool-image img');
    await t.page.waitForFunction(() => document.querySelector<HTMLImageElement>('.tool-image img')?.complete === true);
    const shown = await img.evaluate((e: HTMLImageElement) => ({ w: e.naturalWidth, h: e.naturalHeight, alt: e.alt, visible: e.getBoundingClientRect().width > 0, max: getComputedStyle(e).maxWidth }));
    assert.deepEqual(shown, { w: 3, h: 2, alt: 'Image made by the code', visible: true, max: '100%' });
    assert.deepEqual(t.pageErrors, []);
    assert.deepEqual(await t.page.evaluate(() => window.__host.violations), []);
  });

  it('an update keeps the card open and does not rebuild unchanged parts', async () => {
    const c = card('call_ci');
    const before = await c.evaluate((e) => {
      (window as unknown as { codeNode: Element }).codeNode = e.querySelector('code.language-python')!;
      return (e.querySelector('details') as HTMLDetailsElement).open;
    });
    assert.equal(before, true);
    await toolCall(ci({ arguments: CODE, logs: '12.566370614359172\n', images: [{ fileId: 'file-plot1', src: PNG_3X2 }], status: 'done', durationMs: 1300 }));
    const after = await c.evaluate((e) => ({
      open: (e.querySelector('details') as HTMLDetailsElement).open,
      sameCode: e.querySelector('code.language-python') === (window as unknown as { codeNode: Element }).codeNode,
    }));
    assert.deepEqual(after, { open: true, sameCode: true });
    assert.equal(await c.locator('.tool-call-duration').textContent(), '1.3 s');
  });

  it('the image can be saved (chat/saveFile with its file id)', async () => {
    await card('call_ci').getByRole('button', { name: 'Save image' }).click();
    const saves = await t.page.evaluate(() => window.__host.requests('chat/saveFile').map((m) => m.params));
    assert.deepEqual(saves, [{ fileId: 'file-plot1' }]);
  });

  it('long logs are folded under their own summary', async () => {
    const logs = Array.from({ length: 200 }, (_, i) => `step ${i}`).join('\n');
    await toolCall(ci({ id: 'call_long', arguments: 'for i in range(200): print(f"step {i}")', logs, status: 'done' }), 'msg_a1');
    const c = card('call_long');
    await c.locator('summary.tool-call-summary').click();
    const fold = c.locator('details.tool-fold');
    assert.equal(await fold.locator('summary').textContent(), 'Output · 200 lines');
    assert.equal(await fold.evaluate((e: HTMLDetailsElement) => e.open), false);
    assert.equal(await fold.locator('pre.tool-logs').isVisible(), false);
    await fold.locator('summary').click();
    assert.equal(await fold.locator('pre.tool-logs').isVisible(), true);
  });

  it('a function call shows its name, pretty-printed arguments, output and duration', async () => {
    await toolCall({ id: 'call_fn', kind: 'function', name: 'lookup_formula', arguments: '{"topic":"circle","what":["area"]}', status: 'running' }, 'msg_a1');
    await toolCall({ id: 'call_fn', kind: 'function', name: 'lookup_formula', arguments: '{"topic":"circle","what":["area"]}', output: '{"area":"pi r^2"}', status: 'done', durationMs: 42 });
    const c = card('call_fn');
    await c.locator('summary.tool-call-summary').click();
    assert.equal(await c.locator('.tool-call-name').textContent(), 'lookup_formula');
    assert.equal(await c.locator('pre.tool-args').textContent(), '{\n  "topic": "circle",\n  "what": [\n    "area"\n  ]\n}');
    assert.equal(await c.locator('pre.tool-output').textContent(), '{\n  "area": "pi r^2"\n}');
    assert.equal(await c.locator('.tool-call-duration').textContent(), '42 ms');
  });

  it('a file search call lists its results with scores', async () => {
    await toolCall({ id: 'call_fs', kind: 'file_search', name: 'file_search', arguments: '', status: 'done', results: [{ fileName: 'notes.md', score: 0.91 }, { fileName: 'calculus.pdf', score: 0.5 }] }, 'msg_a1');
    const c = card('call_fs');
    await c.locator('summary.tool-call-summary').click();
    assert.equal(await c.locator('.tool-call-name').textContent(), 'File search');
    assert.deepEqual(await c.locator('.tool-results li').allTextContents(), ['notes.mdscore 0.91', 'calculus.pdfscore 0.50']);
  });

  it('failed and cancelled calls say so', async () => {
    await toolCall(ci({ id: 'call_fail', status: 'failed', logs: 'ZeroDivisionError: division by zero' }), 'msg_a1');
    await toolCall(ci({ id: 'call_cancel', status: 'cancelled' }), 'msg_a1');
    assert.equal(await card('call_fail').locator('.tool-call-status').textContent(), 'Failed');
    assert.equal(await card('call_cancel').locator('.tool-call-status').textContent(), 'Cancelled');
    assert.equal(await card('call_fail').getByRole('status').textContent(), 'Code interpreter: Failed');
  });

  it('streaming the answer does not touch the cards', async () => {
    const mutations = await t.page.evaluate(async () => {
      let count = 0;
      const observer = new MutationObserver((records) => (count += records.length));
      for (const c of document.querySelectorAll('.tool-call')) observer.observe(c, { subtree: true, childList: true, attributes: true, characterData: true });
      for (let i = 0; i < 200; i++) {
        window.__host.notify('chat/delta', { messageId: 'msg_a1', text: ` word${i}` });
        if (i % 20 === 0) await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise((r) => requestAnimationFrame(r));
      count += observer.takeRecords().length;
      observer.disconnect();
      return count;
    });
    assert.equal(mutations, 0);
    assert.match((await t.page.locator('.entry.assistant[data-id="msg_a1"] > .body').textContent()) ?? '', /word199/);
  });

  describe('approval', () => {
    const pending = (id: string): ToolCallView => ({
      id, kind: 'function', name: 'insert_text', arguments: '{"text":"x = 2"}', status: 'waiting',
      approval: { state: 'pending', preview: 'x = 2\nprint(x)', target: 'Inserts at line 3, column 9 of notes.md.' },
    });

    it('a pending approval shows where it goes, the preview, and Approve posts chat/approve', async () => {
      await toolCall(pending('call_ap'), 'msg_a1');
      const c = card('call_ap');
      assert.equal(await c.locator('.tool-call-status').textContent(), 'Waiting for your approval');
      assert.equal(await c.locator('.tool-approval-target').textContent(), 'Inserts at line 3, column 9 of notes.md.');
      assert.equal(await c.locator('.tool-approval-target').isVisible(), true, 'outside the fold');
      assert.equal(await c.locator('.tool-approval-preview code').textContent(), 'x = 2\nprint(x)');
      assert.equal(await c.locator('.tool-approval-preview').isVisible(), true, 'outside the fold');
      const approve = c.getByRole('button', { name: 'Approve', exact: true });
      assert.equal(await c.getByRole('button', { name: 'Deny' }).count(), 1);
      assert.equal(await c.getByRole('button', { name: 'Always allow in this workspace' }).count(), 1);
      await approve.click();
      const sent = await t.page.evaluate(() => window.__host.requests('chat/approve'));
      assert.equal(sent.length, 1);
      assert.deepEqual({ method: sent[0]!.method, params: sent[0]!.params }, { method: 'chat/approve', params: { callId: 'call_ap', decision: 'approve' } });
      // Answered once: a second click sends nothing.
      assert.equal(await approve.getAttribute('aria-disabled'), 'true');
      await approve.click({ force: true });
      assert.equal((await t.page.evaluate(() => window.__host.requests('chat/approve'))).length, 1);
    });

    it('the host\'s answer replaces the buttons with the outcome', async () => {
      await toolCall({ ...pending('call_ap'), status: 'running', approval: { state: 'approved', preview: 'x = 2\nprint(x)' } });
      const c = card('call_ap');
      assert.equal(await c.locator('vscode-button').count(), 0);
      assert.equal(await c.locator('.tool-approval-state').textContent(), '✓ Approved');
      assert.equal(await c.locator('.tool-call-status').textContent(), 'Running…');
    });

    it('works from the keyboard, and keeps focus in the card when the buttons go away', async () => {
      await toolCall(pending('call_kb'), 'msg_a1');
      const c = card('call_kb');
      await c.getByRole('button', { name: 'Approve', exact: true }).focus();
      await t.page.keyboard.press('Tab');
      await t.page.keyboard.press('Enter'); // Deny
      await t.page.waitForFunction(() => window.__host.requests('chat/approve').length === 2);
      const sent = await t.page.evaluate(() => window.__host.requests('chat/approve').at(-1)!.params);
      assert.deepEqual(sent, { callId: 'call_kb', decision: 'deny' });
      await toolCall({ ...pending('call_kb'), status: 'cancelled', approval: { state: 'denied', preview: 'x = 2\nprint(x)' } });
      assert.equal(await c.locator('.tool-approval-state').textContent(), '✗ Denied');
      assert.equal(await t.page.evaluate(() => document.activeElement?.className), 'tool-approval-state');

      await toolCall(pending('call_always'), 'msg_a1');
      await card('call_always').getByRole('button', { name: 'Always allow in this workspace' }).focus();
      await t.page.keyboard.press(' ');
      await t.page.waitForFunction(() => window.__host.requests('chat/approve').length === 3);
      assert.deepEqual(await t.page.evaluate(() => window.__host.requests('chat/approve').at(-1)!.params), { callId: 'call_always', decision: 'always' });
    });

    it('when the answer does not reach the host, the buttons come back with a message', async () => {
      await t.page.evaluate(() => window.__host.failRequests.add('chat/approve'));
      await toolCall(pending('call_lost'), 'msg_a1');
      const c = card('call_lost');
      await c.getByRole('button', { name: 'Approve', exact: true }).click();
      await c.getByRole('alert').waitFor();
      assert.equal(await c.getByRole('alert').textContent(), 'Your answer did not reach Tutor. Try again.');
      assert.equal(await c.locator('vscode-button[aria-disabled="true"]').count(), 0);
      await t.page.evaluate(() => window.__host.failRequests.clear());
    });
  });

  describe('verify_math', () => {
    it('verified: a badge on the card and on its answer, with a title that says how', async () => {
      await toolCall({ id: 'call_v1', kind: 'function', name: 'verify_math', arguments: '{"claim":"pi*2^2 = 4*pi"}', status: 'done', output: '{"ok":true}', verified: true }, 'msg_a1');
      const badge = card('call_v1').locator('.badge.verified');
      assert.equal(await badge.textContent(), '✓ Verified');
      assert.match((await badge.getAttribute('title')) ?? '', /symbolically.*numerically/);
      const onMessage = t.page.locator('.entry.assistant[data-id="msg_a1"] > .message-badges .badge.verified');
      assert.equal(await onMessage.textContent(), '✓ Verified');
      assert.match((await onMessage.getAttribute('title')) ?? '', /checked/);
      assert.equal(await card('call_v1').getByRole('status').textContent(), 'verify_math: Done, verified');
    });

    it('a failed check shows on the card only', async () => {
      await t.notify('chat/question', { text: 'And for r = 3?', id: 'msg_q2' });
      await t.notify('chat/assistantStart', { messageId: 'msg_a2' });
      await toolCall({ id: 'call_v2', kind: 'function', name: 'verify_math', arguments: '{}', status: 'done', verified: false }, 'msg_a2');
      assert.equal(await card('call_v2').locator('.badge.check-failed').textContent(), '✗ Check failed');
      assert.equal(await t.page.locator('.entry.assistant[data-id="msg_a2"] .message-badges').count(), 0);
    });

    it('a check that ran before its answer started badges the answer that follows', async () => {
      await t.notify('chat/question', { text: 'Check 2+2=4', id: 'msg_q3' });
      await toolCall({ id: 'call_v3', kind: 'function', name: 'verify_math', arguments: '{}', status: 'running' });
      await toolCall({ id: 'call_v3', kind: 'function', name: 'verify_math', arguments: '{}', status: 'done', verified: true });
      await t.notify('chat/assistantStart', { messageId: 'msg_a3' });
      assert.equal(await t.page.locator('.entry.assistant[data-id="msg_a3"] .message-badges .badge.verified').count(), 1);
    });
  });

  // A describe of its own: mocha runs a suite's tests before its child suites, and this one
  // replaces the transcript the others use.
  describe('reset', () => it('tool calls of a message in chat/reset are shown, and view/snapshot still answers', async () => {
    await t.notify('chat/reset', {
      threadId: 'thread_1', title: 'Circles', mode: 'tutor', busy: false,
      messages: [
        { id: 'msg_r1', role: 'user', text: 'Area?', status: 'complete', createdAt: 1 },
        { id: 'msg_r2', role: 'assistant', text: 'It is $4\\pi$.', status: 'complete', createdAt: 2, toolCalls: [ci({ id: 'call_r', arguments: CODE, status: 'done', verified: true, images: [{ fileId: 'file-plot1', src: PNG_3X2 }] })] },
      ],
    });
    // History renders a few frames after the reset (built between frames, then attached).
    await card('call_r').waitFor();
    assert.equal(await t.page.locator('.tool-call').count(), 1);
    assert.equal(await card('call_r').locator('img').count(), 1, 'the image is shown');
    // The state VS Code keeps (rewritten on every keystroke in the draft) holds the card, not the image's bytes.
    const saved = await t.page.evaluate(() => window.__host.savedState());
    assert.ok(saved.includes('call_r') && !saved.includes('data:image'), saved.slice(0, 300));
    assert.equal(await card('call_r').locator('.badge.verified').count(), 1);
    assert.equal(await t.page.locator('.entry.assistant[data-id="msg_r2"] .message-badges .badge.verified').count(), 1);
    await t.page.evaluate(() => window.__host.request(901, 'view/snapshot', {}));
    const reply = await t.page.evaluate(() => window.__host.posted.find((m) => m.kind === 'reply' && m.id === 901) as unknown as { ok: boolean; value: { entries: { kind: string; text: string }[] } });
    assert.equal(reply.ok, true);
    assert.deepEqual(reply.value.entries.map((e) => e.kind), ['user', 'assistant']);
    assert.deepEqual(t.pageErrors, []);
    assert.deepEqual(await t.page.evaluate(() => window.__host.violations), []);
    assert.deepEqual(t.strayRequests, []);
  }));

  // Its own describe too (it replaces the transcript): a page that syncs while the answer's first
  // tool call is running, or done but not yet taken in by a message, still shows it.
  describe('reset mid-answer', () => it("a running answer's calls that no message holds yet come back with chat/reset, and later updates reach the same card", async () => {
    await t.notify('chat/reset', {
      threadId: 'thread_2', title: 'Solve', mode: 'tutor', busy: true,
      messages: [{ id: 'msg_p1', role: 'user', text: 'Solve 3x + 11 = 14 with Python.', status: 'complete', createdAt: 1 }],
      pendingCalls: [ci({ id: 'call_p', arguments: CODE, status: 'done', logs: 'x = 1.0\n' })],
    });
    await card('call_p').waitFor();
    assert.match((await card('call_p').textContent()) ?? '', /x = 1\.0/);
    // The answer that takes the call in starts after the sync: the card stays one card.
    await t.notify('chat/assistantStart', { messageId: 'msg_p2' });
    await t.notify('chat/toolCall', { messageId: 'msg_p2', call: ci({ id: 'call_p', arguments: CODE, status: 'done', logs: 'x = 1.0\n' }) });
    await t.notify('chat/delta', { messageId: 'msg_p2', text: 'So $x = 1$.' });
    await t.page.locator('.entry.assistant[data-id="msg_p2"]', { hasText: 'So' }).waitFor();
    assert.equal(await t.page.locator('.tool-call').count(), 1);
    assert.deepEqual(t.pageErrors, []);
  }));
});
