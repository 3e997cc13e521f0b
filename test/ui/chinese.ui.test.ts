// Tutor with VS Code's display language set to Chinese (#19 §4): code-server started with
// `--locale zh-cn` and a language pack made for the run (harness/languagePack.mjs), the packaged
// VSIX, Chromium with the CJK font the suite installs (harness/systemPackages.mjs). The expected
// Chinese is read from the extension's own translation files, never written here, so a changed
// translation does not break this suite and a string shown in English does.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { TUTOR_WEBVIEW } from '../../harness/codeServer.mjs';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { repoRoot } from '../../harness/repo.mjs';
import { cjkFontFamilies } from '../../harness/systemPackages.mjs';
import { cjkCharacters, platformFontsOf } from './glyphs';
import { chatFrame, openWorkbench, resultsDir, screenshot, screenshotIfFailed, type Workbench } from './workbench';

const readJson = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;
const manifest = readJson('package.json') as { contributes: { commands: { command: string; title: string; category?: string }[]; menus: { commandPalette: { command: string }[] } } };
const manifestZh = readJson('package.nls.zh-cn.json') as Record<string, string>;
const runtimeZh = readJson('l10n/bundle.l10n.zh-cn.json');

/** A manifest "%key%" in Chinese, from package.nls.zh-cn.json. */
const zh = (placeholder: string) => manifestZh[placeholder.replace(/^%|%$/g, '')] ?? assert.fail(`package.nls.zh-cn.json has no ${placeholder}`);

/**
 * Commands the palette always lists: those with no commandPalette entry (an entry hides a command
 * or shows it only in some context, e.g. with a selection), as "Category: Title".
 */
const PALETTE_COMMANDS = manifest.contributes.commands
  .filter((c) => !manifest.contributes.menus.commandPalette.some((entry) => entry.command === c.command))
  .map((c) => ({ command: c.command, label: c.category ? `${zh(c.category)}: ${zh(c.title)}` : zh(c.title) }));

/** The chat view's controls: where each shows its text, and the English string that is its l10n key. */
const CONTROLS = [
  { what: 'Send button', selector: '#send', attribute: 'text', key: 'Send' },
  { what: 'Stop button', selector: '#stop', attribute: 'text', key: 'Stop' },
  { what: 'question box placeholder', selector: '#question', attribute: 'placeholder', key: 'Ask Tutor… (Enter to send, Shift+Enter for a new line, Esc to stop)' },
  { what: 'question box label', selector: '#question', attribute: 'aria-label', key: 'Your question' },
  { what: 'Send button label', selector: '#send', attribute: 'aria-label', key: 'Send question' },
  { what: 'Stop button label', selector: '#stop', attribute: 'aria-label', key: 'Stop the answer' },
] as const;

const QUESTION = '解方程 $3x + 11 = 14$';
const ANSWER = ['解方程 ', '$3x + 11 = 14$', '，得 ', '$x = 1$', '。'];

