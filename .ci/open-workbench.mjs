// Opens the URL `npm start` printed in Chromium, as a user would, and checks what they should
// see: the workbench, Tutor's icon in the activity bar, and its chat view with the question box.
// Leaves a screenshot in test-results/run-command.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, repoRoot } from '../test/harness/codeServer.mjs';

const url = process.argv[2];
const shot = path.join(repoRoot, 'test-results', 'run-command.png');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  const icon = page.locator('.activitybar .action-item a[aria-label^="Tutor"]');
  await icon.waitFor({ timeout: 90_000 });
  // The sidebar may already show Tutor (a profile that kept it open); clicking would hide it.
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const box = frame.getByRole('textbox', { name: 'Your question' });
  if (!(await box.isVisible().catch(() => false))) await icon.click();
  await box.waitFor({ timeout: 90_000 });
  mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  console.log(`== the workbench shows Tutor's icon and chat view (screenshot: ${path.relative(repoRoot, shot)})`);
} catch (err) {
  console.error(`FAIL: the workbench at ${url} did not show Tutor: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
