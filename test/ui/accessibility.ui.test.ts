import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { startFakeModel, type ChatBody, type FakeModel } from '../../harness/fakeModel';
import { audit, seriousOrWorse, type AxeFinding } from './axe';
import { escapeRegExp, manifestLink, manifestText, tutorCommand, ui, withoutIcons } from './uiText';
import { knowledgeIndexed } from './userActions';
import { chatFrame, countQuestions, openWorkbench, screenshot, screenshotIfFailed, TUTOR_ICON, type Workbench } from './workbench';

const ANSWER = [
  'Subtract $11$ from both sides:\n\n',
  '$$3x = 3 \\implies x = 1$$\n\n',
  'Check it in Python:\n\n',
  '```python\n# divide what is left by 3\nprint((14 - 11) / 3, "x")\n```\n',
];

/** The "Set up Tutor" view's header (shown in capitals, so matched without case). */
function setUpTutor(): RegExp {
  return new RegExp(escapeRegExp(manifestText('view.tutor.setup.name')), 'i');
}

/** The chat webview's document as a Frame (audits and focus checks need the frame itself). */
async function chatDocument(page: Page): Promise<Frame> {
  const body = await chatFrame(page).locator('body').elementHandle({ timeout: 30_000 });
  const frame = await body!.ownerFrame();
  if (!frame) throw new Error('the chat webview has no frame');
  return frame;
}

