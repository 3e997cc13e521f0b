import * as assert from 'node:assert/strict';
import type { CitationView, FileLinkView, TranscriptMessage } from '../../../src/common/protocol';
import { type ChatPage, openChatPage } from './chatPage';

const ANSWER = [
  'The power rule is in your notes【4:0†notes.md】, with a proof in the textbook【4:1†calculus.pdf】.\n\n',
  // Markdown reads `_draft_` as emphasis: this marker spans three text nodes in the DOM.
  'Again: see the notes【4:0†notes.md】 and your draft【4:2†_draft_.md】.\n\n',
  'I saved the table: [Download the table](sandbox:/mnt/data/result.csv). Raw path: sandbox:/mnt/data/plot.png\n',
];
const CITATIONS: CitationView[] = [
  { n: 1, marker: '【4:0†notes.md】', fileName: 'notes.md' },
  { n: 2, marker: '【4:1†calculus.pdf】', fileName: 'calculus.pdf' },
  { n: 3, marker: '【4:2†_draft_.md】', fileName: '_draft_.md' },
];
const FILES: FileLinkView[] = [
  { marker: 'sandbox:/mnt/data/result.csv', fileId: 'file-result', fileName: 'result.csv' },
  { marker: 'sandbox:/mnt/data/plot.png', fileId: 'file-plot', fileName: 'plot.png' },
];

