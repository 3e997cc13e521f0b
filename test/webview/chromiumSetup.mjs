// Before any UI test: Chromium is there (installed on a fresh Debian machine when run as root),
// so no test's hook spends its timeout on apt-get.
import { ensureSystemPackages } from '../../harness/systemPackages.mjs';

export function mochaGlobalSetup() {
  ensureSystemPackages(['chromium']);
}
