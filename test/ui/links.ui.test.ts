// Links in an answer open only after VS Code's own confirmation, in the real product: the packaged
// VSIX in code-server, the chat webview in Chromium, the scripted model writing the links. A web
// link goes through vscode.env.openExternal, whose link protection asks first; nothing opens and
// nothing is fetched before the user says Open. javascript:, command: and file: links do nothing.
import * as assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { ui } from './uiText';
import { chatFrame, openWorkbench, screenshot, TUTOR_ICON, type Workbench } from './workbench';

const WEB = 'https://example.org/tutor-link-check';
const ANSWER = [
  `Read [the worked example](${WEB}) first.\n\n`,
  '- [run this](javascript:window.__pwned=1)\n',
  '- [new file](command:workbench.action.files.newUntitledFile)\n',
  '- [passwords](file:///etc/passwd)\n',
];
/** VS Code's link-protection dialog ("Do you want Code to open…"; code-server names itself). */
const CONFIRM = /Do you want .+ to open the external website\?/;

describe('links in answers (code-server + Chromium, packaged VSIX)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let fake: FakeModel;
  const external: string[] = [];
  const popups: Page[] = [];

  before(async () => {
    fake = await startFakeModel();
    wb = await openWorkbench({ 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
    const context = wb.page.context();
    // Whatever reaches example.org is answered here, so nothing leaves the machine; it is
    // recorded, so a link that opened without asking would show.
    await context.route('https://example.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>ok</title>' }));
    context.on('request', (r: Request) => r.url().startsWith('https://example.org') && external.push(r.url()));
    context.on('page', (p) => popups.push(p));

    const { page } = wb;
    const icon = page.locator(TUTOR_ICON);
    await icon.waitFor({ timeout: 60_000 });
    await icon.click();
    const frame = chatFrame(page);
    const box = frame.getByRole('textbox', { name: ui('Your question') });
    await box.waitFor({ timeout: 30_000 });
    fake.script({ text: ANSWER });
    await box.fill('Where can I read more?');
    await box.press('Enter');
    await frame.locator('.entry.assistant a', { hasText: 'the worked example' }).waitFor({ timeout: 60_000 });
    await frame.getByRole('button', { name: ui('Stop the answer') }).waitFor({ state: 'hidden', timeout: 30_000 });
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  const dialog = () => wb.page.locator('.monaco-dialog-box');

  it('an https link asks first: the confirmation shows and nothing opened before it', async () => {
    const link = chatFrame(wb.page).locator('.entry.assistant a', { hasText: 'the worked example' });
    assert.equal(await link.getAttribute('href'), WEB);
    await link.click();
    await dialog().waitFor({ timeout: 30_000 });
    assert.match((await dialog().innerText()).replace(/\s+/g, ' '), CONFIRM);
    assert.match(await dialog().innerText(), /example\.org/);
    await screenshot(wb.page, 'ui-link-confirmation');
    assert.deepEqual(popups.map((p) => p.url()), [], 'no window opened before the answer');
    assert.deepEqual(external, [], 'nothing was fetched before the answer');

    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await wb.page.waitForTimeout(1_000);
    assert.deepEqual(popups.map((p) => p.url()), [], 'Cancel opens nothing');
    assert.deepEqual(external, []);
  });

  it('after Open, the link opens (in a new browser window, answered locally)', async () => {
    await chatFrame(wb.page).locator('.entry.assistant a', { hasText: 'the worked example' }).click();
    await dialog().waitFor({ timeout: 30_000 });
    const opened = wb.page.context().waitForEvent('page', { timeout: 30_000 });
    await dialog().getByRole('button', { name: 'Open', exact: true }).click();
    const popup = await opened;
    await popup.waitForURL(/example\.org/, { timeout: 30_000 });
    assert.equal(popup.url(), WEB);
    await popup.close();
  });

  it('javascript:, command: and file: links do nothing: no dialog, no window, no editor, no script', async () => {
    const { page } = wb;
    const frame = chatFrame(page);
    const tabs = page.locator('.tabs-container .tab');
    const tabsBefore = await tabs.count();
    const popupsBefore = popups.length;
    for (const text of ['run this', 'new file', 'passwords']) {
      // markdown-it leaves javascript: and file: links as text; command: becomes an <a> that the
      // sanitiser strips of its href. Either way there is nothing with an href to follow.
      const item = frame.locator('.entry.assistant li', { hasText: text });
      assert.equal(await item.locator('a[href]').count(), 0, `${text}: no href left`);
      await item.getByText(text).click();
      // Then the web link, whose clicks travel the same way: its confirmation must be the first
      // dialog to show, so one asked for by the click before would have come first.
      await frame.locator('.entry.assistant a', { hasText: 'the worked example' }).click();
      await dialog().waitFor({ timeout: 30_000 });
      assert.match(await dialog().innerText(), /example\.org/, `${text}: the first dialog after it is the web link's`);
      await dialog().getByRole('button', { name: 'Cancel' }).click();
      await dialog().waitFor({ state: 'hidden' });
    }
    assert.equal(popups.length, popupsBefore, 'no window');
    assert.equal(await tabs.count(), tabsBefore, 'no editor opened (command: did not run)');
    assert.equal(await frame.locator('body').evaluate(() => (window as { __pwned?: unknown }).__pwned), undefined, 'no script ran');
  });
});