function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact} ${f.id}: ${f.help}\n    ${f.nodes.join('\n    ')}`).join('\n');
}

/** What has keyboard focus inside the chat webview: its element's label or text. */
async function focused(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    return el.getAttribute('aria-label') || el.textContent?.trim() || el.tagName;
  });
}

/** Presses Shift+Tab (backwards from the composer) until `wanted` has focus; fails after `max` presses. */
async function tabBackTo(page: Page, frame: Frame, wanted: RegExp, max = 40): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Shift+Tab');
    const now = await focused(frame);
    seen.push(now);
    if (wanted.test(now)) return;
  }
  throw new Error(`${wanted} never got focus by Shift+Tab; focus went: ${seen.join(' → ')}`);
}

/**
 * F1, then `text` typed over what the palette's box holds: F1 starts it with a ">" typed after,
 * and ">>…" was matched by luck in English ("Tutor: Add Files to Knowledge" found) but not in
 * Chinese (no row for ">>Tutor: 将文件加入知识库").
 */
async function typeInPalette(page: Page, text: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Moves focus into the question box by keyboard only: Tutor: Focus Question Input (Ctrl+Alt+U). */
async function focusQuestionBox(page: Page, frame: FrameLocator): Promise<void> {
  const box = frame.getByRole('textbox', { name: ui('Your question') });
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Control+Alt+U');
    if (await box.evaluate((el) => el === document.activeElement && document.hasFocus()).catch(() => false)) return;
    await page.waitForTimeout(1_000);
  }
  throw new Error('Ctrl+Alt+U did not put keyboard focus in the question box');
}

/**
 * Types `text` into the question box by keyboard and sends it with Enter. The workbench may move
 * focus while a view lays itself out (a pane above closing), so what arrived is checked before
 * sending, and typed again if keys went elsewhere.
 */
async function ask(page: Page, frame: FrameLocator, text: string): Promise<void> {
  const box = frame.getByRole('textbox', { name: ui('Your question') });
  for (let attempt = 1; ; attempt++) {
    await focusQuestionBox(page, frame);
    // Emptied key by key: Ctrl+A in a webview goes through the workbench's keybindings and can
    // land after the first typed keys.
    await page.keyboard.press('End');
    for (let left = (await box.inputValue()).length; left > 0; left--) await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
    if ((await box.inputValue()) === text) break;
    if (attempt === 3) throw new Error(`typing into the question box kept losing keys: ${JSON.stringify(await box.inputValue())}`);
  }
  await page.keyboard.press('Enter');
}

describe('Tutor by keyboard and screen reader (code-server + Chromium, axe-core WCAG 2.1 A/AA)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    // A first start: no provider chosen (so OpenAI, the default, and Set up Tutor shows) and no
    // key anywhere. OpenAI's URL points at the scripted model, so once a key is set it answers.
    wb = await openWorkbench({ 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' }, { OPENAI_API_KEY: '' });
    writeFileSync(path.join(wb.workspace, 'series.md'), '# Series\n\nThe geometric series 1 + r + r^2 + … converges to 1/(1 − r) when |r| < 1.\n');
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, `ui-accessibility`);
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('the Set up Tutor view passes the audit', async () => {
    const { page } = wb;
    const icon = page.locator(TUTOR_ICON);
    await icon.waitFor({ timeout: 60_000 });
    await icon.click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: setUpTutor() }) });
    await pane.getByRole('button', { name: manifestLink('viewsWelcome.tutor.setup.contents', 'command:tutor.setApiKey') }).waitFor({ timeout: 60_000 });
    const findings = await audit(page.mainFrame(), (await pane.elementHandle())!);
    assert.deepEqual(seriousOrWorse(findings), [], describeFindings(findings));
  });

  it('without a key, says so before sending, keeps the question, and offers both ways out', async () => {
    const { page } = wb;
    const frame = chatFrame(page);
    await frame.getByRole('textbox', { name: ui('Your question') }).waitFor({ timeout: 60_000 });
    await ask(page, frame, 'What is 2 + 2?');
    const missingKey = "No API key is set for {0}. Set one with Tutor: Set API Key (it is kept in VS Code's Secret Storage), or choose a provider that needs none, such as Ollama or LM Studio. Your question is back in the box: send it again once a key is set.";
    const notice = frame.locator('.entry.notice', { hasText: ui(missingKey, 'OpenAI') });
    await notice.waitFor({ timeout: 30_000 });
    assert.equal(await notice.getByRole('alert').count(), 1, 'an error notice is announced at once');
    assert.deepEqual(await notice.locator('vscode-button').allTextContents(), [ui('Set API Key'), ui('Choose Provider')]);
    assert.equal(await frame.getByRole('textbox', { name: ui('Your question') }).inputValue(), 'What is 2 + 2?', 'the question is back in the box');
    assert.equal(await countQuestions(frame, 'What is 2 + 2?'), 0, 'nothing was sent');
    assert.equal(fake.requests.length, 0);
    const box = await notice.boundingBox();
    const text = await notice.locator('.body').boundingBox();
    assert.ok(text!.width > box!.width * 0.6, `the notice's text keeps its width beside two buttons (${text!.width} of ${box!.width} px)`);
  });

  it('asks, stops and retries with the keyboard alone; answers are announced; the conversation passes the audit', async () => {
    const { page } = wb;
    // Set API Key from the palette, by keyboard, as the notice says.
    await typeInPalette(page, `>${tutorCommand('command.setApiKey.title')}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: tutorCommand('command.setApiKey.title') }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget input[type="password"]').waitFor({ timeout: 30_000 });
    await page.keyboard.type('sk-test-keyboard-only-0000');
    await page.keyboard.press('Enter');
    await page.locator('.pane-header', { hasText: setUpTutor() }).waitFor({ state: 'hidden', timeout: 30_000 });
    const frame = chatFrame(page);
    const doc = await chatDocument(page);
    const announcer = frame.locator('#announcer');

    // Ask: the question from the box (still there), an answer with math, code and a tool call.
    fake.script(
      { toolCalls: [{ id: 'call_check', name: 'verify_math', arguments: JSON.stringify({ kind: 'solves', equation: '3x + 11 = 14', variable: 'x', value: '1' }) }] },
      { text: ANSWER, delayMs: 30 },
    );
    // The refused question is still in the box: with the key set, Enter sends it.
    await focusQuestionBox(page, frame);
    assert.equal(await frame.getByRole('textbox', { name: ui('Your question') }).inputValue(), 'What is 2 + 2?');
    await page.keyboard.press('Enter');
    await announcer.filter({ hasText: ui('Tutor answered. The answer is the last message of the conversation.') }).waitFor({ state: 'attached', timeout: 60_000 });
    const answer = frame.locator('.entry.assistant').last();
    await answer.locator('.katex-display').waitFor();
    await frame.locator('.tool-call').first().waitFor();
    assert.equal(await countQuestions(frame, 'What is 2 + 2?'), 1, 'the question typed into the view is shown once');
    // A feed is no live region (a log would be): answers are announced once, by the status line, not delta by delta.
    const feed = frame.getByRole('feed', { name: ui('Conversation with Tutor') });
    assert.equal(await feed.getAttribute('aria-live'), null, 'answers are announced once, not delta by delta');
    assert.equal(await feed.locator('[aria-live]:not([role="status"]):not([role="alert"])').count(), 0, 'no live region inside the transcript but notices');

    // Stop with Esc while it streams, then Retry by Shift+Tab and Enter.
    fake.script({ text: Array.from({ length: 300 }, (_, i) => `step${i} `), delayMs: 25 }, { text: ['Retried: isolate $x$ first.'] });
    await ask(page, frame, 'Explain it slowly.');
    await frame.locator('.entry.assistant', { hasText: 'step5' }).waitFor({ timeout: 30_000 });
    await announcer.filter({ hasText: ui('Tutor is answering…') }).waitFor({ state: 'attached' });
    await page.keyboard.press('Escape');
    await frame.locator('.entry.notice', { hasText: ui('Stopped. The answer above is incomplete; press Retry to ask again.') }).waitFor({ timeout: 30_000 });
    await announcer.filter({ hasText: ui('Tutor stopped. The answer is incomplete.') }).waitFor({ state: 'attached' });
    await tabBackTo(page, doc, new RegExp(`^${escapeRegExp(ui('Retry'))}$`));
    await page.keyboard.press('Enter');
    await frame.locator('.entry.assistant', { hasText: 'Retried' }).waitFor({ timeout: 30_000 });

    // An error notice on screen for the audit: the provider refuses the key (not retried).
    fake.script({ error: { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } } });
    await ask(page, frame, 'And now?');
    const refused = ui('The model provider did not accept the API key: it is missing, wrong or expired. Set a valid key with Tutor: Set API Key, or choose a local provider (Ollama, LM Studio) that needs none.');
    await frame.locator('.entry.notice.error', { hasText: refused }).waitFor({ timeout: 90_000 });
    await frame.getByRole('button', { name: ui('Stop the answer') }).waitFor({ state: 'hidden' });

    const findings = await audit(doc);
    await screenshot(page, 'ui-accessibility-conversation');
    assert.deepEqual(seriousOrWorse(findings), [], describeFindings(findings));
  });

  it('opens a citation chip with the keyboard', async () => {
    const { page } = wb;
    const frame = chatFrame(page);
    const doc = await chatDocument(page);
    // Add the notes to knowledge through the palette, by keyboard.
    const addFiles = tutorCommand('command.addFilesToKnowledge.title');
    await typeInPalette(page, `>${addFiles}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: addFiles }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: withoutIcons(ui('$(search) Match a glob…')) }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: ui('A glob relative to the workspace folder(s)') }).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('**/series.md');
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: knowledgeIndexed() }).waitFor({ timeout: 60_000 }).catch(async (err) => {
      await screenshot(page, 'ui-accessibility-knowledge-failed');
      throw err;
    });

    let marker = '';
    fake.script(
      { toolCalls: [{ id: 'call_search', name: 'file_search', arguments: JSON.stringify({ queries: ['geometric series converges'] }) }] },
      {
        respond: (body: ChatBody) => {
          const result = (body.messages as { role: string; tool_call_id?: string; content: string }[]).find((m) => m.role === 'tool' && m.tool_call_id === 'call_search');
          marker = /【[^】]*series\.md】/.exec(result?.content ?? '')?.[0] ?? '';
          return { text: [`It converges when |r| < 1 ${marker}.`] };
        },
      },
    );
    await ask(page, frame, 'When does a geometric series converge?');
    await frame.locator('.entry.assistant').last().locator('.citation-chip').first().waitFor({ timeout: 60_000 });
    assert.match(marker, /series\.md/);
    await focusQuestionBox(page, frame);
    await tabBackTo(page, doc, /series\.md/);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'series.md' }).waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .selected-text').first().waitFor({ timeout: 10_000 });
  });
});
