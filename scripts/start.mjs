// `npm start`: builds and packages Tutor, installs the VSIX into code-server (a real VS Code in the
// browser) with the sample math workspace, and prints the local URL. Ctrl+C stops it, and with it
// every process code-server started.
// On a fresh machine it first installs what npm alone cannot: Node 24 and code-server into
// .vscode-test/ (git-ignored), and the Kerberos headers code-server builds against (see
// harness/systemPackages.mjs). The profile lives in .vscode-test/start-profile, so settings
// and threads survive restarts.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { codeServerCli, ensureCodeServer, makeProfile, startCodeServer, writeUserSettings } from '../harness/codeServer.mjs';
import { repoRoot } from '../harness/repo.mjs';

try {
  execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  ensureCodeServer();
} catch (err) {
  console.error(`\nTutor could not start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}

const dirs = makeProfile('start', path.join(repoRoot, '.vscode-test', 'start-profile'));
const workspace = path.join(dirs.root, 'math-exercises');
if (!existsSync(workspace)) cpSync(path.join(repoRoot, 'samples', 'math-exercises'), workspace, { recursive: true });
// First start only (later, the settings are the user's): open the sample's README, and do not
// offer to open the Tutor checkout's git repository, which VS Code finds above the sample folder.
if (!existsSync(path.join(dirs.userDataDir, 'User', 'settings.json'))) {
  writeUserSettings(dirs, { 'workbench.startupEditor': 'readme', 'git.openRepositoryInParentFolders': 'never' });
}

codeServerCli(['--install-extension', path.join(repoRoot, 'tutor.vsix'), '--force'], dirs);
const server = await startCodeServer({ dirs, port: Number(process.env.PORT) || undefined });
console.log(`\nTutor is running in VS Code (code-server) at:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n\nPress Ctrl+C to stop.`);
const stop = () => {
  server.stop();
  process.exit(0);
};
// Ctrl+C, a closed terminal, or a supervisor's stop: code-server runs in a process group of its own
// (so the terminal's signal does not reach it), and stop() ends that whole group.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
setInterval(() => {}, 1 << 30);
