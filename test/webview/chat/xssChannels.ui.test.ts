// Model- and file-controlled text reaches the chat webview by more roads than the answer's
// Markdown: tool-call cards (name, arguments, code, output, logs, results, images, approval
// preview), citation chips and file links (file names, markers), the question, notices, the title
// and a restored history. This sends XSS payloads down every one of them into the real webview
// bundle under the extension's CSP (chatPage.ts) and checks that nothing runs, loads or navigates:
// the global canary, CSP `securitypolicyviolation` reports, stray requests, and the DOM itself.
import * as assert from 'node:assert/strict';
import type { ToolCallView, TranscriptMessage } from '../../../src/common/protocol';
import { xssCorpus } from '../render/xssCorpus';
import { DANGEROUS_ELEMENTS, scanForExecutables } from '../xssScan';
import { type ChatPage, openChatPage } from './chatPage';

const PWN = 'window.__pwned=1';
/** What a hostile model, tool or file name puts into a plain-text field. */
const FIELD_PAYLOADS = [
  `<img src=x onerror="${PWN}">`,
  `"><svg onload="${PWN}">`,
  `'><script>${PWN}</script>`,
  `javascript:${PWN}`,
  `</pre><iframe src="javascript:${PWN}"></iframe>`,
  `<a href="javascript:${PWN}" target=_blank>x</a>`,
  `[x](javascript:${PWN}) $\\href{javascript:${PWN}}{y}$`,
];
/** Image sources a tool call might carry; only a bitmap data: URI may become an <img>. */
const IMAGE_SOURCES = [
  `javascript:${PWN}`,
  `data:text/html,<script>${PWN}</script>`,
  'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+',
  'http://198.51.100.7/track.png',
  `data:image/png;base64,iVBORw0KGgo=" onerror="${PWN}`,
];
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

type Send = (t: ChatPage, payload: string, n: number) => Promise<void>;

const call = (t: ChatPage, n: number, over: Partial<ToolCallView>) =>
  t.notify('chat/toolCall', { messageId: 'msg_tools', call: { id: `call_${n}`, kind: 'function', name: 'lookup', arguments: '{}', status: 'done', ...over } });

/** An answer holding `text`, then annotations on it. */
async function annotated(t: ChatPage, n: number, text: string, annotations: { citations: unknown[]; files: unknown[] }): Promise<void> {
  const messageId = `msg_ann_${n}`;
  await t.notify('chat/assistantStart', { messageId });
  await t.notify('chat/delta', { messageId, text });
  await t.notify('chat/assistantEnd', { messageId, status: 'complete' });
  await t.notify('chat/annotations', { messageId, ...annotations });
}

/** Every road into the view, each taking one payload. */
const CHANNELS: Record<string, Send> = {
  'question text': (t, p, n) => t.notify('chat/question', { text: p, id: `msg_q_${n}` }),
  'notice text': (t, p) => t.notify('chat/notice', { text: p, level: 'error', action: 'retry' }),
  'thread title': (t, p) => t.notify('chat/title', { title: p }),
  'ToolCallView.name': (t, p, n) => call(t, n, { name: p }),
  'ToolCallView.id': (t, p) => call(t, 0, { id: p }),
  'ToolCallView.arguments (function, JSON)': (t, p, n) => call(t, n, { arguments: JSON.stringify({ text: p }) }),
  'ToolCallView.arguments (function, raw)': (t, p, n) => call(t, n, { arguments: p }),
  'ToolCallView.arguments (code interpreter code)': (t, p, n) => call(t, n, { kind: 'code_interpreter', name: 'code_interpreter', arguments: p }),
  'ToolCallView.output': (t, p, n) => call(t, n, { output: p }),
  'ToolCallView.logs': (t, p, n) => call(t, n, { kind: 'code_interpreter', name: 'code_interpreter', arguments: 'print(1)', logs: p }),
  'ToolCallView.results[].fileName': (t, p, n) => call(t, n, { kind: 'file_search', name: 'file_search', results: [{ fileName: p, score: 0.5 }] }),
  'ToolCallView.images[].fileId': (t, p, n) => call(t, n, { kind: 'code_interpreter', name: 'code_interpreter', arguments: 'plot()', images: [{ fileId: p, src: PNG }] }),
  'ToolCallView.approval.preview': (t, p, n) => call(t, n, { status: 'waiting', approval: { state: 'pending', preview: p } }),
  'ToolCallView.approval.target': (t, p, n) => call(t, n, { status: 'waiting', approval: { state: 'pending', preview: 'x', target: p } }),
  'CitationView.fileName': (t, p, n) => annotated(t, n, 'See the notes【4:0†notes.md】.', { citations: [{ n: 1, marker: '【4:0†notes.md】', fileName: p }], files: [] }),
  'CitationView.marker': (t, p, n) => annotated(t, n, `See ${p} here.`, { citations: [{ n: 1, marker: p, fileName: 'notes.md' }], files: [] }),
  'FileLinkView.marker': (t, p, n) => annotated(t, n, `Saved ${p} for you.`, { citations: [], files: [{ marker: p, fileId: 'file-abc', fileName: 'out.csv' }] }),
  'FileLinkView.fileName': (t, p, n) => annotated(t, n, 'Saved sandbox:/mnt/data/out.csv for you.', { citations: [], files: [{ marker: 'sandbox:/mnt/data/out.csv', fileId: 'file-abc', fileName: p }] }),
  'history (chat/reset)': (t, p, n) => {
    const messages: TranscriptMessage[] = [
      { id: `r_q_${n}`, role: 'user', text: p, status: 'complete', createdAt: 1 },
      {
        id: `r_a_${n}`, role: 'assistant', text: `Answer ${p} 【4:0†x】`, status: 'complete', createdAt: 2,
        toolCalls: [{ id: `r_c_${n}`, kind: 'function', name: p, arguments: p, output: p, status: 'done' }],
        citations: [{ n: 1, marker: '【4:0†x】', fileName: p }],
        files: [{ marker: 'Answer', fileId: 'file-r', fileName: p }],
      },
    ];
    return t.notify('chat/reset', { threadId: `thread_${n}`, title: p, mode: 'tutor', busy: false, messages });
  },
};

