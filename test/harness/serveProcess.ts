/**
 * `tutor-assistants serve` as a real child process: spawn the shipped bundle (the unit and
 * reliability runners build it first), wait for its listening line, and hand back the URL. The
 * server suite and the reliability suites (crash, load, fuzz) all start it this way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './codeServer.mjs';

export interface Served {
  child: ChildProcess;
  /** Base URL for the SDK, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

/** The shipped bundle (`bin` in package.json); `node esbuild.mjs` writes it. */
export const CLI = path.join(repoRoot, 'dist', 'tutor-assistants.js');

/**
 * Runs `node CLI ...args`. Rejects with `{ code, out }` attached if it exits first, or with its
 * output if it stays silent past `timeoutMs`. The provider key and server token are cleared from
 * the environment unless `env` sets them, so no developer key leaks into a test.
 */
export function startServe(args: string[], options: { env?: Record<string, string>; node?: string; timeoutMs?: number } = {}): Promise<Served> {
  if (!existsSync(CLI)) return Promise.reject(new Error(`${CLI} is missing: run \`node esbuild.mjs\` first (the test runners do)`));
  const child = spawn(options.node ?? process.execPath, [CLI, ...args], {
    cwd: repoRoot,
    env: { ...process.env, OPENAI_API_KEY: '', TUTOR_PROVIDER_API_KEY: '', TUTOR_SERVER_TOKEN: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), options.timeoutMs ?? 20_000);
    child.stdout!.on('data', () => {
      const m = /^Assistants API listening on (http:\/\/\S+\/v1)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}:\n${out}`), { code, out }));
    });
  });
}

/** Resolves with the exit code (null after a signal) once the process has gone. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** SIGTERM (a clean shutdown that flushes the database); resolves with the exit code. */
export async function stop(server: Served): Promise<number | null> {
  server.child.kill('SIGTERM');
  return exitOf(server.child);
}
