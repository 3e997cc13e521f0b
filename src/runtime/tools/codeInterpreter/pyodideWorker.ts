/**
 * The sandbox process that hosts Pyodide for PyodideEngine (bundled as dist/codeInterpreterWorker.js,
 * started by workerSpawn.ts under Node's permission model).
 *
 * One interpreter serves every conversation; each conversation (session) has its own globals
 * dict and its own /mnt/data folder, which is renamed into place for the duration of its cell.
 * Cells run synchronously with runPython: the host stops a runaway cell by appending to the
 * interrupt file (polled below), and kills this whole process if that does not work.
 *
 * The wall is the process boundary and the permission model (no files beyond Pyodide's, no
 * child processes, no workers, no environment); what follows here is a second layer, so that
 * model-written code cannot reach even this process's JavaScript by any ordinary route
 * (os.system, subprocess, sockets, the `js` module, mounting host folders), and that memory and
 * time stay bounded.
 */
import { constants as fsConstants, statSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { loadPyodide as LoadPyodide, PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import { CELL_RUNNER_PY } from './cellRunner';
import { limitFileStorage } from './memfsQuota';
import { OutputSink } from './outputSink';
import { installHostFetch, settleHostFetch } from './hostFetch';
import type { FromWorker, SandboxWall, ToWorker, WorkerInit, WorkerRun, WorkerRunResult } from './workerProtocol';

const DATA_DIR = '/mnt/data';
const SESSIONS_DIR = '/tutor/sessions';
/** Walking /mnt/data stops here: a cell that makes a million files must not stall the worker. */
const MAX_WALKED_ENTRIES = 5_000;
const MB = 1024 * 1024;

interface Session {
  ns: PyProxy;
  dir: string;
}

/**
 * The part of the WebAssembly JavaScript API this worker patches. Node provides it at run time,
 * but TypeScript declares it only in its DOM lib, which the runtime's tsconfig leaves out.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmImports = Record<string, Record<string, unknown>>;
interface WasmApi {
  Memory: { prototype: WasmMemory; new (descriptor: { initial: number; maximum?: number }): WasmMemory };
  instantiate(source: unknown, imports?: WasmImports): Promise<unknown>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let py: PyodideAPI;
let init: WorkerInit;
let helpers: PyProxy;
let heap: WasmMemory | undefined;
let sessionCount = 0;
let cellCount = 0;
/** True while model-written code runs (guardDlopen refuses only then). */
let cellRunning = false;
const sessions = new Map<string, Session>();
const output = new OutputSink();
const importToPackage = new Map<string, string>();
/** Packages that failed once: offline they fail again, so later cells skip the attempt. */
const unavailable = new Set<string>();

const post = (message: FromWorker) => process.send!(message);

/**
 * Emscripten's Node file system asks `process.binding('constants')` at start-up, which the
 * permission model refuses (ERR_ACCESS_DENIED); the same numbers are public as fs.constants.
 */
const withBinding = process as unknown as { binding(name: string): unknown };
const binding = withBinding.binding.bind(process);
withBinding.binding = (name: string) => (name === 'constants' ? { fs: fsConstants, os: {} } : binding(name));

/**
 * The interrupt, as Pyodide's signal buffer: CPython reads element 0 at its periodic signal
 * checks, and 2 (SIGINT) raises KeyboardInterrupt. A running cell holds this process's only
 * thread, so no message can arrive; instead the host appends a byte to the interrupt file (its
 * path is our first argument) and the getter notices the new size, looking at most every 10 ms.
 */
const interruptFile = process.argv[2]!;
let interruptSeen = 0;
let interruptNextLook = 0;
const interruptSignal = {
  get 0(): number {
    const now = performance.now();
    if (now < interruptNextLook) return 0;
    interruptNextLook = now + 10;
    const size = statSync(interruptFile).size;
    if (size === interruptSeen) return 0;
    interruptSeen = size;
    return 2;
  },
  set 0(_value: number) {
    // Pyodide clears the flag after reading it; ours clears itself.
  },
};

/** Forgets interrupts asked for before this cell (a late one for the previous cell). */
function clearInterrupt(): void {
  interruptSeen = statSync(interruptFile).size;
}

/** What Node's permission model lets this process do (the host refuses to run code unless it is nothing). */
function wall(): SandboxWall {
  const permission = (process as unknown as { permission?: { has(scope: string, reference?: string): boolean } }).permission;
  const may = (scope: string, reference?: string) => {
    if (!permission) return true;
    try {
      return permission.has(scope, reference);
    } catch {
      // A scope this Node does not know (Node 20 has no 'addon'): it has no such door to open.
      return false;
    }
  };
  return {
    permissionModel: !!permission,
    writeFiles: may('fs.write'),
    readOutside: may('fs.read', '/'),
    childProcesses: may('child'),
    workers: may('worker'),
    nativeAddons: may('addon'),
    environment: Object.keys(process.env).some((k) => k !== 'ELECTRON_RUN_AS_NODE' && k !== 'SystemRoot'),
    network: Object.values(networkInterfaces()).some((addresses) => !!addresses?.length),
  };
}

/**
 * Caps the WebAssembly heap. Pyodide's heap may grow to 4 GB; refusing to grow past the limit
 * makes malloc fail, which CPython turns into MemoryError, so a memory bomb ends as an ordinary
 * exception instead of eating the user's RAM.
 */
function capHeap(limitBytes: number): void {
  const grow = wasm.Memory.prototype.grow;
  wasm.Memory.prototype.grow = function (this: WasmMemory, pages: number): number {
    if (this.buffer.byteLength + pages * 65_536 > limitBytes) throw new RangeError('memory limit');
    return grow.call(this, pages);
  };
}

/**
 * Replaces the Emscripten imports that would reach the host: `system()` (Emscripten runs it with
 * child_process under Node) and socket creation (Emscripten tunnels sockets over WebSockets).
 * The stubs fail the way the OS would, and leave a line in the cell's output saying why.
 */
function disarmImports(): void {
  const instantiate = wasm.instantiate.bind(wasm);
  const patched = async (source: unknown, imports?: WasmImports) => {
    const env = imports?.env as Record<string, unknown> | undefined;
    if (env && typeof env._emscripten_system === 'function') {
      env._emscripten_system = (command: number) => {
        if (command === 0) return 0; // system(NULL): "no shell available"
        output.note('[sandbox] Running shell commands is disabled here (os.system and subprocess do nothing).');
        return -1;
      };
      env.__syscall_socket = () => {
        output.note('[sandbox] Network access is disabled here.');
        return -(py?.ERRNO_CODES?.EACCES ?? 2);
      };
      // Only the main module's imports (a plain object); side modules get a resolving Proxy.
      if (Object.hasOwn(env, '_dlsym_js')) guardDlsym(env);
      if (Object.hasOwn(env, '_dlopen_js') && init.innerLayer) guardDlopen(env);
    }
    const result = await instantiate(source, imports);
    const exports = (result as { instance?: { exports: Record<string, unknown> } }).instance?.exports;
    if (env && exports?.memory instanceof wasm.Memory) heap = exports.memory;
    return result;
  };
  wasm.instantiate = patched;
}

/**
 * Closes the doors Pyodide leaves open from Python to the JavaScript side: the `js` and
 * `pyodide_js` modules, Node folder mounts, and the Function constructor (reachable from any JS
 * object Python holds as `obj.constructor.constructor`, and able to evaluate arbitrary JS).
 */
function closeJsDoors(): void {
  py.unregisterJsModule('js');
  py.unregisterJsModule('pyodide_js');
  // Submodules too: Pyodide imports pyodide_js._api at start-up, and it holds the loader's
  // internals (which can read host files).
  // Their import loaders keep them too, findable through gc.get_objects().
  py.runPython(
    [
      'import gc, sys',
      "for _m in [m for m in sys.modules if m.split('.')[0] in ('js', 'pyodide_js')]:",
      '    del sys.modules[_m]',
      'for _o in gc.get_objects():',
      "    if type(_o).__name__ == 'JsLoader':",
      '        _o.jsproxy = None',
      // ctypes reads and writes raw WebAssembly memory and calls through function pointers: even
      // with dlsym guarded (guardDlsym) it is the widest door left, and a tutor never needs it.
      // None in sys.modules makes `import ctypes` raise ImportError.
      "for _m in [m for m in sys.modules if m.split('.')[0] in ('ctypes', '_ctypes')]:",
      '    del sys.modules[_m]',
      "sys.modules['ctypes'] = sys.modules['_ctypes'] = None",
      'del _m, _o, gc, sys',
    ].join('\n'),
  );
  const api = py as unknown as Record<string, unknown>;
  for (const name of ['mountNodeFS', 'mountNativeFS']) api[name] = () => { throw new Error('Mounting host folders is disabled.'); };
  const fs = py.FS as unknown as { filesystems?: Record<string, unknown> };
  if (fs.filesystems) delete fs.filesystems.NODEFS;
  const protos = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ];
  for (const proto of protos) Object.defineProperty(proto, 'constructor', { value: undefined, writable: false, configurable: false });
}

/**
 * Takes a built-in module out of CPython's table of built-ins, so that no later import finds it,
 * not even one that first removes the `None` placeholder from sys.modules (closeJsDoors) and
 * imports again. The table is copied at start-up, but the copy points at the same name strings,
 * so the name's first byte is changed in place: `_ctypes` becomes `!ctypes`, which no import
 * statement can name. Returns whether the module was found.
 */
function unlinkBuiltin(name: string): boolean {
  const table = (py as unknown as { _module?: { _PyImport_Inittab?: number } })._module?._PyImport_Inittab;
  if (!heap || typeof table !== 'number') return false;
  const view = new DataView(heap.buffer);
  // PyImport_Inittab points at an array of { const char *name; PyObject *(*initfunc)(void) }.
  const entries = view.getUint32(table, true);
  for (let entry = entries; ; entry += 8) {
    const namePointer = view.getUint32(entry, true);
    if (namePointer === 0) return false;
    if (cString(heap, namePointer) === name) {
      new Uint8Array(heap.buffer)[namePointer] = 0x21; // '!'
      return true;
    }
  }
}

/** The NUL-terminated UTF-8 string at `pointer` in the WebAssembly heap. */
function cString(memory: WasmMemory, pointer: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = pointer;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(pointer, end));
}

