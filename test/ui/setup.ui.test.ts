// A first run, as a newcomer meets it (packaged VSIX in code-server, Chromium, no provider set,
// no key): the "Set up Tutor" view and its buttons, then the "Get started with Tutor"
// walkthrough it links to, each step's button clicked and checked for what it says it does.
// The steps build on each other, as they do for the user: choose a provider, pick a model, ask.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { escapeRegExp, manifestLink, manifestText, ui } from './uiText';
import { showTutorSidebar } from './userActions';
import { askInput, openWorkbench, screenshot, screenshotIfFailed, TUTOR_ICON, type Workbench } from './workbench';

/** The walkthrough's manifest keys (package.nls.json), one per step, in order. */
const WALKTHROUGH = 'walkthrough.tutor.gettingStarted';
const STEP = {
  provider: `${WALKTHROUGH}.tutor.chooseProvider`,
  model: `${WALKTHROUGH}.tutor.pickModel`,
  ask: `${WALKTHROUGH}.tutor.askFirst`,
  selection: `${WALKTHROUGH}.tutor.sendSelection`,
};
/** A step's title, as the walkthrough shows it in this run's language. */
const title = (step: string) => manifestText(`${step}.title`);
/** The button a step's description draws for its link to `target`. */
const stepButton = (step: string, target: string) => manifestLink(`${step}.description`, target);
/** The "Set up Tutor" view's welcome text, and the button it draws for its link to `target`. */
const SETUP_WELCOME = 'viewsWelcome.tutor.setup.contents';
const setupButton = (target: string) => manifestLink(SETUP_WELCOME, target);

/** The "Set up Tutor" view's pane in the Tutor side bar. */
function setupPane(page: Page): Locator {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: manifestText('view.tutor.setup.name') }) });
}

/** The walkthrough's step titled `title`, opened (its description and buttons shown). */
async function openStep(page: Page, step: string): Promise<Locator> {
  const stepTitle = title(step);
  const walkthrough = page.locator('.gettingStartedContainer');
  const row = walkthrough.locator('.getting-started-step', { hasText: stepTitle });
  // Back to the walkthrough's tab when a step's button opened another editor (Settings).
  const tabTitle = new RegExp(`Walkthrough|Welcome|${escapeRegExp(manifestText(`${WALKTHROUGH}.title`))}`);
  if (!(await walkthrough.isVisible())) await page.locator('.tabs-container .tab', { hasText: tabTitle }).first().click();
  await row.waitFor({ timeout: 30_000 });
  if (!(await row.evaluate((e) => e.classList.contains('expanded')))) await row.locator('.step-title').click();
  await walkthrough.locator('.getting-started-step.expanded', { hasText: stepTitle }).waitFor({ timeout: 10_000 });
  return walkthrough.locator('.getting-started-step.expanded', { hasText: stepTitle });
}

/** Waits until the step shows its completion check ("Completed" is VS Code's own word). */
async function waitChecked(page: Page, step: string): Promise<void> {
  await page.locator('.gettingStartedContainer').getByRole('checkbox', { name: `${title(step)}: Completed` }).waitFor({ timeout: 30_000 });
}

