// A 1,000-message conversation in the real chat (#15), through code-server + Chromium with the
// packaged VSIX: imported from a Markdown file in the Explorer, it opens at its end with a small
// DOM, Ctrl+Home reaches its first message, find (Ctrl+F in the webview) finds a phrase only that
// message has, and the export holds all 1,000 messages as they were. Not a timing: the speed of
// all this is measured by the bench (bench/areas/longConversation.mjs).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { conversationFile, generateConversation, parseConversationFile, UNIQUE_PHRASE } from '../../harness/longConversation';
import { chatDocument, importFromExplorer } from './longConversationActions';
import { tutorCommand, ui } from './uiText';
import { showTutorSidebar } from './userActions';
import { openWorkbench, runFromPalette, screenshot, screenshotIfFailed, type Workbench } from './workbench';

const MESSAGES = 1000;
const conversation = generateConversation({ messages: MESSAGES, label: 'course-ui1000' });
/** Every answer opens with its step number, so the last one is told from the others by it. */
const LAST_ANSWER = `Good question about step ${MESSAGES / 2}.`;

/** A click on a message's margin (not on a link, a formula's copy button or a code block's toolbar) puts the focus in the transcript. */
async function focusMessage(doc: Frame, selector: string): Promise<void> {
  await doc.locator(selector).first().click({ position: { x: 3, y: 3 } });
  const focused = await doc.evaluate(() => !!document.activeElement?.closest('#transcript'));
  assert.ok(focused, `a click on ${selector} put the focus in the transcript (the keys below go where the focus is)`);
}

describe('A 1,000-message conversation (code-server + Chromium, packaged VSIX)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;
  let page: Page;
  let doc: Frame;

  before(async () => {
    fake = await startFakeModel();
    wb = await openWorkbench({ 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
    page = wb.page;
    writeFileSync(path.join(wb.workspace, 'course.md'), conversationFile(conversation));
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, 'ui-long');
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('"Import into Tutor" in the Explorer opens the conversation at its last message, with a small DOM', async () => {
    await showTutorSidebar(page);
    await importFromExplorer(page, 'course.md');
    doc = await chatDocument(page);
    const last = doc.locator('.entry.assistant', { hasText: LAST_ANSWER });
    await last.waitFor({ timeout: 120_000 });
    await doc.waitForFunction((text) => {
      const el = [...document.querySelectorAll('.entry.assistant')].find((e) => e.textContent?.includes(text as string));
      const box = document.getElementById('transcript')!.getBoundingClientRect();
      const r = el?.getBoundingClientRect();
      return !!r && r.bottom > box.top && r.top < box.bottom;
    }, LAST_ANSWER, { timeout: 30_000 });
    const elements = await doc.evaluate(() => document.getElementsByTagName('*').length);
    // Structural, not a timing: the windowed transcript keeps only the messages near the view.
    assert.ok(elements < 5000, `${elements} elements in the webview document after opening ${MESSAGES} messages`);
    await screenshot(page, 'ui-long-opened');
  });

  it('Ctrl+Home in the transcript goes to the first message', async () => {
    await focusMessage(doc, `.entry.assistant:has-text("${LAST_ANSWER}")`);
    await page.keyboard.press('Control+Home');
    // The whole thread is loaded (the start marker is above the first message) and the first
    // message is on screen.
    await doc.locator('.transcript-start').waitFor({ state: 'attached', timeout: 60_000 });
    await doc.waitForFunction(() => {
      const first = document.querySelector('#transcript article.entry');
      const box = document.getElementById('transcript')!.getBoundingClientRect();
      const r = first?.getBoundingClientRect();
      return !!r && r.bottom > box.top && r.top < box.bottom;
    }, undefined, { timeout: 30_000 });
    const first = doc.locator('#transcript article.entry').first();
    assert.ok(await first.evaluate((e) => e.classList.contains('user')), 'the first message is the first question');
    assert.ok((await first.innerText()).includes(UNIQUE_PHRASE), 'the first question is rendered');
    await screenshot(page, 'ui-long-top');
  });

  it('find (Ctrl+F in the webview) brings the one message with the phrase into view', async () => {
    // Back to the end first, so find has to take the reader to the top itself.
    await focusMessage(doc, '.entry.user');
    await page.keyboard.press('Control+End');
    await doc.locator('.entry.assistant', { hasText: LAST_ANSWER }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+F');
    const input = doc.locator('#find-input');
    await input.waitFor({ timeout: 10_000 });
    await input.pressSequentially(UNIQUE_PHRASE, { delay: 20 });
    await doc.locator('#find-status', { hasText: ui('{0} of {1}', 1, 1) }).waitFor({ timeout: 30_000 });
    assert.equal((await doc.locator('#find-status').innerText()).trim(), ui('{0} of {1}', 1, 1), 'one match, the first');
    const current = doc.locator('article.find-current');
    await current.waitFor({ timeout: 30_000 });
    assert.equal(await current.count(), 1);
    assert.ok((await current.innerText()).includes(UNIQUE_PHRASE), 'the current match is the message with the phrase');
    await doc.waitForFunction(() => {
      const el = document.querySelector('article.find-current');
      const box = document.getElementById('transcript')!.getBoundingClientRect();
      const r = el?.getBoundingClientRect();
      return !!r && r.bottom > box.top && r.top < box.bottom;
    }, undefined, { timeout: 30_000 });
    await screenshot(page, 'ui-long-found');
    await page.keyboard.press('Escape');
    await doc.locator('#find').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('"Export Conversation as Markdown" exports all 1,000 messages as they were imported', async () => {
    await runFromPalette(page, tutorCommand('command.exportThread.title'));
    // The export opens unsaved, named after the conversation (its title without the colon a file
    // name cannot hold) in the workspace folder, so a plain Save writes it there: no dialog.
    const fileName = 'course-ui1000 a course in 1000 messages.md';
    const target = path.join(wb.workspace, fileName);
    await page.locator('.tabs-container .tab.active.dirty', { hasText: fileName }).waitFor({ timeout: 60_000 });
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: '# course-ui1000' }).waitFor({ timeout: 60_000 });
    assert.ok(!existsSync(target), 'nothing is written before the student saves');
    await runFromPalette(page, 'File: Save');
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: fileName }).waitFor({ timeout: 60_000 });
    assert.ok(existsSync(target), `${target} was written`);
    const text = readFileSync(target, 'utf8');
    const exported = parseConversationFile(text);
    assert.equal(exported.length, MESSAGES, 'every message is exported');
    for (const [i, m] of conversation.messages.entries()) assert.deepEqual(exported[i], m, `message ${i + 1} exported as imported`);
    // Export → import → export is exact: from the first message on, the file is the one imported.
    const messagesOf = (md: string) => md.slice(md.indexOf('<!-- tutor:message'));
    assert.ok(messagesOf(text) === messagesOf(conversationFile(conversation)), 'the exported messages are the imported file\'s, byte for byte');
  });
});
