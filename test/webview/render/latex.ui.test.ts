import * as assert from 'node:assert/strict';
import { latexCorpus } from './latexCorpus';
import { openRenderPage, type OpenRenderPage } from '../../../harness/render/testPage';

// A TeX command left in what the reader sees means a formula was not rendered.
const TEX_COMMAND = /\\[a-zA-Z]+/;

describe('renderer: LaTeX corpus (Chromium, the webview CSP)', function () {
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

  for (const c of latexCorpus) {
    it(`${c.name}: ${JSON.stringify(c.markdown).slice(0, 60)}`, async () => {
      const id = await t.page.evaluate((markdown) => {
        const id = window.tutor.mount('manual');
        window.tutor.setText(id, markdown);
        return id;
      }, c.markdown);
      const r = await t.page.evaluate((id) => window.tutor.inspect(id), id);
      const where = `\n  html: ${r.html.slice(0, 400)}`;

      assert.equal(r.katex, c.katex, `.katex count${where}`);
      assert.equal(r.display, c.display, `.katex-display count${where}`);
      assert.equal(r.errors, 0, `KaTeX errors${where}`);
      assert.equal(r.mathml, r.katex, 'every formula has MathML for screen readers');
      if (!c.texShownAsText) assert.doesNotMatch(r.plain, TEX_COMMAND, `raw TeX visible: ${JSON.stringify(r.plain)}`);
      assert.doesNotMatch(r.katexHtml, TEX_COMMAND, 'raw TeX inside the KaTeX layout');
      const plain = r.plain.replace(/\s+/g, ' ');
      for (const text of c.shows ?? []) assert.ok(plain.includes(text), `shows ${JSON.stringify(text)} in ${JSON.stringify(plain)}`);
      for (const text of c.hides ?? []) assert.ok(!plain.includes(text), `hides ${JSON.stringify(text)} in ${JSON.stringify(plain)}`);
      for (const text of c.code ?? []) assert.ok(r.code.includes(text), `code has ${JSON.stringify(text)} in ${JSON.stringify(r.code)}`);
      for (const tex of c.tex ?? []) assert.ok(r.annotations.some((a) => a.includes(tex)), `MathML annotation has ${tex}: ${JSON.stringify(r.annotations)}`);
      for (const selector of c.has ?? []) {
        assert.ok((await t.page.locator(`.message[data-id="${id}"] ${selector}`).count()) > 0, `has ${selector}${where}`);
      }

      // The same text streamed in 3–6 character deltas, rendered after each one.
      const streamed = await t.page.evaluate((markdown) => window.tutor.streamAndInspect(markdown, 7), c.markdown);
      const broken = streamed.states.filter((s) => s.errors > 0);
      assert.deepEqual(broken.map((s) => s.prefix), [], 'no KaTeX error while streaming (open delimiters stay text)');
      assert.ok(streamed.sameAsSetText, 'streamed result equals the one-shot render');
    });
  }

  it(`has at least 40 cases (${latexCorpus.length})`, () => {
    assert.ok(latexCorpus.length >= 40);
  });

  it('every inline style KaTeX writes for the corpus passes our CSSOM allowlist', async () => {
    const texs = latexCorpus.flatMap((c) => [...c.markdown.matchAll(/\$\$([^$]+)\$\$|\$([^$]+)\$|\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? ''));
    assert.ok(texs.length > 40);
    // Layout features beyond the corpus: boxes, rules, rotated and struck-out content, arrays.
    texs.push(
      '\\colorbox{yellow}{x} \\fcolorbox{red}{blue}{y} \\fbox{z} \\boxed{w}', '\\cancel{x} \\bcancel{y} \\xcancel{z} \\sout{s}',
      '\\overline{ab} \\underline{cd} \\underbrace{a+b}_{n} \\overbrace{c+d}^{m}', '\\xrightarrow[below]{above} \\xleftarrow{x}',
      '\\rule{1em}{0.5em} \\hspace{1em} \\kern2em \\phantom{x} \\raisebox{0.5em}{r}', '\\sqrt[3]{x} \\not= \\binom{n}{k} \\dfrac{a}{b} \\tfrac{c}{d}',
      '\\begin{array}{c|c} a & b \\\\ \\hline c & d \\end{array}', '\\stackrel{!}{=} \\overset{a}{b} \\underset{c}{d}',
      '\\left\\{ \\frac{\\frac{a}{b}}{c} \\right.', '\\big( \\Big[ \\bigg\\{ \\Bigg| x', '\\vec{v} \\dot{x} \\ddot{y} \\tilde{z} \\bar{w}',
      '\\textcolor{#228B22}{g} \\mathrm{d}x \\operatorname{rank} A', '\\begin{gathered} a \\\\ b \\end{gathered}', '\\tag{1} x = y',
      '\\begin{CD} A @>a>> B \\end{CD}', '\\smash{x} \\mathllap{y} \\mathrlap{z} \\mathclap{w}', '\\lim_{x \\to 0} \\frac{\\sin x}{x}',
    );
    assert.deepEqual(await t.page.evaluate((list) => window.tutor.droppedKatexStyles(list), texs), []);
  });
});