describe('chat webview: citations and file links (Chromium, the webview CSP)', function () {
  this.timeout(120_000);
  let t: ChatPage;

  before(async () => {
    t = await openChatPage();
  });
  after(async () => t?.close());

  const answer = (id: string) => t.page.locator(`.entry.assistant[data-id="${id}"]`);
  const requests = (method: string) => t.page.evaluate((m) => window.__host.requests(m).map((r) => r.params), method);

  async function streamAnswer(id: string, parts: string[]): Promise<void> {
    await t.notify('chat/assistantStart', { messageId: id });
    for (const text of parts) await t.notify('chat/delta', { messageId: id, text });
    await t.notify('chat/assistantEnd', { messageId: id, status: 'complete' });
  }

  describe('chat/annotations on a streamed answer', () => {
    before(async () => {
      await t.notify('chat/question', { text: 'Why is the derivative of x^n n x^(n-1)?', id: 'msg_q1' });
      await streamAnswer('msg_a1', ANSWER);
      // Before the annotations, the markers are plain text (and one has an <em> inside).
      assert.match((await answer('msg_a1').locator('.body').textContent()) ?? '', /【4:0†notes\.md】/);
      assert.equal(await answer('msg_a1').locator('.body em').textContent(), 'draft');
      await t.notify('chat/annotations', { messageId: 'msg_a1', citations: CITATIONS, files: FILES });
    });

    it('each citation marker becomes a [n] chip titled with its file; no marker text is left', async () => {
      const body = answer('msg_a1').locator('.body');
      const chips = body.locator('button.citation-chip');
      assert.deepEqual(await chips.allTextContents(), ['[1]', '[2]', '[1]', '[3]']);
      assert.deepEqual(await chips.evaluateAll((cs) => cs.map((c) => c.getAttribute('title'))), ['notes.md', 'calculus.pdf', 'notes.md', '_draft_.md']);
      const text = (await body.textContent()) ?? '';
      assert.ok(!text.includes('【') && !text.includes('】'), text);
      assert.match(text, /in your notes\[1\], with a proof in the textbook\[2\]\./);
      assert.match(text, /and your draft\[3\]\./);
      assert.equal(await body.locator('em').count(), 0, 'the emphasis inside the marker went with it');
    });

    it('clicking a chip asks the host to open that citation', async () => {
      await answer('msg_a1').locator('.body').getByRole('button', { name: 'Source 2: calculus.pdf' }).click();
      assert.deepEqual(await requests('chat/openCitation'), [{ messageId: 'msg_a1', n: 2 }]);
    });

    it('chips work from the keyboard', async () => {
      await answer('msg_a1').locator('.body button.citation-chip').first().focus();
      await t.page.keyboard.press('Enter');
      await t.page.waitForFunction(() => window.__host.requests('chat/openCitation').length === 2);
      assert.deepEqual((await requests('chat/openCitation')).at(-1), { messageId: 'msg_a1', n: 1 });
    });

    it('a sandbox: link and a bare sandbox: path become Save buttons that send chat/saveFile', async () => {
      const body = answer('msg_a1').locator('.body');
      const link = body.locator('button.file-link', { hasText: 'Download the table' });
      assert.equal(await link.getAttribute('title'), 'Save result.csv…');
      const bare = body.locator('button.file-link', { hasText: 'plot.png' });
      assert.equal(await bare.count(), 1);
      assert.ok(!((await body.textContent()) ?? '').includes('sandbox:'));
      await link.click();
      await bare.click();
      assert.deepEqual(await requests('chat/saveFile'), [{ fileId: 'file-result' }, { fileId: 'file-plot' }]);
    });

    it('lists the sources and files under the answer', async () => {
      const footer = answer('msg_a1').locator('.message-sources');
      assert.deepEqual(await footer.getByRole('group', { name: 'Sources' }).getByRole('button').allTextContents(), ['[1] notes.md', '[2] calculus.pdf', '[3] _draft_.md']);
      assert.deepEqual(await footer.getByRole('group', { name: 'Files' }).getByRole('button').allTextContents(), ['result.csv', 'plot.png']);
      await footer.getByRole('button', { name: 'Open source 1: notes.md' }).click();
      assert.deepEqual((await requests('chat/openCitation')).at(-1), { messageId: 'msg_a1', n: 1 });
    });

    it('view/snapshot shows the answer with its chips', async () => {
      await t.page.evaluate(() => window.__host.request(902, 'view/snapshot', {}));
      const reply = await t.page.evaluate(() => window.__host.posted.find((m) => m.kind === 'reply' && m.id === 902) as unknown as { value: { entries: { kind: string; text: string }[] } });
      const text = reply.value.entries.find((e) => e.kind === 'assistant')?.text ?? '';
      assert.match(text, /notes\[1\]/);
    });
  });

  describe('chat/reset with annotated messages', () => {
    it('renders the chips of TranscriptMessage.citations/files', async () => {
      const messages: TranscriptMessage[] = [
        { id: 'msg_r1', role: 'user', text: 'Power rule?', status: 'complete', createdAt: 1 },
        { id: 'msg_r2', role: 'assistant', text: ANSWER.join(''), status: 'complete', createdAt: 2, citations: CITATIONS, files: FILES },
      ];
      await t.notify('chat/reset', { threadId: 'thread_1', title: 'Derivatives', mode: 'tutor', busy: false, messages });
      const body = answer('msg_r2').locator('.body');
      // History renders a few frames after the reset (built between frames, then attached).
      await body.locator('button.citation-chip').first().waitFor();
      assert.deepEqual(await body.locator('button.citation-chip').allTextContents(), ['[1]', '[2]', '[1]', '[3]']);
      assert.equal(await body.locator('button.file-link').count(), 2);
      await body.locator('button.citation-chip').nth(1).click();
      assert.deepEqual((await requests('chat/openCitation')).at(-1), { messageId: 'msg_r2', n: 2 });
    });

    it('annotations that arrive before their answer is shown apply when it is', async () => {
      await t.notify('chat/annotations', { messageId: 'msg_early', citations: [CITATIONS[0]], files: [] });
      await streamAnswer('msg_early', ['See【4:0†notes.md】.']);
      assert.deepEqual(await answer('msg_early').locator('.body button.citation-chip').allTextContents(), ['[1]']);
    });
  });

  describe('a Chinese answer (#19 §2)', () => {
    // Chinese file names (one with `_…_`, one with full-width parentheses and a space), a quote in
    // Chinese quotation marks, a marker right after math and after full-width punctuation.
    const ZH_ANSWER = '勾股定理见笔记【4:0†数学笔记.md】，教材中写道：“导数是变化率”【4:1†微积分_第二版_.pdf】。\n\n由此$a^2+b^2=c^2$【4:0†数学笔记.md】，习题见：【4:2†第三章 （习题）.md】\n';
    const ZH_CITATIONS: CitationView[] = [
      { n: 1, marker: '【4:0†数学笔记.md】', fileName: '数学笔记.md' },
      { n: 2, marker: '【4:1†微积分_第二版_.pdf】', fileName: '微积分_第二版_.pdf' },
      { n: 3, marker: '【4:0†数学笔记.md】', fileName: '数学笔记.md' },
      { n: 4, marker: '【4:2†第三章 （习题）.md】', fileName: '第三章 （习题）.md' },
    ];

    before(async () => {
      await t.notify('chat/question', { text: '勾股定理是什么？', id: 'msg_zq' });
      // Cut inside Han runs, inside markers and right at the `$`s.
      const cuts = [3, 9, 14, 30, 41, 52, 55, 58, 59, 72, 76, ZH_ANSWER.length];
      await streamAnswer('msg_zh', cuts.map((end, i) => ZH_ANSWER.slice(cuts[i - 1] ?? 0, end)));
      await t.notify('chat/annotations', { messageId: 'msg_zh', citations: ZH_CITATIONS, files: [] });
    });

    it('each Chinese marker becomes its chip, titled with the Chinese file name; the text around stays in order', async () => {
      const body = answer('msg_zh').locator('.body');
      const chips = body.locator('button.citation-chip');
      assert.deepEqual(await chips.allTextContents(), ['[1]', '[2]', '[3]', '[4]']);
      assert.deepEqual(await chips.evaluateAll((cs) => cs.map((c) => c.getAttribute('title'))), ['数学笔记.md', '微积分_第二版_.pdf', '数学笔记.md', '第三章 （习题）.md']);
      const text = (await body.evaluate((b) => {
        const clone = b.cloneNode(true) as HTMLElement;
        for (const k of clone.querySelectorAll('.katex')) k.replaceWith(`⟦${k.querySelector('annotation')?.textContent}⟧`);
        return clone.textContent;
      })) ?? '';
      assert.equal(text.replace(/\s+/g, ' ').trim(), '勾股定理见笔记[1]，教材中写道：“导数是变化率”[2]。 由此⟦a^2+b^2=c^2⟧[3]，习题见：[4]');
      assert.equal(await body.locator('em').count(), 0, 'no emphasis from the _…_ of a file name');
    });

    it('lists the Chinese sources under the answer and opens the one clicked', async () => {
      const footer = answer('msg_zh').locator('.message-sources');
      assert.deepEqual(await footer.locator('button.source-link').allTextContents(), ['[1] 数学笔记.md', '[2] 微积分_第二版_.pdf', '[3] 数学笔记.md', '[4] 第三章 （习题）.md']);
      await answer('msg_zh').locator('.body button.citation-chip').nth(3).click();
      assert.deepEqual((await requests('chat/openCitation')).at(-1), { messageId: 'msg_zh', n: 4 });
    });
  });

  describe('XSS: markers and file names are text, never markup', () => {
    const PAYLOAD = '<img src=x onerror="window.__pwned=1">';

    it('a marker and file names carrying HTML execute nothing and load nothing', async () => {
      const marker = `【9:0†${PAYLOAD}】`;
      await t.notify('chat/question', { text: 'xss', id: 'msg_xq' });
      await streamAnswer('msg_x', [`Look here ${marker} and [file](sandbox:/mnt/data/${encodeURIComponent('<img>')}.csv) and sandbox:/mnt/data/<svg onload=alert(1)>.txt\n`]);
      await t.notify('chat/annotations', {
        messageId: 'msg_x',
        citations: [{ n: 1, marker, fileName: `${PAYLOAD}.md` }, { n: 2, marker: '<script>window.__pwned=2</script>', fileName: '<script>window.__pwned=3</script>' }],
        files: [
          { marker: `sandbox:/mnt/data/${encodeURIComponent('<img>')}.csv`, fileId: 'file-x1', fileName: `${PAYLOAD}.csv` },
          { marker: 'sandbox:/mnt/data/<svg onload=alert(1)>.txt', fileId: 'file-x2', fileName: '<svg onload=alert(1)>.txt' },
        ],
      });
      await t.page.waitForTimeout(100); // onerror / onload would fire asynchronously
      const message = answer('msg_x');
      const chip = message.locator('.body button.citation-chip');
      assert.equal(await chip.count(), 1);
      assert.equal(await chip.getAttribute('title'), `${PAYLOAD}.md`);
      assert.equal(await message.locator('.body button.file-link').count(), 2);
      assert.equal(await message.locator('.body button.file-link').nth(1).textContent(), '<svg onload=alert(1)>.txt');
      assert.deepEqual(await message.locator('.message-sources button').allTextContents(), [
        `[1] ${PAYLOAD}.md`, '[2] <script>window.__pwned=3</script>', `${PAYLOAD}.csv`, '<svg onload=alert(1)>.txt',
      ]);
      const found = await t.page.evaluate(() => {
        const root = document.getElementById('transcript')!;
        const out: string[] = [];
        for (const e of root.querySelectorAll('script, iframe, object, embed, svg:not(.katex svg), style, link')) out.push(`<${e.localName}>`);
        for (const img of root.querySelectorAll('img')) if (!img.closest('.tool-image')) out.push(`img ${img.getAttribute('src')}`);
        for (const e of root.querySelectorAll('*')) for (const a of e.getAttributeNames()) if (/^on/i.test(a)) out.push(`${a} on <${e.localName}>`);
        return { out, pwned: window.__pwned, violations: window.__host.violations.slice() };
      });
      assert.deepEqual(found, { out: [], pwned: undefined, violations: [] });
      assert.deepEqual(t.strayRequests, []);
      assert.deepEqual(t.pageErrors, []);
    });

    it('tool calls carrying HTML in every field execute nothing; non-bitmap image sources are not shown', async () => {
      await t.notify('chat/toolCall', {
        messageId: 'msg_x',
        call: {
          id: `call_${PAYLOAD}`, kind: 'function', name: PAYLOAD, arguments: PAYLOAD, output: PAYLOAD, logs: PAYLOAD, status: 'waiting',
          results: [{ fileName: PAYLOAD, score: 1 }], approval: { state: 'pending', preview: PAYLOAD },
          images: [
            { fileId: 'file-a', src: 'javascript:window.__pwned=4' },
            { fileId: 'file-b', src: 'http://198.51.100.7/track.png' },
            { fileId: 'file-c', src: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+' },
          ],
        },
      });
      await t.notify('chat/toolCall', {
        messageId: 'msg_x',
        call: { id: 'call_ci_x', kind: 'code_interpreter', name: 'code_interpreter', arguments: `print("${PAYLOAD}")  # </code></pre>${PAYLOAD}`, logs: PAYLOAD, status: 'done' },
      });
      await t.page.locator('.tool-call summary').last().click();
      await t.page.waitForTimeout(100);
      const c = t.page.locator('.tool-call').filter({ hasText: PAYLOAD }).first();
      assert.equal(await c.locator('.tool-call-name').textContent(), PAYLOAD);
      assert.equal(await c.locator('.tool-approval-preview').textContent(), PAYLOAD);
      assert.equal(await t.page.locator('.tool-call img').count(), 0);
      const code = t.page.locator('.tool-call[data-call-id="call_ci_x"] code.language-python');
      assert.equal(await code.textContent(), `print("${PAYLOAD}")  # </code></pre>${PAYLOAD}`);
      const found = await t.page.evaluate(() => ({
        imgs: document.querySelectorAll('#transcript img').length,
        handlers: Array.from(document.querySelectorAll('#transcript *')).flatMap((e) => e.getAttributeNames().filter((a) => /^on/i.test(a))),
        pwned: window.__pwned,
        violations: window.__host.violations.slice(),
      }));
      assert.deepEqual(found, { imgs: 0, handlers: [], pwned: undefined, violations: [] });
      assert.deepEqual(t.strayRequests, []);
    });

    it('control: the detectors see a payload inserted as raw HTML (the CSP blocks it and reports)', async () => {
      await t.page.evaluate(() => {
        const div = document.createElement('div');
        document.getElementById('transcript')!.append(div);
        div.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__pwned=1" onload="window.__pwned=1">';
      });
      // The report is the sign the blocked handler was tried.
      await t.page.waitForFunction(() => window.__host.violations.some((v) => v.startsWith('script-src')), undefined, { timeout: 10_000 }).catch(() => {});
      const f = await t.page.evaluate(() => ({ pwned: window.__pwned, violations: window.__host.violations.slice() }));
      assert.ok(f.violations.some((v) => v.startsWith('script-src')), JSON.stringify(f.violations));
      assert.equal(f.pwned, undefined);
    });
  });
});
