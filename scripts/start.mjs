// `npm start`: builds and packages Tutor, installs the VSIX into code-server (a real VS Code in the
// browser) with the sample math workspace, and prints the local URL. Ctrl+C stops it.
// The profile lives in .vscode-test/start-profile, so settings and threads survive restarts.
import { execSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { codeServerCli, makeProfile, repoRoot, startCodeServer } from '../test/harness/codeServer.mjs';

execSync('npm run package', { cwd: repoRoot, stdio: 'inherit' });

const dirs = makeProfile('start', path.join(repoRoot, '.vscode-test', 'start-profile'));
const workspace = path.join(dirs.root, 'math-exercises');
if (!existsSync(workspace)) cpSync(path.join(repoRoot, 'samples', 'math-exercises'), workspace, { recursive: true });

codeServerCli(['--install-extension', path.join(repoRoot, 'tutor.vsix'), '--force'], dirs);
const server = await startCodeServer({ dirs, port: Number(process.env.PORT) || undefined });
console.log(`\nTutor is running in VS Code (code-server) at:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n\nPress Ctrl+C to stop.`);
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