/**
 * Security fix (found by test/reliability/sandboxAbuse.test.ts): Pyodide's CPython has ctypes
 * built in, and `ctypes.CDLL(None).<name>` dlsym()s any of the ~1,400 JavaScript functions
 * Emscripten gives the module, then calls it. `emscripten_run_script_string` alone evaluates a
 * string as JavaScript in this worker, one line from `process.env` (the API key) and node:fs.
 * So dlsym() now refuses every name the module imports from JavaScript; what ctypes can still
 * find are functions compiled to WebAssembly, which reach JavaScript only through the calls they
 * were built to make (the in-memory file system, clocks, and the system() and socket() stubs
 * above). CPython's own dlsym() calls (PyInit_* of extension modules) look up WebAssembly
 * exports and are unaffected. The functions that evaluate JavaScript are also stubbed outright,
 * in case a pointer to one is already in the function table.
 */
function guardDlsym(env: Record<string, unknown>): void {
  const fromJs = new Set(Object.keys(env));
  const dlsym = env._dlsym_js as (handle: number, symbol: number, index: number) => number;
  const refused = () => output.note('[sandbox] Calling JavaScript from Python (ctypes) is disabled here.');
  env._dlsym_js = (handle: number, symbol: number, index: number): number => {
    // The heap is known once the module is instantiated, before any code can call dlsym().
    if (!heap || fromJs.has(cString(heap, symbol >>> 0))) {
      refused();
      return 0;
    }
    return dlsym(handle, symbol, index);
  };
  for (const name of ['emscripten_run_script', 'emscripten_run_script_int', 'emscripten_run_script_string', 'emscripten_async_run_script', 'emscripten_async_load_script']) {
    if (name in env) env[name] = () => (refused(), 0);
  }
}

