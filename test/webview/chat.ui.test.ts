import * as assert from 'node:assert/strict';
import { chatFrame, openWorkbench, runFromPalette, screenshot, type Workbench } from './workbench';

describe('Tutor in the browser (code-server + Chromium, packaged VSIX)', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench({ 'workbench.colorTheme': 'Default Dark Modern' });
  });
  after(async () => wb?.stop());

  it('shows Tutor in the activity bar and opens its chat view with an input box', async () => {
    const { page } = wb;
    const icon = page.locator('.activitybar .action-item a[aria-label^="Tutor"]');
    await icon.waitFor({ timeout: 60_000 });
    await icon.click();
    const frame = chatFrame(page);
    const box = frame.getByRole('textbox', { name: 'Your question' });
    await box.waitFor({ timeout: 30_000 });
    assert.equal(await frame.getByRole('log', { name: 'Conversation with Tutor' }).count(), 1);
    await screenshot(page, 'ui-activity-bar-chat-view');
  });

  it('"Tutor: Ask Tutor" from the palette asks for a question and shows it in the view', async () => {
    const { page } = wb;
    await runFromPalette(page, 'Tutor: Ask Tutor');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const question = 'How do I solve 3x + 11 = 14?';
    await input.fill(question);
    await input.press('Enter');
    const frame = chatFrame(page);
    await frame.locator('.entry.user', { hasText: question }).waitFor({ timeout: 30_000 });
    // Honest until a model runtime is connected: the view says it cannot answer yet.
    await frame.locator('.entry.notice', { hasText: 'cannot answer yet' }).waitFor();
    await screenshot(page, 'ui-ask-tutor');
  });

  it('the composer sends with Enter and keeps Shift+Enter as a newline', async () => {
    const { page } = wb;
    const frame = chatFrame(page);
    const box = frame.getByRole('textbox', { name: 'Your question' });
    await box.click();
    await box.pressSequentially('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    assert.equal(await box.inputValue(), 'line one\nline two');
    await box.press('Enter');
    await frame.locator('.entry.user', { hasText: 'line two' }).waitFor();
    assert.equal(await box.inputValue(), '');
    await screenshot(page, 'ui-composer');
  });
});
