import * as assert from 'node:assert/strict';
import { DANGEROUS_ELEMENTS, scanForExecutables } from '../xssScan';
import { xssCorpus } from './xssCorpus';
import { openRenderPage, type OpenRenderPage } from '../../../harness/render/testPage';

describe('renderer: XSS corpus (Chromium, the webview CSP)', function () {
  this.timeout(120_000);
  let t: OpenRenderPage;

  // A payload counts as blocked when its test found nothing: no execution, no CSP report, no
  // stray request, nothing executable left in the DOM.
  let blocked = 0;

  before(async () => {
    t = await openRenderPage();
  });
  after(async () => {
    await t?.close();
    console.log(`\n    XSS corpus (renderer): ${xssCorpus.length} payloads tried, ${blocked} blocked\n`);
  });

  /** Everything in the rendered messages that could run, load or navigate, and what the page saw. */
  const findings = async () => ({
    out: await t.page.evaluate(scanForExecutables, { selector: '#messages', dangerous: DANGEROUS_ELEMENTS }),
    ...(await t.page.evaluate(() => ({ pwned: window.__pwned, violations: window.tutor.violations.slice() }))),
  });

  for (const c of xssCorpus) {
    it(`${c.name}: ${JSON.stringify(c.markdown).slice(0, 70)}`, async () => {
      await t.page.evaluate((markdown) => {
        window.tutor.setText(window.tutor.mount('manual'), markdown);
        window.tutor.streamAndInspect(markdown, 3);
        window.tutor.renderOnce(markdown);
      }, c.markdown);
      // onerror / onload would fire asynchronously.
      await t.page.waitForTimeout(50);
      const f = await findings();
      assert.deepEqual(f.out, [], 'nothing executable or loadable in the DOM');
      assert.equal(f.pwned, undefined, 'payload executed');
      assert.deepEqual(f.violations, [], 'CSP violations (something tried to run or load)');
      assert.deepEqual(t.server.strayRequests, [], 'requests that left the page');
      blocked++;
    });
  }

  it(`has at least 50 payloads (${xssCorpus.length})`, () => {
    assert.ok(xssCorpus.length >= 50);
  });

  it('no link navigates the page: every click goes to onLink', async () => {
    const { page } = t;
    const before = page.url();
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    const popups: unknown[] = [];
    page.context().on('page', (p) => popups.push(p));
    await page.evaluate(() => {
      window.tutor.events.length = 0;
      const w = window as unknown as { linkClicksAtWindow: number };
      w.linkClicksAtWindow = 0;
      for (const type of ['click', 'auxclick']) window.addEventListener(type, (e) => (e.target as Element).closest?.('a[href]') && w.linkClicksAtWindow++);
    });
    const links = page.locator('#messages a');
    const count = await links.count();
    assert.ok(count >= 5, `the corpus leaves some harmless links to click (${count})`);
    for (let i = 0; i < count; i++) {
      await links.nth(i).click({ force: true });
      await links.nth(i).click({ button: 'middle', force: true });
      await links.nth(i).click({ modifiers: ['Control'], force: true });
    }
    await page.waitForTimeout(300);
    assert.equal(page.url(), before);
    assert.equal(navigations, 0, 'no navigation');
    assert.equal(popups.length, 0, 'no new window');
    // Nothing reaches the window: VS Code's webview wrapper listens there and would open the
    // link itself, without the host's confirmation.
    assert.equal(await page.evaluate(() => (window as unknown as { linkClicksAtWindow: number }).linkClicksAtWindow), 0, 'link clicks bubbled up to the window');
    const events = await page.evaluate(() => window.tutor.events.slice());
    // Left, middle and Ctrl+click each reach onLink once, for links that kept an href.
    const withHref = await page.locator('#messages a[href]').count();
    assert.equal(events.filter((e) => e.kind === 'link').length, withHref * 3);
    for (const e of events) if (e.kind === 'link') assert.match(e.href, /^(https?:|mailto:)/);
  });

  it('a remote image becomes a link and nothing is fetched; a data: PNG shows', async () => {
    const id = await t.page.evaluate(() =>
      window.tutor.renderOnce('![pixel](http://198.51.100.7/track.png) ![dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==)'),
    );
    const message = t.page.locator(`.message[data-id="${id}"]`);
    assert.equal(await message.locator('a[href="http://198.51.100.7/track.png"]').textContent(), 'pixel');
    assert.equal(await message.locator('img').count(), 1);
    assert.equal(await message.locator('img').getAttribute('alt'), 'dot');
    assert.deepEqual(t.server.strayRequests, []);
    assert.deepEqual(await t.page.evaluate(() => window.tutor.violations), []);
  });

  it('after everything: no execution, no CSP violation, no stray request', async () => {
    await t.page.waitForTimeout(200);
    const f = await findings();
    assert.equal(f.pwned, undefined);
    assert.deepEqual(f.violations, []);
    assert.deepEqual(t.server.strayRequests, []);
  });

  it('control: the same detectors catch a payload inserted as raw HTML (CSP blocks it and reports)', async () => {
    await t.page.evaluate(() => {
      const div = document.createElement('div');
      document.getElementById('messages')!.append(div);
      div.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__pwned=1" onload="window.__pwned=1">';
    });
    // The report is the sign the blocked handler was tried.
    await t.page.waitForFunction(() => window.tutor.violations.some((v) => v.startsWith('script-src')), undefined, { timeout: 10_000 }).catch(() => {});
    const f = await findings();
    assert.ok(f.out.some((x) => x.startsWith('handler on')), 'the DOM check sees the handler');
    assert.ok(f.violations.some((v) => v.startsWith('script-src')), `the CSP listener sees the blocked handler: ${JSON.stringify(f.violations)}`);
    assert.equal(f.pwned, undefined, 'and the CSP still stopped it');
  });
});