/**
 * Loads no compiled library a cell brought: a WebAssembly side module written to the in-memory
 * file system and imported has its `EM_JS` text evaluated as JavaScript by Emscripten's loader,
 * before any of its code is called. Libraries Pyodide loaded itself (a package's, by
 * loadPackage, before the cell) are already in its table and open as usual; while no cell runs
 * (start-up, package loading) nothing is refused.
 */
function guardDlopen(env: Record<string, unknown>): void {
  const refuse = () => output.note('[sandbox] Loading compiled libraries is disabled here (only the packages Tutor installs may load theirs).');
  const loaded = (handle: number) => {
    const ldso = (py as unknown as { _module?: { LDSO?: { loadedLibsByName?: Record<string, unknown> } } } | undefined)?._module?.LDSO;
    // The file name sits 36 bytes into Emscripten's dso struct (dlopenInternal reads it there).
    return !!heap && !!ldso?.loadedLibsByName?.[path.posix.normalize(cString(heap, (handle >>> 0) + 36))];
  };
  for (const name of ['_dlopen_js', '_emscripten_dlopen_js']) {
    const original = env[name];
    if (typeof original !== 'function') continue;
    env[name] = (handle: number, ...rest: unknown[]) => {
      if (cellRunning && !loaded(handle)) {
        refuse();
        return 0;
      }
      return (original as (...args: unknown[]) => unknown)(handle, ...rest);
    };
  }
}

