import * as assert from 'node:assert/strict';
import { sampleAnswer } from './sampleAnswer';
import { answerDeltas } from '../../../harness/render/streamCorpus';
import { openRenderPage, type OpenRenderPage } from '../../../harness/render/testPage';

describe('renderer: streaming (Chromium, the webview CSP)', function () {
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

  it('completed blocks keep their DOM nodes (identity, no mutation) while later text streams', async () => {
    const deltas = answerDeltas(1_500);
    const r = await t.page.evaluate((deltas) => {
      const tutor = window.tutor;
      const id = tutor.mount('manual');
      const half = deltas.length / 2;
      for (let i = 0; i < half; i++) {
        tutor.append(id, deltas[i]!);
        tutor.runQueued(id);
      }
      const blocks = tutor.snapshotCompletedBlocks(id);
      for (let i = half; i < deltas.length; i++) {
        tutor.append(id, deltas[i]!);
        tutor.runQueued(id);
      }
      tutor.finish(id);
      return { blocks, after: tutor.blockCount(id), check: tutor.checkSnapshot(id), katex: tutor.inspect(id).katex };
    }, deltas);
    assert.ok(r.blocks >= 20, `blocks completed by half-way: ${r.blocks}`);
    assert.ok(r.after > r.blocks, 'more blocks after the second half');
    assert.ok(r.check.nodes > 1_000, `nodes watched: ${r.check.nodes}`);
    assert.deepEqual({ detached: r.check.detached, moved: r.check.moved, mutations: r.check.mutations }, { detached: 0, moved: 0, mutations: 0 });
    assert.ok(r.katex > 50);
  });

  it('renders at most once per animation frame, however many deltas arrive in between', async () => {
    const r = await t.page.evaluate(async (deltas) => {
      const tutor = window.tutor;
      const id = tutor.mount('raf');
      tutor.appendAll(id, deltas);
      const afterAppends = tutor.counts(id);
      await tutor.nextFrame();
      await tutor.nextFrame();
      return { afterAppends, afterFrames: tutor.counts(id), blocks: tutor.blockCount(id) };
    }, answerDeltas(400));
    assert.deepEqual(r.afterAppends, { scheduled: 1, renders: 0, queued: 0 }, 'nothing renders during append()');
    assert.equal(r.afterFrames.scheduled, 1);
    assert.equal(r.afterFrames.renders, 1, 'one render for 400 deltas');
    assert.ok(r.blocks > 5);
  });

  it('with deltas every 2 ms for a second, renders ≤ frames', async () => {
    const r = await t.page.evaluate(async (deltas) => {
      const tutor = window.tutor;
      const id = tutor.mount('raf');
      const { frames } = await tutor.streamTimed(id, deltas, 2);
      return { frames, ...tutor.counts(id) };
    }, answerDeltas(400));
    assert.ok(r.renders <= r.frames, `${r.renders} renders in ${r.frames} frames`);
    assert.ok(r.renders < 400 / 2, `far fewer renders than deltas: ${r.renders}`);
  });

  it('only the message that changes is touched', async () => {
    const r = await t.page.evaluate(() => {
      const tutor = window.tutor;
      const a = tutor.mount('manual');
      tutor.setText(a, '# Done\n\nAn earlier answer with $x^2$.');
      const b = tutor.mount('manual');
      let mutations = 0;
      const observer = new MutationObserver((records) => (mutations += records.length));
      observer.observe(document.querySelector(`.message[data-id="${a}"]`)!, { subtree: true, childList: true, attributes: true, characterData: true });
      for (const d of tutor.deltasOf('A new answer with $y^2$ and more text.\n\nSecond block.')) {
        tutor.append(b, d);
        tutor.runQueued(b);
      }
      mutations += observer.takeRecords().length;
      return { mutations };
    });
    assert.equal(r.mutations, 0);
  });

  it('an open math delimiter shows as text until it closes, then becomes KaTeX', async () => {
    const cases: Array<[string, string]> = [
      ['The answer is $\\frac{1}{', '2}$.'],
      ['The answer is \\(\\frac{1}{', '2}\\).'],
      ['Display:\n\n$$\n\\frac{1}{', '2}\n$$'],
      ['Display:\n\n\\[\n\\frac{1}{', '2}\n\\]'],
    ];
    for (const [open, rest] of cases) {
      const r = await t.page.evaluate(({ open, rest }) => {
        const tutor = window.tutor;
        const id = tutor.mount('manual');
        tutor.append(id, open);
        tutor.runQueued(id);
        const during = tutor.inspect(id);
        tutor.append(id, rest);
        tutor.runQueued(id);
        return { during, after: tutor.inspect(id) };
      }, { open, rest });
      assert.equal(r.during.katex, 0, open);
      assert.equal(r.during.errors, 0, open);
      assert.ok(r.during.plain.includes('\\frac{1}{'), `shown literally: ${r.during.plain}`);
      assert.equal(r.after.katex, 1, open + rest);
      assert.ok(!r.after.plain.includes('\\frac'), r.after.plain);
    }
  });

  it('finish() leaves unclosed delimiters as text and ends the open block', async () => {
    const r = await t.page.evaluate(() => {
      const tutor = window.tutor;
      const id = tutor.mount('manual');
      tutor.append(id, 'Cost: $5 and the answer $\\frac{1}{2');
      tutor.runQueued(id);
      const open = tutor.openBlockCount(id);
      tutor.finish(id);
      return { open, openAfter: tutor.openBlockCount(id), ...tutor.inspect(id) };
    });
    assert.equal(r.open, 1);
    assert.equal(r.openAfter, 0);
    assert.equal(r.katex, 0);
    assert.ok(r.plain.includes('Cost: $5 and the answer $\\frac{1}{2'), r.plain);
  });

  it('an open code fence renders as a code block in progress', async () => {
    const r = await t.page.evaluate(() => {
      const tutor = window.tutor;
      const id = tutor.mount('manual');
      tutor.append(id, 'Run this:\n\n```python\ndef f(x):\n\n    return x *');
      tutor.runQueued(id);
      const during = { code: tutor.inspect(id).code, blocks: document.querySelectorAll(`.message[data-id="${id}"] .code-block`).length };
      tutor.append(id, ' 2\n```\n\nDone.');
      tutor.runQueued(id);
      return { during, after: tutor.inspect(id), blocks: tutor.blockCount(id) };
    });
    assert.equal(r.during.blocks, 1);
    assert.ok(r.during.code.includes('def f(x):\n\n    return x *'), 'blank line inside the fence stays in the block');
    assert.ok(r.after.code.includes('return x * 2'));
    assert.ok(r.after.plain.includes('Done.'));
    assert.equal(r.blocks, 3, 'paragraph, fence, paragraph');
  });

  it('lists and tables continue across single newlines; blank lines split blocks outside fences and math', async () => {
    const r = await t.page.evaluate(() => {
      const tutor = window.tutor;
      const id = tutor.mount('manual');
      const text = '- a\n- b\n- c\n\n| x | y |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n$$\na\n\n= b\n$$\n\n1. one\n\n   still one\n2. two';
      for (const d of tutor.deltasOf(text)) {
        tutor.append(id, d);
        tutor.runQueued(id);
      }
      tutor.finish(id);
      const root = document.querySelector(`.message[data-id="${id}"]`)!;
      return {
        blocks: tutor.blockCount(id),
        items: root.querySelectorAll('ul > li').length,
        rows: root.querySelectorAll('tbody tr').length,
        display: root.querySelectorAll('.katex-display').length,
        ol: root.querySelectorAll('ol').length,
        olItems: root.querySelectorAll('ol > li').length,
      };
    });
    assert.deepEqual(r, { blocks: 4, items: 3, rows: 2, display: 1, ol: 1, olItems: 2 });
  });

  it('setText (history) gives the same DOM as streaming the same text', async () => {
    const r = await t.page.evaluate((text) => window.tutor.streamAndInspect(text, 11), sampleAnswer);
    assert.ok(r.sameAsSetText);
    assert.equal(r.final.errors, 0);
    assert.deepEqual(r.states.filter((s) => s.errors > 0).map((s) => s.prefix.slice(-40)), []);
  });

  it('reference links defined in an earlier block work in later ones', async () => {
    const r = await t.page.evaluate(() => {
      const tutor = window.tutor;
      const id = tutor.mount('manual');
      for (const d of tutor.deltasOf('[docs]: https://example.com/docs\n\nSee [the docs][docs].')) {
        tutor.append(id, d);
        tutor.runQueued(id);
      }
      tutor.finish(id);
      return document.querySelector(`.message[data-id="${id}"] a`)?.getAttribute('href');
    });
    assert.equal(r, 'https://example.com/docs');
  });
});
