// @tutor in VS Code's own Chat view, clicked through code-server in Chromium: the hint on the
// sample's equation with rendered math and a Knowledge citation, the follow-up that continues the
// same Tutor thread (which Tutor's view then opens), Stop, and another participant calling
// Tutor's three language-model tools. No Copilot here: the fake-lm test extension supplies the
// model VS Code's Chat view insists on having selected; @tutor itself answers from Tutor's own
// provider, the scripted model.
import * as assert from 'node:assert/strict';
import { startFakeModel, type FakeModel, type ChatBody } from '../../harness/fakeModel';
import { CHAT, chatIdle, latestResponse, A_CHAT_MODEL, openChatView, sendChat } from './chatViewActions';
import { tutorCommand, ui, withoutIcons } from './uiText';
import { openFileByName, showTutorSidebar } from './userActions';
import { FAKE_LM_EXTENSION, openWorkbench, runFromPalette, screenshot, screenshotIfFailed, type Workbench } from './workbench';

/** The text of a tool's result the model was sent back (the runtime's file_search output). */
function toolResult(body: ChatBody, callId: string): string {
  const message = (body.messages as { role: string; tool_call_id?: string; content?: unknown }[]).find((m) => m.role === 'tool' && m.tool_call_id === callId);
  return typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? '');
}

/** Everything the model was sent in its last chat request, as one string. */
function lastPrompt(fake: FakeModel): string {
  const chats = fake.requests.filter((r) => r.path.endsWith('/chat/completions'));
  return JSON.stringify(chats.at(-1)?.body.messages ?? []);
}

