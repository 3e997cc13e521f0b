import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../harness/repo.mjs';
import { sampleAnswer } from './sampleAnswer';
import { openRenderPage, type OpenRenderPage } from '../../../harness/render/testPage';

describe('renderer: a sample answer, streamed (Chromium)', function () {
  this.timeout(120_000);
  let t: OpenRenderPage;

  before(async () => {
    t = await openRenderPage({ width: 560, height: 1300 });
  });
  after(async () => t?.close());

  it('streams with rAF rendering and ends as math, a code block, a list and a table; screenshot in test-results/', async () => {
    const r = await t.page.evaluate(async (text) => {
      const tutor = window.tutor;
      const id = tutor.mount('raf');
      await tutor.streamTimed(id, tutor.deltasOf(text), 1);
      tutor.finish(id);
      await document.fonts.ready;
      return { ...tutor.inspect(id), counts: tutor.counts(id), violations: tutor.violations };
    }, sampleAnswer);
    assert.equal(r.errors, 0);
    assert.equal(r.display, 3);
    assert.equal(r.katex, 22, `${r.katex} formulas`);
    assert.ok(r.code.includes('def roots(a, b, c):'));
    assert.ok(r.plain.includes('it costs $0 to run'), 'currency stays text');
    assert.deepEqual(r.violations, []);
    const message = t.page.locator('.message').first();
    assert.equal(await message.locator('table tbody tr').count(), 3);
    assert.equal(await message.locator('ol > li').count(), 3);
    const dir = path.join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await message.screenshot({ path: path.join(dir, 'render-sample.png') });
  });
});