/**
 * Pyodide under Node saves each wheel it downloaded into its package cache folder (here its own
 * folder), and fails the load when that write fails; this process may write nothing, so those
 * writes are skipped (the host fetches the file again for the next sandbox). Pyodide holds
 * node:fs/promises as an ES module namespace, which syncBuiltinESMExports updates.
 */
function skipPackageCacheWrites(cacheDir: string): void {
  const writeFile = fsPromises.writeFile;
  fsPromises.writeFile = ((file: Parameters<typeof writeFile>[0], ...rest: [never, never?]) =>
    typeof file === 'string' && file.startsWith(cacheDir) && file.endsWith('.whl') ? Promise.resolve() : writeFile(file, ...rest)) as typeof writeFile;
  syncBuiltinESMExports();
}

async function start(message: WorkerInit): Promise<void> {
  init = message;
  const started = performance.now();
  capHeap(message.memoryLimitMb * MB);
  disarmImports();
  const dir = message.assetsDir.endsWith(path.sep) ? message.assetsDir : message.assetsDir + path.sep;
  skipPackageCacheWrites(dir);
  const { loadPyodide } = (await import(pathToFileURL(path.join(dir, 'pyodide.mjs')).href)) as { loadPyodide: typeof LoadPyodide };
  py = await loadPyodide({
    indexURL: dir,
    // Packages not in the local folder come from Pyodide's index when it can be reached (see
    // missingPackages); with none configured the fallback is the local folder, so they fail at once.
    packageBaseUrl: message.packageIndexUrl ?? dir,
    // Looked in first, then the index: a wheel put beside Pyodide's files loads without a fetch.
    packageCacheDir: dir,
    jsglobals: Object.create(null) as object,
    env: { HOME: '/home/pyodide', MPLBACKEND: 'Agg' },
    stdout: () => {},
    stderr: () => {},
  });
  py.setInterruptBuffer(interruptSignal as unknown as Int32Array);
  py.setStdout({ write: (bytes: Uint8Array) => output.write(bytes, 'out'), isatty: false });
  py.setStderr({ write: (bytes: Uint8Array) => output.write(bytes, 'err'), isatty: false });
  py.setStdin({ stdin: () => null });
  for (const [name, pkg] of Object.entries(py.lockfile.packages)) for (const imported of pkg.imports) importToPackage.set(imported, name);
  helpers = py.globals.get('dict')() as PyProxy;
  py.runPython(CELL_RUNNER_PY, { globals: helpers, filename: '<sandbox>' });
  py.runPython('_time.sleep = _interruptible_sleep(_time.sleep)', { globals: helpers });
  // Line buffering costs a trip into JavaScript per print (3× slower floods); the cell runner
  // flushes at the end of every cell anyway.
  py.runPython('_sys.stdout.reconfigure(line_buffering=False)', { globals: helpers });
  const storageMb = message.storageLimitMb;
  limitFileStorage(py.FS as never, storageMb * MB, py.ERRNO_CODES.ENOSPC!, () => output.note(`[sandbox] Files are limited to ${storageMb} MB in all here (they are kept in memory); delete files you no longer need.`));
  py.FS.mkdirTree(SESSIONS_DIR);
  py.FS.mkdirTree('/mnt');
  closeJsDoors();
  if (message.innerLayer) unlinkBuiltin('_ctypes');
  post({ type: 'ready', loadMs: performance.now() - started, heapMb: heapMb(), wall: wall() });
}

function heapMb(): number {
  return heap ? heap.buffer.byteLength / MB : 0;
}

