// Commands a user reaches from the workbench rather than the palette (packaged VSIX in
// code-server, Chromium): the chat view's "Open Chat in Editor" button, the Focus Question Input
// keybinding, and "Add to Tutor Knowledge" in the Explorer's context menu.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TUTOR_WEBVIEW } from '../../harness/codeServer.mjs';
import type { ChatBody } from '../../harness/fakeModel';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { cssString, manifestText, ui } from './uiText';
import { editorLines, openFileByName, showTutorSidebar } from './userActions';
import { countQuestions, openWorkbench, screenshot, screenshotIfFailed, type Workbench } from './workbench';

/** The chat opened as an editor tab: Tutor's webview that is not the sidebar's view. */
const PANEL_WEBVIEW = `${TUTOR_WEBVIEW}:not([src*="purpose=webviewView"])`;

describe('Tutor\'s commands from buttons, keys and menus (code-server + Chromium, packaged VSIX)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    wb = await openWorkbench({ 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
    writeFileSync(path.join(wb.workspace, 'series.md'), '# Series\n\nIntro line.\n\nThe geometric series 1 + r + r^2 + … converges to 1/(1 − r) when |r| < 1.\n');
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, 'ui-commands');
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('"Open Chat in Editor" in the view\'s title bar opens the same conversation in an editor tab', async () => {
    const { page } = wb;
    const sidebar = await showTutorSidebar(page);
    fake.script({ text: ['Divide both sides by $3$.'] });
    const box = sidebar.getByRole('textbox', { name: ui('Your question') });
    await box.fill('How do I finish 3x = 3?');
    await box.press('Enter');
    await sidebar.locator('.entry.assistant', { hasText: 'Divide both sides' }).waitFor({ timeout: 60_000 });

    // With one view in the container, its actions sit in the side bar's title.
    await page.locator('.part.sidebar .title-actions').getByRole('button', { name: manifestText('command.openInEditor.title') }).click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'Tutor' });
    await tab.waitFor({ timeout: 30_000 });
    const panel = page.frameLocator(PANEL_WEBVIEW).frameLocator('#active-frame');
    await panel.locator('.entry.user', { hasText: 'How do I finish 3x = 3?' }).waitFor({ timeout: 30_000 });
    await panel.locator('.entry.assistant', { hasText: 'Divide both sides' }).waitFor({ timeout: 30_000 });
    assert.equal(await countQuestions(panel, 'How do I finish 3x = 3?'), 1);
    await panel.getByRole('textbox', { name: ui('Your question') }).waitFor();
    await screenshot(page, 'ui-commands-open-in-editor');
    // Closed again, so the other tests see one Tutor webview.
    await tab.hover();
    await tab.getByRole('button', { name: /^Close/ }).click();
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('Ctrl+Alt+U (Focus Question Input) from the editor puts the keyboard in the question box', async () => {
    const { page } = wb;
    const sidebar = await showTutorSidebar(page);
    await openFileByName(page, 'series.md');
    await page.locator('.part.editor .view-line', { hasText: 'Intro line' }).click();
    const before = await editorLines(page);
    await page.keyboard.press('Control+Alt+U');
    const box = sidebar.getByRole('textbox', { name: ui('Your question') });
    await sidebar.locator(`textarea[aria-label=${cssString(ui('Your question'))}]:focus`).waitFor({ timeout: 15_000 });
    await page.keyboard.type('typed after the shortcut');
    assert.equal(await box.inputValue(), 'typed after the shortcut');
    assert.deepEqual(await editorLines(page), before, 'the keys did not go into the editor');
    await box.fill('');
  });

  it('right-click a file in the Explorer → "Add to Tutor Knowledge" indexes it, and file search finds it', async () => {
    const { page } = wb;
    await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'series.md' });
    await row.waitFor({ timeout: 30_000 });
    const item = page.locator('.context-view .action-label', { hasText: manifestText('command.addToKnowledge.title') });
    // As in chat.ui.test.ts: the pointer rests on the item before the click, which a menu that
    // has just opened would otherwise ignore.
    await row.click({ button: 'right' });
    await item.hover();
    await page.waitForTimeout(300);
    await item.click();
    await page.locator('.notifications-toasts', { hasText: ui('Tutor knowledge: {0}', ui('1 file indexed.')) }).waitFor({ timeout: 60_000 });

    let searched = '';
    fake.script(
      { toolCalls: [{ id: 'call_search', name: 'file_search', arguments: JSON.stringify({ queries: ['geometric series converges'] }) }] },
      {
        respond: (body: ChatBody) => {
          searched = (body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool').at(-1)?.content ?? '';
          return { text: ['It converges when |r| < 1.'] };
        },
      },
    );
    const sidebar = await showTutorSidebar(page);
    const box = sidebar.getByRole('textbox', { name: ui('Your question') });
    await box.fill('When does a geometric series converge?');
    await box.press('Enter');
    await sidebar.locator('.entry.assistant', { hasText: 'It converges when' }).waitFor({ timeout: 60_000 });
    assert.match(searched, /series\.md/, 'file search searched the file added from the Explorer');
    assert.match(searched, /converges to 1\/\(1 − r\)/);
    await screenshot(page, 'ui-commands-explorer-knowledge');
  });
});
