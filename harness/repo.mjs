// Where the checkout is, and the git-ignored cache (.vscode-test/) that the harness installs
// Node 24 and code-server into, as @vscode/test-electron keeps its downloads.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = path.join(repoRoot, '.vscode-test');

/** A progress line of the harness, on stderr so a caller's stdout stays its own. */
export function harnessLog(message) {
  process.stderr.write(`[harness] ${message}\n`);
}
