// code-server is VS Code 1.139.1 served to a browser: the one real VS Code these machines can run.
// This module installs it once into .vscode-test/ (git-ignored, like @vscode/test-electron's
// cache), starts it on a free loopback port in its own process group, and stops the whole group.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureNode24, node24Dir, npmInstall } from './node24.mjs';
import { cacheDir, harnessLog as log } from './repo.mjs';
import { ensureSystemPackages } from './systemPackages.mjs';

const CODE_SERVER_VERSION = '4.139.1';
const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const entry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/**
 * Makes sure Node 24 and code-server are in the cache, installing what is missing.
 * code-server's postinstall insists on Node 24 and builds native modules (argon2, kerberos
 * against the system's GSSAPI headers), so npm runs on Node 24 with its headers.
 * @returns {{ node: string, entry: string }}
 */
export function ensureCodeServer() {
  const nodeBin = ensureNode24();
  const marker = path.join(codeServerDir, '.tutor-installed');
  if (!existsSync(marker)) {
    ensureSystemPackages(['kerberosHeaders']);
    log(`installing code-server ${CODE_SERVER_VERSION} (about 3 minutes, once)`);
    const started = Date.now();
    npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, { node: node24Dir });
    if (!existsSync(entry)) throw new Error(`code-server install finished but ${entry} is missing`);
    writeFileSync(marker, `${new Date().toISOString()} ${Math.round((Date.now() - started) / 1000)}s\n`);
  }
  return { node: nodeBin, entry };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs the code-server CLI for a one-off job, e.g. `--install-extension`. */
export function codeServerCli(args, dirs) {
  const { node, entry: cli } = ensureCodeServer();
  execFileSync(node, [cli, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...dirs.env },
  });
}

/**
 * The dirs of one code-server profile: user data, extensions, config and XDG homes. Fresh and
 * empty in a temp folder, or kept in `root` when given (npm start keeps its profile).
 */
export function makeProfile(label = 'tutor', root = mkdtempSync(path.join(tmpdir(), `${label}-cs-`))) {
  const dirs = {
    root,
    userDataDir: path.join(root, 'user-data'),
    extensionsDir: path.join(root, 'extensions'),
    config: path.join(root, 'config.yaml'),
    env: { XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_DATA_HOME: path.join(root, 'xdg-data') },
  };
  for (const dir of [dirs.userDataDir, dirs.extensionsDir, ...Object.values(dirs.env)]) mkdirSync(dir, { recursive: true });
  if (!existsSync(dirs.config)) writeFileSync(dirs.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return dirs;
}

/** Writes user settings into a profile before code-server starts. */
export function writeUserSettings(dirs, settings) {
  const dir = path.join(dirs.userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server and resolves once /healthz answers.
 * `locale` is the display language (`--locale`); anything but English also needs a language pack
 * in the profile (harness/languagePack.mjs), or code-server quietly stays English.
 * @param {{ dirs: ReturnType<typeof makeProfile>, env?: Record<string,string>, smokeDriver?: boolean, port?: number, locale?: string }} options
 */
export async function startCodeServer({ dirs, env = {}, smokeDriver = false, port: wanted, locale }) {
  const { node, entry: cli } = ensureCodeServer();
  const port = wanted ?? (await freePort());
  const logFile = path.join(dirs.root, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    cli,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time', '30',
    '--config', dirs.config,
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
  ];
  if (smokeDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (locale) args.push('--locale', locale);
  // detached: its own process group, so stop() can end code-server and every extension host it forked.
  const child = spawn(node, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...dirs.env, ...env } });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}:\n${readFileSync(logFile, 'utf8')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, logFile, stop, pid: child.pid };
}

/**
 * Tutor's webview iframe in the workbench: VS Code names the owning extension in its URL, so
 * another extension's webview (a Markdown preview, say) is never taken for it.
 */
export const TUTOR_WEBVIEW = 'iframe.webview.ready[src*="extensionId=tutor-dev.tutor"]';
