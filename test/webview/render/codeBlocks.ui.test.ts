import * as assert from 'node:assert/strict';
import { openRenderPage, type OpenRenderPage } from '../../../harness/render/testPage';

describe('renderer: code blocks and links (Chromium)', function () {
  this.timeout(120_000);
  let t: OpenRenderPage;

  before(async () => {
    t = await openRenderPage();
    await t.page.evaluate(() => {
      const tutor = window.tutor;
      tutor.setText(tutor.mount('manual'), 'Try:\n\n```python\nprint("$5")\nx = 1 < 2\n```\n\n```\nplain text\n```\n\nRead [the docs](https://docs.python.org/3/) or https://example.com.');
    });
  });
  after(async () => t?.close());

  it('highlights known languages', async () => {
    const message = t.page.locator('.message').first();
    assert.ok((await message.locator('code.language-python .hljs-built_in').count()) > 0);
    assert.equal(await message.locator('.code-block-language').first().textContent(), 'python');
  });

  it('each code block has Copy and Insert at Cursor buttons that call onCodeAction with the code', async () => {
    const page = t.page;
    const copy = page.getByRole('button', { name: 'Copy code' });
    const insert = page.getByRole('button', { name: 'Insert at Cursor' });
    assert.equal(await copy.count(), 2);
    assert.equal(await insert.count(), 2);
    assert.equal(await insert.first().textContent(), 'Insert at Cursor');
    await page.evaluate(() => (window.tutor.events.length = 0));
    await copy.first().click();
    await insert.first().click();
    await page.keyboard.press('Tab'); // keyboard users reach the next button
    await insert.nth(1).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await page.evaluate(() => window.tutor.events.slice()), [
      { kind: 'copy', code: 'print("$5")\nx = 1 < 2', language: 'python' },
      { kind: 'insert', code: 'print("$5")\nx = 1 < 2', language: 'python' },
      { kind: 'insert', code: 'plain text', language: '' },
    ]);
  });

  it('links have no target and go to onLink instead of navigating', async () => {
    const page = t.page;
    const url = page.url();
    await page.evaluate(() => (window.tutor.events.length = 0));
    const links = page.locator('.message a');
    assert.equal(await links.count(), 2);
    assert.equal(await page.locator('.message a[target]').count(), 0);
    await links.nth(0).click();
    await links.nth(1).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await page.evaluate(() => window.tutor.events.slice()), [
      { kind: 'link', href: 'https://docs.python.org/3/' },
      { kind: 'link', href: 'https://example.com' },
    ]);
    assert.equal(page.url(), url);
  });
});
