// What a user does in VS Code's own Chat view (not Tutor's webview): open it, wait until a model
// is selected (without Copilot, the scripted model of the fake-lm test extension), type a request
// to a participant, stop it, click a follow-up. Selectors are VS Code 1.139's.
import type { Locator, Page } from 'playwright-core';

export const CHAT = {
  input: '.interactive-input-part .monaco-editor',
  modelPicker: '.interactive-input-part .action-label[aria-label^="Models"]',
  stop: '.interactive-input-part a.action-label[aria-label^="Cancel"]',
  response: '.interactive-item-container.interactive-response',
  katex: '.vscode-katex-container .katex',
  katexDisplay: '.vscode-katex-container .katex-display',
  followup: '.interactive-session-followups a.interactive-followup-reply',
  anchor: 'a.chat-inline-anchor-widget',
  references: '.chat-used-context-label',
  button: '.chat-command-button a.monaco-button',
} as const;

/**
 * Either chat model these workbenches have: the fake-lm extension's, or Tutor's own (its configured
 * provider, vendor 'tutor'). Which one VS Code selects first varies; @tutor answers through Tutor's
 * runtime whichever it is, the Chat view only needs one to send anything.
 */
export const A_CHAT_MODEL = /Fake Tutor|Tutor \(/;

/** Opens the Chat view (Ctrl+Alt+I) and waits until `model` is the selected model. */
export async function openChatView(page: Page, model: RegExp): Promise<void> {
  const input = page.locator(CHAT.input).first();
  if (!(await input.isVisible().catch(() => false))) await page.keyboard.press('Control+Alt+I');
  await input.waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    ({ selector, source }) => new RegExp(source).test(document.querySelector(selector)?.getAttribute('aria-label') ?? ''),
    { selector: CHAT.modelPicker, source: model.source },
    { timeout: 90_000 },
  );
}

/** The newest response in the Chat view (the list is virtualised: never count or index its rows). */
export function latestResponse(page: Page): Locator {
  return page.locator(`${CHAT.response}.chat-most-recent-response`);
}

/** Types a request into the Chat view's input, as a user would, and sends it with Enter. */
export async function sendChat(page: Page, text: string): Promise<Locator> {
  await typeChat(page, text);
  await page.keyboard.press('Enter');
  return latestResponse(page);
}

/**
 * Types a request into the Chat view's input without sending it (the bench arms its probe between
 * the typing and the Enter).
 */
export async function typeChat(page: Page, text: string): Promise<void> {
  await page.locator(CHAT.input).first().click();
  // A sticky participant (@tutor is one) stays in the input after a request: start empty.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // The @mention's suggestions filter as it is typed; typing on before they settle can commit
  // another participant, so the mention goes in at a person's pace and the rest after a pause.
  const mention = /^@\S+/.exec(text)?.[0] ?? '';
  await page.keyboard.type(mention, { delay: 40 });
  if (mention) await page.waitForTimeout(500);
  await page.keyboard.type(text.slice(mention.length), { delay: 5 });
}

/** Waits until no response in the Chat view is still loading. */
export async function chatIdle(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.interactive-response.chat-response-loading'), null, { timeout: timeoutMs });
}