describe('Tutor in Chinese (code-server --locale zh-cn + Chromium, packaged VSIX)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    wb = await openWorkbench({ 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' }, {}, [], { locale: 'zh-cn' });
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, 'ui-zh');
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('runs in zh-cn: the workbench\'s language, and vscode.env.language in the extension host', async () => {
    const language = await wb.page.evaluate(() => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE);
    assert.equal(language, 'zh-cn', 'code-server fell back to English: no language pack resolved for zh-cn');
    // Tutor writes vscode.env.language into its chat page's <html lang>.
    const frame = await openTutorSidebar(wb.page);
    assert.equal(await frame.locator('html').getAttribute('lang'), 'zh-cn', 'vscode.env.language in the extension host');
  });

  it('lists Tutor\'s commands in the palette with their titles from package.nls.zh-cn.json', async () => {
    const { page } = wb;
    assert.ok(PALETTE_COMMANDS.length >= 8, `commands the palette always lists: ${PALETTE_COMMANDS.map((c) => c.command).join(', ')}`);
    const missing: string[] = [];
    for (const [index, { label }] of PALETTE_COMMANDS.entries()) {
      // The first one waits out the extension host's start (10–14 s); the rest are listed at once.
      if (!(await paletteLists(page, label, index === 0 ? 60_000 : 5_000))) missing.push(label);
      if (index === 0) await screenshot(page, 'ui-zh-palette');
    }
    await page.keyboard.press('Escape');
    assert.deepEqual(missing, [], `not in the palette in Chinese: ${missing.join(' | ')}`);
  });

  it('shows the chat view\'s controls in Chinese (l10n/bundle.l10n.zh-cn.json)', async () => {
    const frame = await openTutorSidebar(wb.page);
    const absent = CONTROLS.filter((c) => typeof runtimeZh[c.key] !== 'string').map((c) => `"${c.key}" (${c.what})`);
    const wrong: string[] = [];
    for (const control of CONTROLS.filter((c) => typeof runtimeZh[c.key] === 'string')) {
      const element = frame.locator(control.selector);
      const shown = control.attribute === 'text' ? (await element.textContent())?.trim() : await element.getAttribute(control.attribute);
      if (shown !== runtimeZh[control.key]) wrong.push(`${control.what}: shows "${shown}", the bundle says "${String(runtimeZh[control.key])}"`);
    }
    await screenshot(wb.page, 'ui-zh-chat-view');
    assert.deepEqual(absent, [], `l10n/bundle.l10n.zh-cn.json has no translation for ${absent.join(', ')}`);
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });

  it('streams the answer to a Chinese question, renders its math, and draws the Chinese with a CJK font', async () => {
    const { page } = wb;
    const frame = await openTutorSidebar(page);
    fake.script({ text: ANSWER, delayMs: 400 });
    const box = frame.locator('#question');
    await box.fill(QUESTION);
    await box.press('Enter');
    await frame.locator('.entry.user', { hasText: '解方程' }).waitFor({ timeout: 30_000 });
    const answer = frame.locator('.entry.assistant').last();
    // Streamed: the view shows the answer growing, not only its end.
    const seen: string[] = [];
    const deadline = Date.now() + 30_000;
    while (!seen.at(-1)?.includes('。')) {
      if (Date.now() > deadline) throw new Error(`the answer never completed; seen: ${seen.join(' → ')}`);
      const now = (await answer.textContent({ timeout: 1_000 }).catch(() => '')) ?? '';
      if (now !== seen.at(-1)) seen.push(now);
      await page.waitForTimeout(100);
    }
    assert.ok(seen.some((s) => s.includes('解方程') && !s.includes('。')), `no partial answer was shown: ${seen.join(' → ')}`);
    await answer.locator('.katex').nth(1).waitFor({ timeout: 30_000 });
    const visible = await answer.innerText();
    assert.ok(!visible.includes('$'), `raw TeX left visible: ${visible}`);
    const sent = (fake.requests.at(-1)!.body.messages as { role: string; content: string }[]).at(-1)!.content;
    assert.ok(sent.includes(QUESTION), `the question reached the model as typed: ${sent}`);

    // The paragraph's own text is the Chinese around the two formulas.
    const drawn = await platformFontsOf(page, await innerFrame(page), '.entry.assistant >> nth=-1 >> p');
    const characters = cjkCharacters(drawn.text);
    assert.ok(characters.length >= 5, `the paragraph's own text: "${drawn.text}"`);
    const cjkFamilies = cjkFontFamilies();
    const cjkGlyphs = drawn.fonts.filter((f) => cjkFamilies.includes(f.familyName)).reduce((sum, f) => sum + f.glyphCount, 0);
    // Kept beside the screenshots: the evidence the glyph check judged.
    writeFileSync(path.join(resultsDir, 'ui-zh-glyphs.json'), `${JSON.stringify({ ...drawn, cjkFamilies }, null, 2)}\n`);
    const report = `Chromium drew "${drawn.text}" with ${drawn.fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ')}; fonts with Chinese here: ${cjkFamilies.join(', ') || 'none'}`;
    assert.ok(cjkGlyphs >= characters.length, `${characters.length} CJK characters, ${cjkGlyphs} drawn by a font that has them. ${report}`);
    await screenshot(page, 'ui-zh-answer');
    await answer.screenshot({ path: path.join(resultsDir, 'ui-zh-answer-entry.png') });
  });
});

/** Whether the F1 palette lists a row that reads `label`, retrying until `timeoutMs`. */
async function paletteLists(page: Page, label: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${label}`);
    const row = page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: label });
    if (await row.first().waitFor({ timeout: 3_000 }).then(() => true, () => false)) {
      const names = await row.allTextContents();
      if (names.some((n) => n.replace(/\s+/g, ' ').trim() === label)) return true;
    }
    if (Date.now() > deadline) return false;
  }
}

/**
 * Opens Tutor's side bar and waits until its question box is ready. Found by id, not by its
 * accessible name as the English suites do: the name is translated here.
 */
async function openTutorSidebar(page: Page) {
  const icon = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Tutor"]') });
  await icon.waitFor({ timeout: 60_000 });
  const frame = chatFrame(page);
  for (let attempt = 1; ; attempt++) {
    if (!(await icon.evaluate((e) => e.classList.contains('checked')))) await icon.click();
    if (await frame.locator('#question:not([readonly])').waitFor({ timeout: 10_000 }).then(() => true, () => false)) return frame;
    if (attempt === 6) throw new Error('Tutor\'s side bar did not show a ready question box');
  }
}

/** The Frame (not a locator) of the chat webview's page, for the protocol session. */
async function innerFrame(page: Page): Promise<Frame> {
  const outer = await page.locator(TUTOR_WEBVIEW).first().elementHandle();
  const host = await outer!.contentFrame();
  const inner = host!.childFrames().find((f) => f.name() === 'active-frame' || f.url().includes('fake.html'));
  return inner ?? assert.fail(`no active-frame inside Tutor's webview (frames: ${host!.childFrames().map((f) => f.url()).join(', ')})`);
}
