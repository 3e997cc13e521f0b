import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FromWorker, ToWorker } from './workerProtocol';

/** Where PyodideEngine finds its worker script and Pyodide's runtime files. */
export interface PyodidePaths {
  /** Folder with pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json. */
  assetsDir: string;
  /** The sandbox process's entry: dist/codeInterpreterWorker.js (a bundle: it must read no other file of ours). */
  workerPath: string;
}

/**
 * Defaults for both ways this module runs: bundled (esbuild puts this code in dist/runtime.js,
 * with the worker at dist/codeInterpreterWorker.js and Pyodide's files in dist/pyodide/) and
 * from source under tsx (tests, bench), where Pyodide's files are in node_modules/pyodide and the
 * worker is still the bundle in dist/ (the test runners build it first): the sandbox process may
 * read only its entry and Pyodide's folder, so it cannot load TypeScript through tsx.
 */
export function defaultPyodidePaths(): PyodidePaths {
  if (__filename.endsWith('.ts')) {
    const repo = path.resolve(__dirname, '../../../..');
    return { assetsDir: path.join(repo, 'node_modules', 'pyodide'), workerPath: path.join(repo, 'dist', 'codeInterpreterWorker.js') };
  }
  return { assetsDir: path.join(__dirname, 'pyodide'), workerPath: path.join(__dirname, 'codeInterpreterWorker.js') };
}

/** The sandbox as the engine drives it: messages both ways, an interrupt, and a kill. */
export interface SandboxProcess {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Once, when the process has gone (a kill, a crash, an exit); `error` says why when it was not our kill. */
  onExit(listener: (error?: Error) => void): void;
  /** Raises KeyboardInterrupt in the running cell (the process polls for it; see pyodideWorker.ts). */
  interrupt(): void;
  /** SIGKILL; resolves once the process has exited. */
  kill(): Promise<void>;
  /** Whether a live sandbox keeps the host's event loop alive (only while a cell runs). */
  ref(): void;
  unref(): void;
}

/**
 * The flag that turns Node's permission model on: `--permission` from Node 22.13 (and 23.5),
 * `--experimental-permission` before (Node 20). Electron's Node (desktop VS Code) reports its
 * own version here, so the same rule applies.
 */
export function permissionFlag(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}

/** Where util-linux's unshare lives on the Linux systems we know (never looked up on PATH: the child's PATH is empty). */
const UNSHARE_PATHS = ['/usr/bin/unshare', '/bin/unshare'];
let jail: string[] | null | undefined;

/**
 * The command that starts the sandbox in a network namespace of its own, where no interface is
 * up (sockets fail with ENETUNREACH, loopback included), or null where the system cannot: not
 * Linux, no unshare, or user namespaces disabled. Node's permission model (before Node 25) does
 * not cover sockets, so this is the only thing that closes the network; package files the
 * sandbox needs are fetched by the host instead (WorkerFetch). As root a network namespace
 * needs no user namespace; otherwise an unprivileged user namespace maps the user to root
 * inside it, which owns nothing but that empty network. Probed once per host process.
 */
export function networkJail(): string[] | null {
  if (jail !== undefined) return jail;
  jail = null;
  const unshare = process.platform === 'linux' ? UNSHARE_PATHS.find((p) => existsSync(p)) : undefined;
  if (unshare) {
    for (const flags of [['--net'], ['--user', '--map-root-user', '--net']]) {
      const probe = spawnSync(unshare, [...flags, '--', '/bin/sh', '-c', 'exit 0'], { env: {}, stdio: 'ignore', timeout: 5_000 });
      if (probe.status === 0) {
        jail = [unshare, ...flags, '--'];
        break;
      }
    }
  }
  return jail;
}

/**
 * Control folders are named after the host's pid, so a host that crashed (and never removed its
 * folder) has its leftovers removed by the next host to start a sandbox.
 */
