// Debian's Chromium, driven through playwright-core: the browser of the UI tests, the renderer
// pages, the integration launcher and the bench.
import { chromiumPath, ensureSystemPackages } from './systemPackages.mjs';

/**
 * Debian's Chromium through playwright-core, with the flags this closed network needs. Installs it
 * first when missing and allowed (systemPackages.mjs); runners call ensureSystemPackages(['chromium'])
 * before their timed hooks, so this install is the exception.
 */
export async function launchChromium() {
  ensureSystemPackages(['chromium']);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}
