import * as assert from 'node:assert/strict';
import { cjkCorpus, cjkPython } from './cjkCorpus';
import { openRenderPage, type OpenRenderPage } from '../../../harness/render/testPage';

/** What the page reports of one rendered message (see `readMessage`). */
interface Reading {
  reads: string;
  errors: number;
  code: string[];
  comments: string[];
  strings: string[];
  html: string;
}

/**
 * Runs in the page: the message's text in reading order, each formula as ⟦TeX⟧ (⟦⟦TeX⟧⟧ for
 * display) from KaTeX's annotation, code left out (returned apart), whitespace runs collapsed.
 * A formula KaTeX failed on shows its error text, which no expected reading contains.
 */
function readMessage(id: number): Reading {
  // No named inner functions: tsx's esbuild would wrap them in a `__name` helper the page lacks.
  const root = document.querySelector(`.message[data-id="${id}"]`)!;
  let reads = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; ) {
    let skip = false;
    if (node.nodeType === Node.TEXT_NODE) {
      reads += (node as Text).data;
    } else if ((node as Element).matches('.katex')) {
      const tex = (node as Element).querySelector('annotation')?.textContent ?? node.textContent ?? '';
      reads += (node as Element).closest('.katex-display') ? `⟦⟦${tex}⟧⟧` : `⟦${tex}⟧`;
      skip = true;
    } else if ((node as Element).matches('code, .code-block-toolbar')) {
      skip = true;
    }
    if (skip) {
      // Past the element's subtree: its next sibling, or the next sibling of an ancestor.
      let next: Node | null = null;
      for (let at: Node | null = node; at && at !== root && !next; at = at.parentNode) next = at.nextSibling;
      if (next) walker.currentNode = next;
      node = next;
    } else {
      node = walker.nextNode();
    }
  }
  const texts = { code: [] as string[], comments: [] as string[], strings: [] as string[] };
  for (const [key, selector] of [['code', 'pre code'], ['comments', 'pre code .hljs-comment'], ['strings', 'pre code .hljs-string']] as const) {
    for (const e of root.querySelectorAll(selector)) texts[key].push(e.textContent ?? '');
  }
  return { reads: reads.replace(/\s+/g, ' ').trim(), errors: root.querySelectorAll('.katex-error').length, ...texts, html: root.innerHTML };
}

describe('renderer: Chinese text with math and code (Chromium, the webview CSP)', function () {
  this.timeout(120_000);
  let t: OpenRenderPage;

  before(async () => {
    t = await openRenderPage();
  });
  after(async () => t?.close());
  afterEach(async () => {
    assert.deepEqual(await t.page.evaluate(() => window.tutor.violations), [], 'CSP violations');
    await t.page.evaluate(() => window.tutor.clear());
  });

  const read = (id: number) => t.page.evaluate(readMessage, id);

  for (const c of cjkCorpus) {
    it(`${c.name}: ${JSON.stringify(c.markdown).slice(0, 50)}`, async () => {
      const id = await t.page.evaluate((markdown) => {
        const id = window.tutor.mount('manual');
        window.tutor.setText(id, markdown);
        return id;
      }, c.markdown);
      const r = await read(id);
      assert.equal(r.reads, c.reads, `reading order\n  html: ${r.html.slice(0, 600)}`);
      assert.equal(r.errors, 0, 'KaTeX errors');
      for (const selector of c.has ?? []) {
        assert.ok((await t.page.locator(`.message[data-id="${id}"] ${selector}`).count()) > 0, `has ${selector}\n  html: ${r.html.slice(0, 600)}`);
      }
    });
  }

  it('a Python block keeps its Chinese comments and strings whole, highlighted as such', async () => {
    const c = cjkCorpus.find((x) => x.markdown.includes('```python'))!;
    const id = await t.page.evaluate((markdown) => {
      const id = window.tutor.mount('manual');
      window.tutor.setText(id, markdown);
      return id;
    }, c.markdown);
    const r = await read(id);
    assert.deepEqual(r.code, [`${cjkPython}\n`]);
    assert.deepEqual(r.comments, ['# 计算圆的面积', '# 单位：平方米']);
    assert.ok(r.strings.includes('"半径为 $5$ 的圆："'), JSON.stringify(r.strings));
    // The Copy button copies exactly the code, Chinese and all.
    await t.page.evaluate(() => (window.tutor.events.length = 0));
    await t.page.locator(`.message[data-id="${id}"]`).getByRole('button', { name: 'Copy code' }).click();
    assert.deepEqual(await t.page.evaluate(() => window.tutor.events.slice()), [{ kind: 'copy', code: cjkPython, language: 'python' }]);
  });

  // The whole corpus as one answer, streamed one UTF-16 code unit at a time: every cut inside a
  // run of Han characters, right before and after every `$`, and inside the surrogate pairs of
  // 𠮷 and 𩸽. Then in 2–5 unit deltas. The end must read as setText does, with no KaTeX error on
  // the way (an open `$` stays text until its closer arrives).
  const answer = cjkCorpus.map((c) => c.markdown).join('\n\n');
  for (const [label, sizes] of [['1-unit deltas', [1, 1]], ['2–5-unit deltas', [2, 5]]] as const) {
    it(`the corpus as one answer, streamed in ${label}, ends as setText renders it`, async () => {
      const r = await t.page.evaluate(({ text, sizes }) => {
        const tutor = window.tutor;
        const streamed = tutor.mount('manual');
        const errorsAt: string[] = [];
        const deltas = sizes[0] === 1 ? Array.from({ length: text.length }, (_, i) => text[i]!) : tutor.deltasOf(text, 3, sizes[0], sizes[1]);
        let prefix = '';
        for (const delta of deltas) {
          tutor.append(streamed, delta);
          prefix += delta;
          tutor.runQueued(streamed);
          if (tutor.inspect(streamed).errors > 0) errorsAt.push(prefix.slice(-30));
        }
        tutor.finish(streamed);
        const once = tutor.mount('manual');
        tutor.setText(once, text);
        return { streamed, once, errorsAt, deltas: deltas.length };
      }, { text: answer, sizes });
      assert.ok(r.deltas > answer.length / 5);
      assert.deepEqual(r.errorsAt, [], 'no KaTeX error while streaming');
      const [streamed, once] = [await read(r.streamed), await read(r.once)];
      assert.equal(streamed.reads, once.reads);
      assert.equal(streamed.html, once.html, 'same DOM as setText');
      // Every case's reading, in order, inside the whole answer's.
      let from = 0;
      for (const c of cjkCorpus) {
        const at = streamed.reads.indexOf(c.reads, from);
        assert.ok(at !== -1, `${c.name}: ${c.reads} after offset ${from} of ${streamed.reads}`);
        from = at + c.reads.length;
      }
    });
  }
});