function sessionFor(key: string): Session {
  let session = sessions.get(key);
  if (!session) {
    const ns = py.globals.get('dict')() as PyProxy & { set(k: string, v: unknown): void };
    ns.set('__name__', '__main__');
    session = { ns, dir: `${SESSIONS_DIR}/${++sessionCount}` };
    py.FS.mkdirTree(session.dir);
    sessions.set(key, session);
  }
  return session;
}

function reset(key: string): void {
  const session = sessions.get(key);
  if (!session) return;
  sessions.delete(key);
  (session.ns as PyProxy & { clear(): void }).clear();
  session.ns.destroy();
  removeTree(session.dir);
}

function exists(p: string): boolean {
  return py.FS.analyzePath(p, false).exists;
}

function isDir(p: string): boolean {
  const stat = py.FS.lstat(p);
  return py.FS.isDir(stat.mode);
}

function removeTree(p: string): void {
  if (!exists(p)) return;
  if (isDir(p)) {
    for (const entry of py.FS.readdir(p)) if (entry !== '.' && entry !== '..') removeTree(`${p}/${entry}`);
    py.FS.rmdir(p);
  } else {
    py.FS.unlink(p);
  }
}

/** Regular files under `root` with a fingerprint that changes when the file is written. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  let walked = 0;
  const walk = (dir: string) => {
    for (const entry of py.FS.readdir(dir)) {
      if (entry === '.' || entry === '..' || ++walked > MAX_WALKED_ENTRIES) continue;
      const full = `${dir}/${entry}`;
      const stat = py.FS.lstat(full);
      if (py.FS.isDir(stat.mode)) walk(full);
      else if (py.FS.isFile(stat.mode)) files.set(full, `${+stat.mtime}:${stat.size}`);
    }
  };
  if (exists(root) && isDir(root)) walk(root);
  return files;
}

/** How long the package index may take to answer before the sandbox counts as offline. */
const PROBE_TIMEOUT_MS = 3_000;
/** An offline verdict is trusted this long before the index is tried again (networks come back). */
const OFFLINE_RETRY_MS = 5 * 60_000;
let probe: { at: number; reachable: Promise<boolean> } | undefined;

