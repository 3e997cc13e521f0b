import * as assert from 'node:assert/strict';
import { openRenderPage, type OpenRenderPage } from '../../../harness/render/testPage';

// The finding behind sanitizeHtml.ts + inlineStyles.ts: under the webview CSP (`style-src
// <cspSource>`, no 'unsafe-inline'), Chromium drops `style` attributes that arrive as parsed HTML
// but keeps styles set through the CSSOM. KaTeX's layout lives in such attributes.
describe('renderer: KaTeX layout under the webview CSP (Chromium)', function () {
  this.timeout(120_000);
  let t: OpenRenderPage;

  before(async () => {
    t = await openRenderPage();
  });
  after(async () => t?.close());

  it('KaTeX inline styles survive: struts, fraction lines and vlists are laid out, with no violation', async () => {
    const r = await t.page.evaluate(() => {
      const tutor = window.tutor;
      const id = tutor.mount('manual');
      tutor.setText(id, '$$\\frac{a}{b} + \\sqrt{\\frac{1}{2}}$$');
      const root = document.querySelector(`.message[data-id="${id}"]`)!;
      const strut = root.querySelector<HTMLElement>('.katex-strut')!;
      const line = root.querySelector<HTMLElement>('.frac-line')!;
      return {
        strutInline: strut.style.height,
        strutComputed: parseFloat(getComputedStyle(strut).height),
        fracLine: parseFloat(getComputedStyle(line).borderBottomWidth),
        vlistTops: Array.from(root.querySelectorAll<HTMLElement>('.vlist > span'), (s) => s.style.top).filter(Boolean).length,
        violations: tutor.violations.slice(),
      };
    });
    assert.match(r.strutInline, /em$/);
    assert.ok(r.strutComputed > 10, `strut height ${r.strutComputed}px`);
    assert.ok(r.fracLine > 0, `fraction line ${r.fracLine}px`);
    assert.ok(r.vlistTops >= 4);
    assert.deepEqual(r.violations, []);
  });

  it('control: the same KaTeX HTML inserted with innerHTML loses its layout and raises a style-src-attr violation', async () => {
    const r = await t.page.evaluate(async () => {
      const before = window.tutor.violations.length;
      const result = window.tutor.insertParsedKatexHtml('\\frac{a}{b}');
      // Reports arrive as events after the insert: wait for the first one (or give up after 5 s).
      for (let i = 0; i < 250 && window.tutor.violations.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      return { ...result, violations: window.tutor.violations.slice(before) };
    });
    assert.equal(r.inlineHeight, '', 'the style attribute was not applied');
    assert.equal(r.strutHeight, '0px');
    assert.ok(r.violations.length > 0 && r.violations.every((v) => v.startsWith('style-src-attr')), JSON.stringify(r.violations));
    await t.page.evaluate(() => (window.tutor.violations.length = 0));
  });

  it('KaTeX fonts load from the page origin (font-src cspSource)', async () => {
    const r = await t.page.evaluate(async () => {
      const tutor = window.tutor;
      tutor.setText(tutor.mount('manual'), '$\\mathbb{R} \\ni x = \\frac{\\alpha}{\\beta}$');
      await document.fonts.ready;
      return {
        main: document.fonts.check('16px KaTeX_Main'),
        math: document.fonts.check('italic 16px KaTeX_Math'),
        fonts: performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.includes('/fonts/')),
      };
    });
    assert.ok(r.main && r.math);
    assert.ok(r.fonts.some((p) => /^\/katex\/fonts\/KaTeX_Main-Regular\.woff2$/.test(p)), JSON.stringify(r.fonts));
    assert.deepEqual(t.server.strayRequests, []);
    assert.deepEqual(await t.page.evaluate(() => window.tutor.violations), []);
  });
});
