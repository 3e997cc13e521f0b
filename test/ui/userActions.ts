// What a user does in the workbench besides asking: open a file, read what the editor shows,
// open the Tutor sidebar. Shared by the suites that check commands and editor side effects.
import type { FrameLocator, Page } from 'playwright-core';
import { escapeRegExp, ui } from './uiText';
import { chatFrame, runFromPalette, TUTOR_ICON_LINK } from './workbench';

/** Opens a workspace file with Go to File (Ctrl+P), as a user would, and waits for its editor tab. */
export async function openFileByName(page: Page, name: string): Promise<void> {
  await runFromPalette(page, 'Go to File');
  const input = page.locator('.quick-input-widget input');
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
  await page.locator('.part.editor .monaco-editor .view-lines').first().waitFor();
}

/**
 * The lines the active text editor shows, top to bottom, with Monaco's non-breaking spaces made
 * plain. Monaco positions its line elements absolutely, so DOM order is not line order: they are
 * sorted by their `top`.
 */
export async function editorLines(page: Page): Promise<string[]> {
  return page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().evaluate((lines) =>
    Array.from(lines.querySelectorAll<HTMLElement>('.view-line'))
      .map((line) => ({ top: parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
}

/** The cursor's place as the status bar shows it, e.g. "Ln 3, Col 5". */
export async function cursorPlace(page: Page): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
  await item.waitFor({ timeout: 10_000 });
  return ((await item.innerText()).match(/Ln \d+, Col \d+/) ?? [''])[0];
}

/**
 * Clicks Tutor's activity-bar icon unless Tutor's side bar is already showing (a second click
 * would close it: a command that revealed the chat may still be loading its page), and waits for
 * the question box. A click can be lost while a quick pick or a toast is still going away (the
 * icon then stays unchecked), so an unchecked icon is clicked again until the box shows.
 */
export async function showTutorSidebar(page: Page, timeoutMs = 90_000): Promise<FrameLocator> {
  const icon = page.locator('.activitybar .action-item', { has: page.locator(TUTOR_ICON_LINK) });
  await icon.waitFor({ timeout: 60_000 });
  const frame = chatFrame(page);
  const box = frame.getByRole('textbox', { name: ui('Your question') });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await icon.evaluate((e) => e.classList.contains('checked')))) await icon.click();
    const shown = await box.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (shown) return frame;
    if (Date.now() > deadline) throw new Error(`Tutor's side bar did not show its question box within ${timeoutMs / 1000} s`);
  }
}

/**
 * The notification after files were added to Knowledge with at least one indexed: "Tutor
 * knowledge: 1 file indexed." or "… 3 files indexed, 1 unchanged." (how many depends on the
 * workspace), in this run's language.
 */
export function knowledgeIndexed(): RegExp {
  const counts = [ui('1 file indexed.'), ui('1 file indexed, {0} unchanged.'), ui('{0} files indexed.'), ui('{0} files indexed, {1} unchanged.')];
  const anyCount = counts.map((c) => c.split(/\{\d+\}/).map(escapeRegExp).join('\\d+')).join('|');
  return new RegExp(ui('Tutor knowledge: {0}').split('{0}').map(escapeRegExp).join(`(?:${anyCount})`));
}
