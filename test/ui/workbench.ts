// One code-server with the packaged VSIX installed, driven by Chromium: what a user sees.
// Launched once per suite (about 25 s and 2 GiB each), shared by every UI test.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../../harness/chromium.mjs';
import { codeServerCli, makeProfile, startCodeServer, TUTOR_WEBVIEW, writeUserSettings } from '../../harness/codeServer.mjs';
import { installChineseLanguagePack } from '../../harness/languagePack.mjs';
import { repoRoot } from '../../harness/repo.mjs';
import { ensureSystemPackages } from '../../harness/systemPackages.mjs';
import { cssString, manifestText, tutorCommand, ui, uiLocale } from './uiText';

export const resultsDir = path.join(repoRoot, 'test-results');

/**
 * A file in test-results/ for this run: the Chinese run's names start with "zh-", so the suite's
 * second run (test/run.mjs) leaves the English run's screenshots and files as they were.
 */
export function resultsFile(name: string): string {
  return path.join(resultsDir, `${uiLocale === 'en' ? '' : 'zh-'}${name}`);
}

/** The link of Tutor's icon, found by its label (the view container's title). */
export const TUTOR_ICON_LINK = `a[aria-label^=${cssString(manifestText('viewsContainer.tutor.title'))}]`;
/** Tutor's icon in the activity bar. */
export const TUTOR_ICON = `.activitybar .action-item ${TUTOR_ICON_LINK}`;

export interface Workbench {
  page: Page;
  browser: Browser;
  workspace: string;
  /** The workbench URL without a folder (add `?folder=` to open one). */
  url: string;
  /** code-server's profile: user-data/ (settings, logs, global and workspace storage), extensions/, code-server.log. */
  profileDir: string;
  stop(): Promise<void>;
}

/** Settings every UI test starts from: no start page, tips, trust prompt, updates or telemetry. */
const QUIET_WORKBENCH = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
};

/** The test extension with a scripted chat model (and @tooltest), for suites that use VS Code's Chat view. */
export const FAKE_LM_EXTENSION = path.join(repoRoot, 'test', 'fixtures', 'tutor-test.fake-lm-0.0.1');

export interface WorkbenchOptions {
  /**
   * The display language: 'zh-cn' starts code-server in Chinese (a language pack made for the
   * run, see harness/languagePack.mjs), so `vscode.env.language` is 'zh-cn' and Tutor's manifest
   * and runtime strings are its Chinese ones. VS Code's own UI stays English. By default the
   * suite's language (TUTOR_UI_LOCALE, see uiText.ts), so every suite runs in Chinese as well.
   */
  locale?: 'en' | 'zh-cn';
}

/**
 * `env` is added to code-server's environment (and so the extension host's); `extensions` are
 * unpacked extension folders (named publisher.name-version) installed beside Tutor.
 */
export async function openWorkbench(settings: Record<string, unknown> = {}, env: Record<string, string> = {}, extensions: string[] = [], options: WorkbenchOptions = {}): Promise<Workbench> {
  const language = options.locale ?? uiLocale;
  const dirs = makeProfile('tutor-ui');
  writeUserSettings(dirs, { ...QUIET_WORKBENCH, ...settings });
  // Chinese text needs a font with its glyphs (test/run.mjs installs it before the suite; this is
  // for a file run some other way).
  if (language === 'zh-cn') ensureSystemPackages(['cjkFont']);
  // Copied or written first, so installing the VSIX records them in the profile's extensions list too.
  const locale = language === 'zh-cn' ? installChineseLanguagePack(dirs) : undefined;
  for (const folder of extensions) cpSync(folder, path.join(dirs.extensionsDir, path.basename(folder)), { recursive: true });
  codeServerCli(['--install-extension', path.join(repoRoot, 'tutor.vsix')], dirs);
  const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'tutor-ui-ws-')), 'math-exercises');
  cpSync(path.join(repoRoot, 'samples', 'math-exercises'), workspace, { recursive: true });
  const server = await startCodeServer({ dirs, env, locale });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  mkdirSync(resultsDir, { recursive: true });
  return {
    page,
    browser,
    workspace,
    url: server.url,
    profileDir: dirs.root,
    async stop() {
      await browser.close().catch(() => {});
      server.stop();
    },
  };
}

/** The chat webview's document (VS Code nests it in two iframes). */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator(TUTOR_WEBVIEW).frameLocator('#active-frame');
}

/**
 * Runs a command from the F1 palette. The extension host takes 10–14 s to come up, so the
 * command may not be listed at first: retry until it is.
 */
export async function runFromPalette(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    // The palette closes when something else takes the focus a moment after it opened (seen: an
    // editor still busy with a 1 MB document took the click's focus late): open it again.
    if (!(await input.fill(`>${title}`, { timeout: 5_000 }).then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error(`the command palette kept closing before "${title}" could be typed`);
      continue;
    }
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    if (await row.waitFor({ timeout: 3_000 }).then(() => true, () => false)) {
      await row.click();
      return;
    }
    if (Date.now() > deadline) throw new Error(`"${title}" never appeared in the command palette`);
  }
}

/** The question box "Tutor: Ask Tutor" opens, by its placeholder. */
export function askInput(): string {
  return `.quick-input-widget input[placeholder=${cssString(ui('Ask about math or code, e.g. How do I solve 3x + 11 = 14?'))}]`;
}

/**
 * "Tutor: Ask Tutor" from the palette, then `question` typed into Tutor's own input. That input
 * is found by its placeholder (in this run's language), not as "the quick input": the palette's
 * input is the same widget, and on first use the command waits for Tutor to activate, so typing
 * at once went into the closing palette and the question was never asked (seen once in CI, a
 * 120 s wait).
 */
export async function askFromPalette(page: Page, question: string): Promise<void> {
  await runFromPalette(page, tutorCommand('command.ask.title'));
  const input = page.locator(askInput());
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(question);
  await input.press('Enter');
}

/** From an `afterEach`: a screenshot named after the test that just failed, to see what it saw. */
export async function screenshotIfFailed(context: Mocha.Context, page: Page, prefix: string): Promise<void> {
  const test = context.currentTest;
  if (test?.state === 'failed') await screenshot(page, `${prefix}-failed-${test.title.slice(0, 30).replace(/\W+/g, '-')}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = resultsFile(`${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * How many questions in the transcript read exactly `text` (or contain it, with `partial`): each
 * question asked must be shown once, however it was asked.
 */
export async function countQuestions(frame: FrameLocator, text: string, partial = false): Promise<number> {
  const bodies = await frame.locator('.entry.user .body').allTextContents();
  return bodies.filter((b) => (partial ? b.includes(text) : b.trim() === text)).length;
}