describe("@tutor in VS Code's Chat view (code-server + Chromium, packaged VSIX)", function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    wb = await openWorkbench(
      // Completed responses stay expanded, so the test reads the whole answer.
      { 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model', 'chat.agent.collapseCompletedResponses': false },
      {},
      [FAKE_LM_EXTENSION],
    );
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, 'ui-participant');
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it("adds the sample's algebra notes to Tutor's Knowledge", async () => {
    const { page } = wb;
    await runFromPalette(page, tutorCommand('command.addFilesToKnowledge.title'));
    await page.locator('.quick-input-widget').getByText(withoutIcons(ui('$(search) Match a glob…')), { exact: false }).first().click();
    const box = page.locator('.quick-input-widget input');
    await box.waitFor({ state: 'visible' });
    await box.fill('algebra.md');
    await box.press('Enter');
    await page.locator('.notifications-toasts', { hasText: ui('Tutor knowledge: {0}', ui('1 file indexed.')) }).waitFor({ timeout: 60_000 });
  });

  it('@tutor /hint on the selected equation streams a hint with rendered math and a Knowledge citation', async () => {
    const { page } = wb;
    await openFileByName(page, 'algebra.md');
    // Select "Solve $3x + 11 = 14$." (line 3) as a student would: Go to Line, then Shift+End.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':3');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');

    let marker = '';
    fake.script(
      { toolCalls: [{ id: 'call_notes', name: 'file_search', arguments: JSON.stringify({ queries: ['solve 3x + 11 = 14'] }) }] },
      {
        respond: (body) => {
          marker = /【[^】]*algebra\.md】/.exec(toolResult(body, 'call_notes'))?.[0] ?? '';
          // What models write: \( \) and \[ \] delimiters, which VS Code's chat does not render as such.
          return { text: ['Your notes start exactly here ', marker, '. Look at \\(3x + 11 = 14\\): ', 'what could you subtract from both sides so that only \\(3x\\) is left?\n', '\\[\n3x + 11 - 11 = 14 - 11\n\\]\n', 'Try it and tell me what you get.'], delayMs: 40 };
        },
      },
    );
    await openChatView(page, A_CHAT_MODEL);
    const response = await sendChat(page, '@tutor /hint where do I start?');
    await response.getByText('Try it and tell me what you get.').waitFor({ timeout: 90_000 });
    await chatIdle(page);
    assert.match(marker, /algebra\.md/, 'file search found the notes');

    const text = await response.innerText();
    assert.ok(!text.includes('\\('), `no raw \\( left: ${text}`);
    assert.ok(!text.includes('】'), 'the citation marker became a number');
    assert.match(text, /here \[1\]/);
    assert.ok((await response.locator(CHAT.katex).count()) >= 3, 'inline math rendered by KaTeX');
    assert.ok((await response.locator(CHAT.katexDisplay).count()) >= 1, 'display math rendered');
    await response.locator(CHAT.anchor, { hasText: 'algebra.md' }).first().waitFor({ timeout: 10_000 });
    assert.match(await response.locator(CHAT.references).first().innerText(), /1 reference/);
    // The hint mode and the selection reached the model through Tutor's run.
    const prompt = lastPrompt(fake);
    assert.match(prompt, /\/hint/);
    // The selection's origin, in the display language, with or without its language in brackets.
    assert.ok(prompt.includes(ui('From `{0}`, line {1}:', 'algebra.md', 3).replace(/[:：]$/, '')), prompt);
    await page.locator(CHAT.followup, { hasText: ui('Next hint') }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'ui-participant-hint');
  });

  it('the follow-up continues the same Tutor thread, and Tutor\'s view opens that conversation', async () => {
    const { page } = wb;
    fake.script({ text: ['Now divide both sides by $3$.'] });
    await page.locator(CHAT.followup, { hasText: ui('Next hint') }).first().click();
    await latestResponse(page).getByText('divide both sides by').waitFor({ timeout: 60_000 });
    await chatIdle(page);
    // The second run was on the same thread: the model saw the first question and answer.
    const prompt = lastPrompt(fake);
    assert.match(prompt, /where do I start\?/);
    assert.match(prompt, /Try it and tell me what you get/);
    // The follow-up's question is in the display language, as a student would have typed it.
    assert.ok(prompt.includes(ui('Give me the next hint.')), `the follow-up's question reached the model: ${prompt}`);

    await runFromPalette(page, tutorCommand('command.switchThread.title'));
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'where do I start?' }).first().click();
    const frame = await showTutorSidebar(page);
    await frame.locator('.entry.assistant', { hasText: 'divide both sides by' }).waitFor({ timeout: 30_000 });
    await frame.locator('.entry.user', { hasText: 'where do I start?' }).waitFor();
    await screenshot(page, 'ui-participant-thread-in-sidebar');
  });

  it('Stop in the Chat view cancels the run: the model request ends', async () => {
    const { page } = wb;
    const abortedBefore = fake.aborted;
    fake.script({ text: Array.from({ length: 300 }, (_, i) => `step ${i}, `), delayMs: 50 });
    await openChatView(page, A_CHAT_MODEL);
    const response = await sendChat(page, '@tutor explain every step slowly');
    await response.getByText('step 5,').waitFor({ timeout: 60_000 });
    await page.locator(CHAT.stop).first().click();
    await fake.waitForAbort(15_000, abortedBefore + 1);
    await chatIdle(page);
    const after = await response.innerText();
    await page.waitForTimeout(1_000);
    assert.equal(await response.innerText(), after, 'nothing streams after Stop');
    assert.ok(!after.includes('step 299'), 'stopped before the end');
    await screenshot(page, 'ui-participant-stopped');
  });

  it("another participant calls Tutor's three language-model tools (the CAS, the sandbox, Knowledge search)", async () => {
    const { page } = wb;
    const response = await sendChat(page, '@tooltest all');
    // VS Code may ask before an extension's tool runs; a user allows it.
    const deadline = Date.now() + 90_000;
    while (!(await response.getByText('tutor_search_knowledge returned').isVisible().catch(() => false))) {
      const allow = page.locator('.chat-confirmation-widget .monaco-button:visible', { hasText: /^(Allow|Continue)/ }).first();
      if (await allow.isVisible().catch(() => false)) await allow.click().catch(() => {});
      if (Date.now() > deadline) throw new Error(`@tooltest did not finish: ${await response.innerText()}`);
      await page.waitForTimeout(250);
    }
    await chatIdle(page);
    const text = await response.innerText();
    assert.match(text, /Tutor tools listed: tutor_verify_math, tutor_run_python, tutor_search_knowledge/);
    assert.match(text, /tutor_verify_math returned: The value does not solve it/);
    assert.match(text, /tutor_run_python returned: 5050 .*\[image\/png \d+ bytes\]/);
    assert.match(text, /tutor_search_knowledge returned: \[1\] algebra\.md/);
    await screenshot(page, 'ui-participant-tools');
  });
});
