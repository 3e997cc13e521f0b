// insert_into_editor's approval card, answered by clicking in the real chat (packaged VSIX in
// code-server, Chromium): Approve puts the text where the card said; Deny leaves the editor as it
// was and the run goes on with the refusal as the function's output.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import type { ChatBody } from '../../harness/fakeModel';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { ui } from './uiText';
import { cursorPlace, editorLines, openFileByName, showTutorSidebar } from './userActions';
import { openWorkbench, screenshot, screenshotIfFailed, type Workbench } from './workbench';

/** What the runtime sent back to the model for the last function call, read from the model's next request. */
function lastToolOutput(body: ChatBody): string {
  const tools = (body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool');
  return tools.at(-1)?.content ?? '';
}

/**
 * The card waiting for an answer, found again by its call id: once answered it is no longer
 * pending, and a locator that filtered on that would lose it.
 */
async function pendingCard(frame: FrameLocator): Promise<Locator> {
  const pending = frame.locator('.tool-call', { has: frame.locator('.tool-approval.pending') }).last();
  await pending.waitFor({ timeout: 60_000 });
  const id = await pending.getAttribute('data-call-id');
  assert.ok(id, 'the card has a call id');
  return frame.locator(`.tool-call[data-call-id="${id}"]`);
}

describe('approving an insert into the editor by clicking in the chat (code-server + Chromium, packaged VSIX)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    wb = await openWorkbench({ 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
    // No trailing newline: the end of the file is line 3, column 5, right after "x = ".
    writeFileSync(path.join(wb.workspace, 'answer.md'), '# Answer\n\nx = ');
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, 'ui-approval');
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  /** Opens answer.md with the cursor at its end, and asks a question whose answer calls insert_into_editor with `text`. */
  async function askForInsert(text: string, id: string): Promise<{ output: () => string }> {
    const { page } = wb;
    const frame = await showTutorSidebar(page);
    await openFileByName(page, 'answer.md');
    await page.locator('.part.editor .view-line', { hasText: 'Answer' }).click();
    await page.keyboard.press('Control+End');
    let output = '';
    fake.script(
      { toolCalls: [{ id, name: 'insert_into_editor', arguments: JSON.stringify({ text }) }] },
      {
        respond: (body) => {
          output = lastToolOutput(body);
          return { text: [`Next step for ${id}: check it by substituting.`] };
        },
      },
    );
    const box = frame.getByRole('textbox', { name: ui('Your question') });
    await box.fill('Write the value of x into my file.');
    await box.press('Enter');
    return { output: () => output };
  }

  it('Approve: the card names the place, and the text appears in the editor exactly there', async () => {
    const { page } = wb;
    const run = await askForInsert('(14 - 11) / 3', 'call_insert_approve');
    assert.equal(await cursorPlace(page), 'Ln 3, Col 5');
    const frame = await showTutorSidebar(page);
    const card = await pendingCard(frame);
    assert.equal(await card.locator('.tool-approval-target').innerText(), ui('Inserts at {0} of {1}.', ui('line {0}, column {1}', 3, 5), 'answer.md'));
    assert.equal(await card.locator('.tool-approval-preview').innerText(), '(14 - 11) / 3');
    assert.deepEqual(await editorLines(page), ['# Answer', '', 'x = '], 'nothing is inserted before the click');
    await screenshot(page, 'ui-approval-pending');

    await card.getByRole('button', { name: ui('Approve'), exact: true }).click();
    await card.locator('.tool-approval-state', { hasText: `✓ ${ui('Approved')}` }).waitFor({ timeout: 30_000 });
    await frame.locator('.entry.assistant', { hasText: 'Next step for call_insert_approve' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await editorLines(page), ['# Answer', '', 'x = (14 - 11) / 3']);
    assert.equal(run.output(), 'Inserted 13 characters into answer.md at line 3, column 5.');
    await screenshot(page, 'ui-approval-approved');
  });

  it('Deny: the editor stays as it was, and the run goes on with the refusal as the output', async () => {
    const { page } = wb;
    const run = await askForInsert(' + 0', 'call_insert_deny');
    assert.equal(await cursorPlace(page), 'Ln 3, Col 18');
    const frame = await showTutorSidebar(page);
    const card = await pendingCard(frame);
    assert.equal(await card.locator('.tool-approval-target').innerText(), ui('Inserts at {0} of {1}.', ui('line {0}, column {1}', 3, 18), 'answer.md'));

    await card.getByRole('button', { name: ui('Deny'), exact: true }).click();
    await card.locator('.tool-approval-state', { hasText: `✗ ${ui('Denied')}` }).waitFor({ timeout: 30_000 });
    // The answer after the denial is the positive signal that the call finished: an insert would
    // have been applied before its output went back to the model.
    await frame.locator('.entry.assistant', { hasText: 'Next step for call_insert_deny' }).waitFor({ timeout: 60_000 });
    assert.equal(run.output(), 'The user refused: nothing was inserted. Show the text in your answer instead.');
    assert.deepEqual(await editorLines(page), ['# Answer', '', 'x = (14 - 11) / 3'], 'the editor is unchanged');
    await screenshot(page, 'ui-approval-denied');
  });
});