describe('chat webview: XSS through every channel (Chromium, the webview CSP)', function () {
  this.timeout(180_000);
  let t: ChatPage;
  let tried = 0;
  let blocked = 0;

  before(async () => {
    t = await openChatPage();
    await t.notify('chat/assistantStart', { messageId: 'msg_tools' });
  });
  after(async () => {
    await t?.close();
    console.log(`\n    XSS through the chat's channels: ${tried} payloads tried, ${blocked} blocked\n`);
  });

  /** Fails on anything that ran, loaded, navigated, or could. */
  async function assertInert(what: string): Promise<void> {
    tried++;
    // onerror / onload fire asynchronously.
    await t.page.waitForTimeout(30);
    const out = await t.page.evaluate(scanForExecutables, { selector: '#transcript, #thread-title', dangerous: DANGEROUS_ELEMENTS });
    const { pwned, violations } = await t.page.evaluate(() => ({ pwned: window.__pwned, violations: window.__host.violations.slice() }));
    assert.deepEqual(out, [], `${what}: nothing executable or loadable in the DOM`);
    assert.equal(pwned, undefined, `${what}: the payload ran`);
    assert.deepEqual(violations, [], `${what}: CSP violations (something tried to run or load)`);
    assert.deepEqual(t.strayRequests, [], `${what}: requests that left the page`);
    assert.deepEqual(t.pageErrors, [], `${what}: page errors`);
    blocked++;
  }

  for (const [channel, send] of Object.entries(CHANNELS)) {
    it(`${channel}: ${FIELD_PAYLOADS.length} payloads stay text`, async () => {
      for (const payload of FIELD_PAYLOADS) {
        await send(t, payload, tried);
        await assertInert(`${channel} ← ${payload}`);
      }
    });
  }

  it(`ToolCallView.images[].src: only bitmap data: URIs become images (${IMAGE_SOURCES.length} hostile sources)`, async () => {
    for (const src of IMAGE_SOURCES) {
      const id = `call_img_${tried}`;
      await call(t, tried, { id, kind: 'code_interpreter', name: 'code_interpreter', arguments: 'plot()', images: [{ fileId: 'file-img', src }] });
      assert.equal(await t.page.locator(`.tool-call[data-call-id="${id}"] img`).count(), 0, `no <img> for ${src}`);
      await assertInert(`image src ${src}`);
    }
  });

  it(`the renderer corpus streamed as answers (${xssCorpus.length} payloads)`, async () => {
    for (const [i, c] of xssCorpus.entries()) {
      const messageId = `msg_corpus_${i}`;
      await t.notify('chat/assistantStart', { messageId });
      for (let at = 0; at < c.markdown.length; at += 7) await t.page.evaluate(([id, text]) => window.__host.notify('chat/delta', { messageId: id, text }), [messageId, c.markdown.slice(at, at + 7)] as const);
      await t.notify('chat/assistantEnd', { messageId, status: 'complete' });
      await assertInert(`answer: ${c.name}`);
    }
  });

  it('clicking every link, chip and file button posts only safe requests, and navigates nowhere', async () => {
    const { page } = t;
    const before = page.url();
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    const popups: unknown[] = [];
    page.context().on('page', (p) => popups.push(p));
    // Only the messages near the viewport are in the DOM: walk the transcript from the top down,
    // a screenful at a time, clicking what each screenful shows.
    const targets = page.locator('#transcript a:not([data-clicked]), #transcript button.citation-chip:not([data-clicked]), #transcript button.file-link:not([data-clicked]), #transcript button.source-link:not([data-clicked])');
    const frame = () => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    await page.evaluate(() => (document.getElementById('transcript')!.scrollTop = 0));
    let count = 0;
    for (let screens = 0; screens < 500; screens++) {
      await frame();
      for (let n = await targets.count(); n > 0; n = await targets.count()) {
        const target = targets.first();
        await target.evaluate((e) => e.setAttribute('data-clicked', ''));
        await target.click({ force: true, timeout: 5_000 }).catch(() => {});
        count++;
      }
      const more = await page.evaluate(() => {
        const s = document.getElementById('transcript')!;
        if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) return false;
        s.scrollTop += s.clientHeight * 0.8;
        return true;
      });
      if (!more) break;
    }
    // The history channel's chat/reset cleared the earlier ones; what is left still has links,
    // chips and file buttons from every kind.
    assert.ok(count > 5, `there is something to click (${count})`);
    await page.waitForTimeout(300);
    assert.equal(page.url(), before);
    assert.equal(navigations, 0, 'no navigation');
    assert.equal(popups.length, 0, 'no new window');
    const posted = await page.evaluate(() => window.__host.posted.filter((m) => m.kind === 'request').map((m) => ({ method: m.method, params: m.params })));
    for (const { method, params } of posted) {
      if (method === 'chat/openLink') assert.match(String(params?.href), /^(https?:|mailto:)/, 'only web and mail links reach the host');
      if (method === 'chat/saveFile') assert.match(String(params?.fileId), /^file-[A-Za-z0-9_-]+$/);
      if (method === 'chat/openCitation') assert.ok(Number.isInteger(params?.n));
    }
    await assertInert('after clicking everything');
  });
});