describe('first run: the setup view and the walkthrough (code-server + Chromium, packaged VSIX)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;

  before(async () => {
    // A first run: no provider in settings, no key stored or inherited.
    delete process.env.OPENAI_API_KEY;
    fake = await startFakeModel({ models: ['fake-model', 'fake-model-large'] });
    wb = await openWorkbench();
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, 'ui-setup');
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('"Set up Tutor" shows while nothing is configured, and its Set API Key asks for the key', async () => {
    const { page } = wb;
    await page.locator(TUTOR_ICON).click();
    const pane = setupPane(page);
    // Its first paragraph: what Tutor needs.
    await pane.locator('.welcome-view-content', { hasText: manifestText(SETUP_WELCOME).split('\n')[0]! }).waitFor({ timeout: 60_000 });
    for (const command of ['command:tutor.setApiKey', 'command:workbench.action.openSettings', 'command:tutor.selectModel']) await pane.getByRole('button', { name: setupButton(command) }).waitFor();
    await pane.getByText(setupButton('command:workbench.action.openWalkthrough')).waitFor();
    await screenshot(page, 'ui-setup-view');

    await pane.getByRole('button', { name: setupButton('command:tutor.setApiKey') }).click();
    const key = page.locator('.quick-input-widget input[type="password"]');
    await key.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.quick-input-widget', { hasText: ui('Stored in VS Code Secret Storage only — never in settings or logs. Leave empty to remove the stored key.') }).waitFor();
    await key.press('Escape');
    await key.waitFor({ state: 'hidden' });
    await pane.locator('.welcome-view-content').waitFor();
  });

  it('"Open the walkthrough" opens "Get started with Tutor" with its four steps', async () => {
    const { page } = wb;
    await setupPane(page).getByText(setupButton('command:workbench.action.openWalkthrough')).click();
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.getByText(manifestText(`${WALKTHROUGH}.title`)).first().waitFor({ timeout: 30_000 });
    const titles = await walkthrough.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(titles.map((t) => t.trim()), [STEP.provider, STEP.model, STEP.ask, STEP.selection].map(title));
    await screenshot(page, 'ui-setup-walkthrough');
  });

  it('step 1: Choose Provider opens the setting; choosing one checks the step and the setup view goes away', async () => {
    const { page } = wb;
    const step = await openStep(page, STEP.provider);
    await step.getByRole('button', { name: stepButton(STEP.provider, 'command:workbench.action.openSettings') }).click();
    const settings = page.locator('.settings-editor');
    const provider = settings.locator('.setting-item', { hasText: manifestText('config.provider.description') });
    await provider.waitFor({ timeout: 30_000 });
    // Seen here: the settings list re-renders just after it opens (its search settling), which
    // closes a dropdown opened at that moment. So the pick is tried again, as a user would.
    const custom = page.locator('.monaco-select-box-dropdown-container .monaco-list-row', { has: page.locator('.option-text', { hasText: /^custom$/ }) });
    for (let attempt = 1; ; attempt++) {
      await provider.locator('select').click();
      if (await custom.click({ timeout: 5_000 }).then(() => true, () => false)) break;
      if (attempt === 3) throw new Error('the provider dropdown never let "custom" be picked (3 tries)');
    }
    await setupPane(page).waitFor({ state: 'hidden', timeout: 30_000 });

    // The custom provider's URL, typed where a user types it (the same search shows it).
    const urlDescription = manifestText('config.providerUrl.description');
    const url = settings.locator('.setting-item', { hasText: urlDescription }).locator('input');
    await url.fill(fake.url);
    await url.press('Tab');
    // Written to the user's settings: the editor marks the setting as configured.
    await settings.locator('.is-configured', { hasText: urlDescription }).waitFor({ timeout: 30_000 });
    // Escape clears the search first, then closes Settings.
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Escape');
      if (await settings.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false)) break;
    }
    await settings.waitFor({ state: 'hidden' });

    await openStep(page, STEP.model);
    await waitChecked(page, STEP.provider);
  });

  it('step 2: Select Model lists the provider\'s models and picks one', async () => {
    const { page } = wb;
    const step = await openStep(page, STEP.model);
    await step.getByRole('button', { name: stepButton(STEP.model, 'command:tutor.selectModel') }).click();
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'fake-model-large' });
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await waitChecked(page, STEP.model);
  });

  it('step 3: Ask Tutor asks, and the answer comes from the provider and model chosen in steps 1 and 2', async () => {
    const { page } = wb;
    const step = await openStep(page, STEP.ask);
    fake.script({ text: ['Subtract $11$ from both sides first.'] });
    await step.getByRole('button', { name: stepButton(STEP.ask, 'command:tutor.ask') }).click();
    const input = page.locator(askInput());
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('How do I solve 3x + 11 = 14?');
    await input.press('Enter');
    const chat = await showTutorSidebar(page);
    await chat.locator('.entry.assistant', { hasText: 'Subtract' }).waitFor({ timeout: 60_000 });
    const chats = fake.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(chats.at(-1)?.body.model, 'fake-model-large');
    await openStep(page, STEP.selection);
    await waitChecked(page, STEP.ask);
  });

  it('step 4: Send Selection with nothing selected says what to select first', async () => {
    const { page } = wb;
    const step = await openStep(page, STEP.selection);
    await step.getByRole('button', { name: stepButton(STEP.selection, 'command:tutor.sendSelection') }).click();
    await page.locator('.notifications-toasts', { hasText: ui('Select some code or an equation first, then send it to Tutor.') }).waitFor({ timeout: 30_000 });
    await waitChecked(page, STEP.selection);
    await screenshot(page, 'ui-setup-walkthrough-done');
  });
});
