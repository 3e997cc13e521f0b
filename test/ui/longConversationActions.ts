// What a user does with long conversations in the workbench, shared by the UI test
// (longConversation.ui.test.ts) and the bench (bench/longConversation.bench.ts): import an
// exported conversation from the Explorer, pick one with Switch Conversation, and reach the chat
// webview's document as a Playwright Frame (the bench evaluates its probes there).
import type { Frame, Page } from 'playwright-core';
import { TUTOR_WEBVIEW } from '../../harness/codeServer.mjs';
import type { FakeModel } from '../../harness/fakeModel';
import type { GeneratedConversation } from '../../harness/longConversation';
import { cssString, manifestText, tutorCommand, ui } from './uiText';
import { showTutorSidebar } from './userActions';
import { runFromPalette } from './workbench';

/** The chat webview's own document: the `#active-frame` inside Tutor's webview iframe. */
export async function chatDocument(page: Page): Promise<Frame> {
  const outer = await (await page.locator(TUTOR_WEBVIEW).first().elementHandle({ timeout: 60_000 }))?.contentFrame();
  const inner = await (await outer?.waitForSelector('#active-frame', { state: 'attached', timeout: 60_000 }))?.contentFrame();
  if (!inner) throw new Error("Tutor's chat webview has no #active-frame document");
  await inner.waitForSelector('#question', { timeout: 60_000 });
  return inner;
}

/**
 * Right-click `fileName` in the Explorer → "Import into Tutor". The pointer rests on the item
 * before the click (a menu that has just opened ignores a click, as chat.ui.test.ts found), and
 * the gesture is tried again if the menu closed without running it.
 */
export async function importFromExplorer(page: Page, fileName: string): Promise<void> {
  const explorer = page.locator('.activitybar .action-item a[aria-label^="Explorer"]');
  if (!(await page.locator('.explorer-folders-view').isVisible().catch(() => false))) await explorer.click();
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ timeout: 30_000 });
  const title = manifestText('command.importThreadFile.title');
  const item = page.locator('.context-view .action-label', { hasText: title });
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    if (await item.waitFor({ timeout: 10_000 }).then(() => true, () => false)) {
      await item.hover();
      await page.waitForTimeout(300);
      await item.click();
      if (await item.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false)) return;
    }
    if (attempt === 3) throw new Error(`"${title}" on ${fileName} never ran (3 tries)`);
    await page.keyboard.press('Escape');
  }
}

/**
 * Opens "Tutor: Switch Conversation…", filters by `label` and waits until the conversation's row
 * is the active one: the caller presses Enter (the bench times from that key).
 */
export async function pickConversation(page: Page, label: string): Promise<void> {
  await runFromPalette(page, tutorCommand('command.switchThread.title'));
  const input = page.locator(`.quick-input-widget input[placeholder=${cssString(ui('Search conversations'))}]`);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor({ timeout: 30_000 });
}

/**
 * Only to measure a build without "Import Conversation" (the "before" of #15): makes the
 * conversation by asking each question in the chat's box, the fake model answering with the
 * conversation's answer. Starts a new conversation first. Slow (a second or more per turn), so
 * meant for 50 and 200 messages.
 */
export async function seedByAsking(page: Page, fake: FakeModel, c: GeneratedConversation): Promise<void> {
  await runFromPalette(page, tutorCommand('command.newThread.title'));
  const frame = await showTutorSidebar(page);
  const box = frame.getByRole('textbox', { name: ui('Your question') });
  const doc = await chatDocument(page);
  for (let i = 0; i + 1 < c.messages.length; i += 2) {
    fake.script({ text: [c.messages[i + 1]!.text] });
    const answered = await doc.locator('.entry.assistant').count();
    await box.fill(c.messages[i]!.text);
    await box.press('Enter');
    await doc.waitForFunction((n) => document.querySelectorAll('.entry.assistant').length > n && document.querySelector('#stop')?.hasAttribute('hidden'), answered, { timeout: 120_000, polling: 100 });
  }
}
