// Opens the URL `npm start` printed in Chromium, as a user would, and checks what they should
// see: the workbench, Tutor's icon in the activity bar, and its chat view with the question box.
// Leaves a screenshot in test-results/run-command.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../harness/chromium.mjs';
import { TUTOR_WEBVIEW } from '../harness/codeServer.mjs';
import { repoRoot } from '../harness/repo.mjs';

const url = process.argv[2];
const shot = path.join(repoRoot, 'test-results', 'run-command.png');
mkdirSync(path.dirname(shot), { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  const item = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Tutor"]') });
  await item.waitFor({ timeout: 90_000 });
  // A profile that kept Tutor open shows it already (its item is checked); a click would hide it.
  if (!(await item.evaluate((el) => el.classList.contains('checked')))) await item.locator('a').click();
  // Tutor's own webview, not the README preview's.
  const frame = page.frameLocator(TUTOR_WEBVIEW).frameLocator('#active-frame');
  await frame.getByRole('textbox', { name: 'Your question' }).waitFor({ timeout: 90_000 });
  await page.screenshot({ path: shot });
  console.log(`== the workbench shows Tutor's icon and chat view (screenshot: ${path.relative(repoRoot, shot)})`);
} catch (err) {
  console.error(`FAIL: the workbench at ${url} did not show Tutor: ${err instanceof Error ? err.message : err}`);
  await (await browser.contexts()[0]?.pages()[0])?.screenshot({ path: shot }).catch(() => {});
  console.error(`(what it showed: ${path.relative(repoRoot, shot)})`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