/** Whether Pyodide's package index answers; asked once, then remembered for a while. */
function indexReachable(): Promise<boolean> {
  const url = init.packageIndexUrl;
  if (!url) return Promise.resolve(false);
  if (!probe || performance.now() - probe.at > OFFLINE_RETRY_MS) {
    probe = {
      at: performance.now(),
      reachable: fetch(`${url}pyodide-lock.json`, { method: 'HEAD', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then((r) => r.ok, () => false),
    };
  }
  return probe.reachable;
}

async function missingPackages(code: string): Promise<string[]> {
  if (!/\bimport\b/.test(code)) return [];
  let imports: string[];
  try {
    const found = (py.pyodide_py as unknown as { code: { find_imports(c: string): PyProxy & { toJs(): string[] } } }).code.find_imports(code);
    imports = found.toJs();
    found.destroy();
  } catch {
    return [];
  }
  const wanted = [...new Set(imports.map((i) => importToPackage.get(i)).filter((p): p is string => !!p))].filter((p) => !(p in py.loadedPackages));
  const worthTrying = wanted.filter((p) => !unavailable.has(p));
  // loadPackage resolves even when a download fails, so failure is read from loadedPackages
  // below; the probe first keeps an offline machine from waiting on a network timeout.
  if (worthTrying.length && (await indexReachable())) await py.loadPackage(worthTrying, { messageCallback: () => {}, errorCallback: () => {} });
  const missing = wanted.filter((p) => !(p in py.loadedPackages));
  for (const p of missing) unavailable.add(p);
  return missing;
}

async function run(message: WorkerRun): Promise<void> {
  clearInterrupt();
  const session = sessionFor(message.session);
  output.start(init.outputLimitChars);
  const result: WorkerRunResult = { status: 'ok', output: '', omittedBytes: 0, freed: false, files: [], skippedFiles: [], unwrittenFiles: [], missingPackages: [], heapMb: 0 };
  const FS = py.FS;
  // A cell that crashed Pyodide mid-run leaves /mnt/data behind; this worker is then replaced,
  // so finding it here only means a previous cell removed its session folder.
  if (exists(DATA_DIR)) removeTree(DATA_DIR);
  FS.rename(session.dir, DATA_DIR);
  try {
    FS.chdir(DATA_DIR);
    for (const file of message.files) {
      try {
        FS.writeFile(`${DATA_DIR}/${file.name}`, file.bytes);
      } catch {
        if (exists(`${DATA_DIR}/${file.name}`)) FS.unlink(`${DATA_DIR}/${file.name}`);
        result.unwrittenFiles.push(file.name);
      }
    }
    const before = snapshot(DATA_DIR);
    result.missingPackages = await missingPackages(message.code);
    const call = helpers as PyProxy & { set(k: string, v: unknown): void; delete(k: string): void };
    call.set('_code', message.code);
    call.set('_ns', session.ns);
    call.set('_name', `<cell-${++cellCount}>`);
    call.set('_repr_limit', Math.min(init.outputLimitChars, 5_000));
    try {
      cellRunning = true;
      const reply = JSON.parse(py.runPython('run_cell(_code, _ns, _name, _repr_limit)', { globals: helpers }) as string) as {
        status: WorkerRunResult['status']; value: string | null; error: WorkerRunResult['error'] | null; freed: boolean;
      };
      result.status = reply.status;
      if (reply.value !== null) result.value = reply.value;
      if (reply.error) result.error = reply.error;
      result.freed = reply.freed;
    } catch (err) {
      // Only an interrupt or a MemoryError landing inside the runner itself gets here, or
      // Pyodide failing fatally (then the host replaces this worker).
      const type = (err as { type?: string }).type;
      result.status = type === 'KeyboardInterrupt' ? 'interrupt' : type === 'MemoryError' ? 'memory' : type ? 'error' : 'fatal';
      result.error = { type: type ?? 'Error', message: err instanceof Error ? err.message : String(err), traceback: type ?? String(err) };
    } finally {
      cellRunning = false;
      call.delete('_ns');
      call.delete('_code');
    }
    if (result.status !== 'fatal') collectFiles(before, snapshot(DATA_DIR), result);
  } finally {
    if (result.status !== 'fatal') {
      FS.chdir('/');
      if (!exists(DATA_DIR) || !isDir(DATA_DIR)) {
        removeTree(DATA_DIR);
        FS.mkdir(DATA_DIR);
      }
      FS.rename(DATA_DIR, session.dir);
    }
  }
  const { text, omittedBytes } = output.finish();
  Object.assign(result, { output: text, omittedBytes, heapMb: heapMb() });
  post({ type: 'result', id: message.id, result });
}

function collectFiles(before: Map<string, string>, after: Map<string, string>, result: WorkerRunResult): void {
  for (const [file, fingerprint] of after) {
    if (before.get(file) === fingerprint) continue;
    const size = Number(fingerprint.slice(fingerprint.indexOf(':') + 1));
    if (size > init.maxOutputFileBytes || result.files.length >= init.maxOutputFiles) {
      result.skippedFiles.push({ path: file, bytes: size });
      continue;
    }
    result.files.push({ path: file, bytes: py.FS.readFile(file) });
  }
}

// The host is gone (closed, crashed or killed): so is the reason to exist.
process.on('disconnect', () => process.exit(0));
let queue = Promise.resolve();
installHostFetch(post);

process.on('message', (message: ToWorker) => {
  // Outside the queue: a run waiting for its packages is what these answer.
  if (message.type === 'fetched') return settleHostFetch(message);
  queue = queue.then(async () => {
    if (message.type === 'init') {
      try {
        await start(message);
      } catch (err) {
        post({ type: 'initFailed', message: err instanceof Error ? err.message : String(err) });
      }
    } else if (message.type === 'run') {
      try {
        await run(message);
      } catch (err) {
        const result: WorkerRunResult = {
          status: 'fatal', output: output.finish().text, omittedBytes: 0, freed: false, files: [], skippedFiles: [], unwrittenFiles: [], missingPackages: [], heapMb: heapMb(),
          error: { type: 'Error', message: err instanceof Error ? err.message : String(err), traceback: String(err) },
        };
        post({ type: 'result', id: message.id, result });
      }
    } else if (message.type === 'reset') {
      reset(message.session);
    }
  }).catch(() => {});
});