export function sweepOrphanControlDirs(): void {
  try {
    for (const name of readdirSync(tmpdir())) {
      const pid = /^tutor-sandbox-(\d+)-/.exec(name)?.[1];
      if (pid && Number(pid) !== process.pid && !alive(Number(pid))) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  } catch {
    // Best effort: a folder we cannot list or remove is only litter.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let swept = false;

/**
 * Starts Pyodide's worker script in a separate OS process under Node's permission model: it may
 * read its own entry, Pyodide's folder and its interrupt file, and nothing else; it may not
 * write files, start processes or workers, load native addons or use WASI. Where Linux allows,
 * it also starts in an empty network namespace (networkJail). Its environment is
 * empty (no key to find), its JavaScript heap is capped, and its only inherited handle besides
 * /dev/null is the IPC channel. Messages are structured clones (`serialization: 'advanced'`), so
 * file bytes cross as Uint8Array.
 *
 * Why a file for the interrupt: a running cell holds the process's only thread, so it cannot
 * read a message; Pyodide instead polls a signal getter (pyodideWorker.ts), which looks at this
 * file's size now and then. Appending a byte asks for KeyboardInterrupt.
 */
export function spawnSandbox(options: { workerPath: string; assetsDir: string; heapMb: number }): SandboxProcess {
  if (!existsSync(options.workerPath)) {
    throw new Error(`The code interpreter's sandbox script is missing (${options.workerPath}); build it with npm run build.`);
  }
  if (!swept) {
    swept = true;
    sweepOrphanControlDirs();
  }
  const controlDir = mkdtempSync(path.join(tmpdir(), `tutor-sandbox-${process.pid}-`));
  const interruptFile = path.join(controlDir, 'interrupt');
  writeFileSync(interruptFile, '');
  const args = [
    permissionFlag(),
    `--allow-fs-read=${options.workerPath}`,
    `--allow-fs-read=${options.assetsDir}`,
    `--allow-fs-read=${interruptFile}`,
    `--max-old-space-size=${options.heapMb}`,
    // Node 20 warns that the permission model is experimental, on every start.
    '--no-warnings',
    options.workerPath,
    interruptFile,
  ];
  // Desktop VS Code's extension host is Electron; this makes its binary behave as plain Node.
  const env: NodeJS.ProcessEnv = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  // Windows' crypto and sockets need to know where Windows is; a path, not a secret.
  if (process.platform === 'win32' && process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
  // unshare execs Node in place (no --fork), so the pid, the signals and the IPC channel are Node's.
  const [command, ...prefix] = [...(networkJail() ?? []), process.execPath];
  const child: ChildProcess = spawn(command!, [...prefix, ...args], { env, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced', windowsHide: true });
  let exited = false;
  let killed = false;
  const exitListeners: ((error?: Error) => void)[] = [];
  const gone = new Promise<void>((resolve) => {
    const finish = (error?: Error) => {
      if (exited) return;
      exited = true;
      rmSync(controlDir, { recursive: true, force: true });
      for (const listener of exitListeners) listener(killed ? undefined : error);
      resolve();
    };
    child.once('exit', (code, signal) => finish(code === 0 && !signal ? undefined : new Error(`The Python sandbox process ended (${signal ?? `exit code ${code}`}).`)));
    child.once('error', (err) => finish(err));
  });
  return {
    pid: child.pid,
    send: (message) => {
      if (!exited && child.connected) child.send(message);
    },
    onMessage: (listener) => void child.on('message', (message) => listener(message as FromWorker)),
    onExit: (listener) => void exitListeners.push(listener),
    interrupt: () => {
      if (!exited) appendFileSync(interruptFile, 'x');
    },
    kill: () => {
      killed = true;
      if (!exited) {
        // Held until it has exited: an idle (unref'd) sandbox would otherwise let a host that is
        // closing end first, and the promise it awaits would never settle.
        child.ref();
        child.kill('SIGKILL');
      }
      return gone;
    },
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
  };
}
