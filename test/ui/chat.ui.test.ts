import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../harness/repo.mjs';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { escapeRegExp, manifestText, ui } from './uiText';
import { askFromPalette, chatFrame, countQuestions, openWorkbench, runFromPalette, screenshot, screenshotIfFailed, TUTOR_ICON, type Workbench } from './workbench';

const ANSWER = [
  'Good question! Start by isolating the term with $x$:\n\n',
  '$$3x + 11 = 14 \\implies 3x = 3$$\n\n',
  'What do you get when you divide both sides by $3$? ',
  'Remember that $\\frac{3x}{3} = x$.\n\n',
  '- Step 1: subtract $11$\n- Step 2: divide by $3$\n\n',
  '```python\nx = (14 - 11) / 3\nprint(x)\n```\n',
];

for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
  const slug = theme.includes('Dark') ? 'dark' : 'light';
  describe(`Tutor in the browser, ${slug} theme (code-server + Chromium, packaged VSIX)`, function () {
    this.timeout(240_000);
    let wb: Workbench;
    let fake: FakeModel;

    before(async () => {
      fake = await startFakeModel();
      wb = await openWorkbench({ 'workbench.colorTheme': theme, 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
    });
    afterEach(async function () {
      if (wb) await screenshotIfFailed(this, wb.page, `ui-${slug}`);
    });
    after(async () => {
      await wb?.stop();
      await fake?.close();
    });

    it('shows Tutor in the activity bar and opens its chat view with an input box', async () => {
      const { page } = wb;
      const icon = page.locator(TUTOR_ICON);
      await icon.waitFor({ timeout: 60_000 });
      await icon.click();
      const frame = chatFrame(page);
      await frame.getByRole('textbox', { name: ui('Your question') }).waitFor({ timeout: 30_000 });
      assert.equal(await frame.getByRole('feed', { name: ui('Conversation with Tutor') }).count(), 1);
      await screenshot(page, `ui-${slug}-chat-view`);
    });

    it('loads the tool-call styles under VS Code\'s own CSP (chat.css imports tools.css)', async () => {
      const frame = chatFrame(wb.page);
      const imported = await frame.locator('body').evaluate(() =>
        Array.from(document.styleSheets).flatMap((sheet) => Array.from(sheet.cssRules))
          .filter((rule): rule is CSSImportRule => rule instanceof CSSImportRule)
          .map((rule) => ({ href: rule.href, rules: rule.styleSheet?.cssRules.length ?? 0 })),
      );
      assert.equal(imported.length, 1, JSON.stringify(imported));
      assert.equal(imported[0]!.href, 'tools.css');
      assert.ok(imported[0]!.rules > 20, `tools.css applied: ${imported[0]!.rules} rules`);
    });

    it('"Tutor: Ask Tutor" from the palette streams a rendered answer into the view', async () => {
      const { page } = wb;
      fake.script({ text: ANSWER, delayMs: 40 });
      await askFromPalette(page, 'How do I solve 3x + 11 = 14?');
      const frame = chatFrame(page);
      await frame.locator('.entry.user', { hasText: 'How do I solve 3x + 11 = 14?' }).waitFor({ timeout: 30_000 });
      const answer = frame.locator('.entry.assistant').last();
      await answer.locator('.katex-display').waitFor({ timeout: 30_000 });
      await frame.getByRole('button', { name: ui('Stop the answer') }).waitFor({ state: 'hidden', timeout: 30_000 });
      assert.ok((await answer.locator('.katex').count()) >= 5, 'inline and display math rendered');
      const visible = await answer.innerText();
      assert.ok(!visible.includes('\\frac') && !visible.includes('$$'), `raw TeX left visible: ${visible}`);
      assert.equal(await answer.locator('pre code').count(), 1);
      await answer.locator('li').nth(1).waitFor();
      assert.equal(await countQuestions(frame, 'How do I solve 3x + 11 = 14?'), 1, 'a question asked from the palette is shown once');
      await screenshot(page, `ui-${slug}-answer`);
    });

    it('Stop ends a streaming answer', async () => {
      const { page } = wb;
      const frame = chatFrame(page);
      fake.script({ text: Array.from({ length: 400 }, (_, i) => `word${i} `), delayMs: 25 });
      const box = frame.getByRole('textbox', { name: ui('Your question') });
      await box.fill('Explain limits slowly.');
      await box.press('Enter');
      const stop = frame.getByRole('button', { name: ui('Stop the answer') });
      await stop.waitFor({ timeout: 30_000 });
      await frame.locator('.entry.assistant', { hasText: 'word5' }).waitFor({ timeout: 30_000 });
      const aborted = fake.aborted;
      await stop.click();
      await frame.locator('.entry.notice', { hasText: ui('Stopped. The answer above is incomplete; press Retry to ask again.') }).waitFor({ timeout: 30_000 });
      await fake.waitForAbort(5_000, aborted + 1);
      const text = await frame.locator('.entry.assistant').last().innerText();
      assert.ok(!text.includes('word399'), 'the answer stopped early');
      assert.equal(await countQuestions(frame, 'Explain limits slowly.'), 1, "a question typed into the view's box is shown once");
    });

    it('survives hide and show: the conversation comes back', async () => {
      const { page } = wb;
      const icon = page.locator(TUTOR_ICON);
      await icon.click(); // hides the sidebar
      // Not a "nothing happened" wait: the workbench's side-bar class and the frame's removal both
      // come before VS Code has finished hiding the view, and a show that quick left the page empty
      // (seen twice in a row; not yet understood, see the closing note of #14). Half a second is what
      // this test has always given it.
      await page.waitForTimeout(500);
      await icon.click(); // shows it again: the page reloads and syncs with the host
      const frame = chatFrame(page);
      await frame.locator('.entry.user', { hasText: 'How do I solve 3x + 11 = 14?' }).waitFor({ timeout: 30_000 });
      await frame.locator('.entry.assistant .katex-display').first().waitFor({ timeout: 30_000 });
      assert.equal(await countQuestions(frame, 'How do I solve 3x + 11 = 14?'), 1);
      assert.equal(await countQuestions(frame, 'Explain limits slowly.'), 1);
    });

    if (slug === 'dark') {
      it('right-click → "Send Selection to Tutor" sends the selected code', async () => {
        const { page } = wb;
        fake.script({ text: ['Check the upper bound of `range`.'] });
        await runFromPalette(page, 'Go to File');
        const input = page.locator('.quick-input-widget input');
        await input.fill('primes.py');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'primes.py' }).first().click();
        const editor = page.locator('.monaco-editor .view-lines').first();
        await editor.waitFor();
        // Select two lines, right-click in them, choose the menu item. Seen in CI: the menu stayed
        // open with the item under the pointer, the click lost (the workbench's menu ignores a
        // click that comes right after it opened). So the pointer rests on the item first, as a
        // hand would, and the whole gesture is tried again before the test gives up.
        const line = page.locator('.monaco-editor .view-line', { hasText: 'for d in range' });
        const findTheBug = page.locator('.quick-input-list .monaco-list-row', { hasText: ui('Find the bug') });
        for (let attempt = 1; ; attempt++) {
          await line.click();
          await page.keyboard.press('Home');
          await page.keyboard.press('Shift+ArrowDown');
          await page.keyboard.press('Shift+ArrowDown');
          await line.click({ button: 'right' });
          const item = page.locator('.context-view .action-label', { hasText: manifestText('command.sendSelection.title') });
          await item.hover();
          await page.waitForTimeout(300);
          await item.click();
          if (await findTheBug.waitFor({ timeout: 10_000 }).then(() => true, () => false)) break;
          if (attempt === 3) throw new Error(`${manifestText('command.sendSelection.title')} never offered its actions (3 tries)`);
          await page.keyboard.press('Escape');
        }
        await findTheBug.click();
        const frame = chatFrame(page);
        await frame.locator('.entry.user', { hasText: 'primes.py' }).waitFor({ timeout: 30_000 });
        await frame.locator('.entry.assistant', { hasText: 'upper bound' }).waitFor({ timeout: 30_000 });
        // Where the selection came from heads the question, in the display language (lines unknown here: N).
        const from = ui('From `{0}`, lines {1}–{2} ({3}):', 'primes.py', 'N', 'N', 'python');
        assert.equal(await countQuestions(frame, from.slice(0, from.indexOf('N')), true), 1, 'a selection sent to Tutor is shown once');
        const sent = (fake.requests.at(-1)!.body.messages as { role: string; content: string }[]).at(-1)!.content;
        assert.match(sent, new RegExp(escapeRegExp(from).replaceAll('N', '\\d+')));
        assert.ok(sent.includes('for d in range(2, n // 2):'));
        await screenshot(page, 'ui-send-selection');
      });

      it('keeps each workspace folder\'s threads to itself', async () => {
        const { page, url } = wb;
        const other = path.join(mkdtempSync(path.join(tmpdir(), 'tutor-ui-other-')), 'other-exercises');
        cpSync(path.join(repoRoot, 'samples', 'math-exercises'), other, { recursive: true });
        await page.goto(`${url}/?folder=${encodeURIComponent(other)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        const icon = page.locator(TUTOR_ICON);
        await icon.waitFor({ timeout: 60_000 });
        if (!(await chatFrame(page).locator('#question').isVisible().catch(() => false))) await icon.click();
        const frame = chatFrame(page);
        await frame.getByRole('textbox', { name: ui('Your question') }).waitFor({ timeout: 30_000 });
        // A fresh folder has no saved view, so the transcript is painted only by the host's sync:
        // its empty note or a question from another folder is the sign the sync arrived.
        await frame.locator(':is(.empty, .entry.user)').first().waitFor({ timeout: 30_000 });
        assert.equal(await frame.locator('.entry.user').count(), 0, 'the other workspace starts empty');
        await page.goto(`${url}/?folder=${encodeURIComponent(wb.workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        const back = chatFrame(page);
        if (!(await back.locator('#question').isVisible().catch(() => false))) await page.locator(TUTOR_ICON).click();
        await back.locator('.entry.user', { hasText: 'primes.py' }).waitFor({ timeout: 60_000 });
      });
    }
  });
}
