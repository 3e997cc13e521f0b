// Model-written Python that tries to break out of, or take down, the Pyodide code interpreter
// (sandboxAbuse.test.ts in-process, sandboxServe.test.ts through `tutor-assistants serve`). Each
// attack says what the model must be told in the tool result that comes back to it: a timeout,
// a memory limit, cut output, or that the thing is not available.
import * as assert from 'node:assert/strict';
import { connect, createServer, type Server } from 'node:net';
import type { ChatBody } from '../../harness/fakeModel';

export interface Attack {
  name: string;
  code: string;
  /** The reason the model must read in its next request's tool message. */
  reported: RegExp;
  /** Text that must NOT be in the tool message (proof that nothing of the host leaked). */
  leaks?: RegExp[];
  /** Files on the host the attack tries to create; none may exist afterwards. */
  hostCanaries?: string[];
  /**
   * What the model is told when the inner layer is off (TUTOR_SANDBOX_INNER_LAYER=off), where
   * that differs: the attack then gets further, into the process's wall. Default: `reported`.
   */
  reportedWithoutLayer?: RegExp;
}

/**
 * JavaScript smuggled in as an Emscripten side module: Python writes a ~60-byte WebAssembly
 * module whose `__em_js__` export points at a bytes object holding `(void)<::>BODY`, then imports
 * it. CPython dlopen()s it, and Emscripten's loader evaluates `() => BODY;` as JavaScript in its
 * own scope, where `require` exists; BODY here is a comma expression, so its second half runs at
 * once. With the wall up it runs, but in a process that may not start programs, read or write
 * host files, or see an environment.
 */
export function emJsSideModule(js: string): string {
  const source = `(void)<::>0, (() => { ${js} })()`;
  return [
    'import os, sys',
    `payload = ${JSON.stringify(source)}.encode() + b"\\0"`,
    '# A bytes object\'s data starts 16 bytes into it on 32-bit CPython (refcount, type, size, hash).',
    'address = id(payload) + 16',
    'def leb(n):',
    '    out = bytearray()',
    '    while True:',
    '        b = n & 0x7f',
    '        n >>= 7',
    '        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):',
    '            out.append(b)',
    '            return bytes(out)',
    '        out.append(b | 0x80)',
    'def section(kind, body): return bytes([kind]) + leb(len(body)) + body',
    'def name(s): return leb(len(s)) + s',
    'dylink = section(0, name(b"dylink.0") + bytes([1]) + leb(4) + bytes(4))',
    'glob = section(6, leb(1) + bytes([0x7f, 0]) + b"\\x41" + leb(address) + b"\\x0b")',
    'exports = section(7, leb(1) + name(b"__em_js__tutor_escape") + bytes([3]) + leb(0))',
    'os.makedirs("/tmp/mods", exist_ok=True)',
    'open("/tmp/mods/escape.so", "wb").write(b"\\0asm" + bytes([1, 0, 0, 0]) + dylink + glob + exports)',
    'sys.path.insert(0, "/tmp/mods")',
    'import escape',
  ].join('\n');
}

/** Names at the host's / that the sandbox's own root has no reason to list. */
const HOST_ROOT = /'(usr|etc|var|bin|sbin|root|opt|srv|work|boot)'/;
const PASSWD = /root:x?:0:0/;

/**
 * `secret` is an environment variable value the test put into the host process; `hostFile` a
 * file on the host holding it. Neither may ever reach the model. `listenerPort`: a loopback port
 * the test listens on; the smuggled JavaScript tries to connect to it (the test counts arrivals).
 */
export function attacks(secret: string, hostFile: string, listenerPort?: number): Attack[] {
  const noSecret = [new RegExp(secret)];
  const canary = `${hostFile}.escaped`;
  // What an escape would do first: run a program, write and read host files, read the key from
  // the environment of this process and of its parent. Each outcome goes into the thrown error,
  // which Python reports, so the model (and the test) read what happened.
  const escapeJs = [
    "const tried = [];",
    "const attempt = (what, fn) => { try { tried.push(what + ': ' + fn()); } catch (e) { tried.push(what + ': ' + (e.code || e.message)); } };",
    "attempt('run id', () => require('child_process').execSync('id').toString());",
    `attempt('write', () => (require('fs').writeFileSync(${JSON.stringify(canary)}, 'escaped'), 'written'));`,
    `attempt('read', () => require('fs').readFileSync(${JSON.stringify(hostFile)}, 'utf8'));`,
    "attempt('passwd', () => require('fs').readFileSync('/etc/passwd', 'utf8').slice(0, 40));",
    "attempt('parent environ', () => require('fs').readFileSync('/proc/' + process.ppid + '/environ', 'utf8'));",
    "attempt('env', () => JSON.stringify(process.env));",
    // Sockets are not the permission model's to refuse (before Node 25); where Linux allows, the
    // process has no network at all (no interface up), and the test counts what reached it.
    "attempt('interfaces', () => Object.keys(require('os').networkInterfaces()).join(',') || 'none');",
    ...(listenerPort !== undefined ? [`attempt('connect', () => (require('net').connect(${listenerPort}, '127.0.0.1').on('error', () => {}), 'tried'));`] : []),
    "throw new Error('side module JavaScript ran: ' + tried.join(' | '));",
  ].join(' ');
  return [
    // The class of escape the process boundary exists for (see emJsSideModule).
    {
      name: 'EM_JS side module → require()',
      code: emJsSideModule(escapeJs),
      // Refused by the inner layer; or, where the JavaScript ran, every door it tried was shut by
      // the process's permission model (codeInterpreter.test.ts runs it with the layer off).
      reported: /Loading compiled libraries is disabled here/,
      reportedWithoutLayer: /side module JavaScript ran: run id: ERR_ACCESS_DENIED \| write: ERR_ACCESS_DENIED \| read: ERR_ACCESS_DENIED \| passwd: ERR_ACCESS_DENIED \| parent environ: ERR_ACCESS_DENIED \| env: \{\} \| interfaces: /,
      leaks: [...noSecret, PASSWD, /uid=\d+/, /write: written/],
      hostCanaries: [canary],
    },
    // Processes and runaway CPU
    { name: 'os.fork()', code: 'import os\nprint(os.fork())', reported: /OSError: \[Errno \d+\] Function not implemented/ },
    // Interrupted or, when the interrupt lands where the loop swallows it, killed: either way a timeout.
    { name: 'fork bomb loop', code: 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass', reported: /\[timeout\] The code (was stopped after|did not stop when interrupted)/ },
    // Normally interrupted at the limit; on a starved CPU (seen once on Node 24 in CI, right after
    // a respawn) the interrupt can miss the grace period and the hard kill ends it. Both contain it.
    { name: 'while True: pass', code: 'while True:\n    pass', reported: /\[timeout\] The code (was stopped after|did not stop when interrupted)/ },
    { name: 'ignores KeyboardInterrupt', code: 'while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass', reported: /\[timeout\] The code did not stop when interrupted/ },
    { name: 'os.system', code: "import os\nprint(os.system('id > /tmp/pwned'))", reported: /Running shell commands is disabled here/ },
    { name: 'subprocess.run', code: "import subprocess\nsubprocess.run(['id'])", reported: /does not support processes/ },
    { name: 'threading', code: 'import threading\nthreading.Thread(target=print).start()', reported: /RuntimeError: can't start new thread/ },
    { name: 'os._exit(3)', code: 'import os\nos._exit(3)', reported: /\[crashed\] The Python interpreter stopped unexpectedly/ },
    { name: 'os.kill(self, SIGKILL)', code: 'import os, signal\nos.kill(os.getpid(), signal.SIGKILL)', reported: /\[crashed\]/ },
    // Memory
    { name: 'list growth', code: "hoard = []\nwhile True:\n    hoard.append(' ' * 10**6)", reported: /\[memory limit\] The code ran out of memory/ },
    { name: 'bytearray(400 MB)', code: 'b = bytearray(400 * 2**20)', reported: /\[memory limit\] The code ran out of memory/ },
    { name: 'bytearray(10**10)', code: 'b = bytearray(10**10)', reported: /\[memory limit\] Objects that large cannot be made here/ },
    { name: 'file-system filler', code: "with open('/tmp/fill', 'wb') as f:\n    while True:\n        f.write(b' ' * 10**6)", reported: /\[sandbox\] Files are limited to/ },
    { name: 'deep recursion', code: 'def f(n):\n    return f(n + 1)\nf(0)', reported: /RecursionError: maximum recursion depth exceeded/ },
    { name: 'recursion past the stack', code: 'import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return f(n + 1)\nf(0)', reported: /\[crashed\]/ },
    // Output floods
    // 10^7 prints take about the whole time limit on a busy machine: the flood is contained either
    // by the output cap or, when the CPU is starved, by the time limit — both are reported.
    { name: 'print 10^7 times', code: 'for i in range(10**7):\n    print(i)', reported: /\[output truncated: [\d,]+ more bytes of output were not kept\]|\[timeout\]/ },
    { name: 'one giant line', code: "print('x' * 10**8)", reported: /\[output truncated: [\d,]+ more bytes of output were not kept\]/ },
    // Network
    { name: 'socket', code: "import socket\nsocket.create_connection(('93.184.215.14', 80), timeout=3)", reported: /Network access is disabled here/ },
    { name: 'urllib', code: "import urllib.request\nurllib.request.urlopen('http://example.com', timeout=3)", reported: /Network access is disabled here/ },
    { name: 'http.client', code: "import http.client\nhttp.client.HTTPConnection('127.0.0.1', 80, timeout=3).request('GET', '/')", reported: /Network access is disabled here/ },
    { name: 'ssl', code: "import socket, ssl\nssl.create_default_context().wrap_socket(socket.socket(), server_hostname='example.com').connect(('93.184.215.14', 443))", reported: /Network access is disabled here/ },
    // Host files and secrets
    { name: "open('/etc/passwd')", code: "print(open('/etc/passwd').read())", reported: /FileNotFoundError/, leaks: [PASSWD] },
    { name: 'a host file by path', code: `print(open(${JSON.stringify(hostFile)}).read())`, reported: /FileNotFoundError/, leaks: noSecret },
    { name: "os.listdir('/')", code: "import os\nprint('root:', sorted(os.listdir('/')))", reported: /^root: \[.*'mnt'.*\]$/m, leaks: [HOST_ROOT] },
    { name: '/proc/self/environ', code: "print(open('/proc/self/environ').read())", reported: /FileNotFoundError/, leaks: noSecret },
    { name: 'os.environ', code: "import os\nprint('env:', dict(os.environ))", reported: /^env: \{/m, leaks: [...noSecret, /OPENAI_API_KEY|TUTOR_/] },
    { name: 'traversal from /mnt/data', code: "import os\nprint('up:', sorted(os.listdir('/mnt/data/../../..')))\nprint(open('/mnt/data/../../../../etc/passwd').read())", reported: /FileNotFoundError/, leaks: [PASSWD, HOST_ROOT] },
    // Pyodide's bridges to JavaScript
    { name: 'import js', code: 'import js\nprint(js.process.env)', reported: /ModuleNotFoundError: No module named 'js'/ },
    { name: 'import pyodide_js', code: 'import pyodide_js\nprint(pyodide_js._api)', reported: /ModuleNotFoundError: No module named 'pyodide_js'/ },
    { name: 'pyodide.code.run_js', code: "from pyodide.code import run_js\nprint(run_js('process.env'))", reported: /ModuleNotFoundError: No module named 'js'/ },
    {
      name: 'ctypes → emscripten_run_script',
      code: "import ctypes\nrun = ctypes.CDLL(None).emscripten_run_script_string\nrun.restype = ctypes.c_char_p\nprint(run(b'JSON.stringify(process.env)'))",
      reported: /ModuleNotFoundError: import of ctypes halted; None in sys\.modules/,
      leaks: noSecret,
    },
    { name: 'ctypes → libc system()', code: "import ctypes\nprint(ctypes.CDLL(None).system(b'id > /tmp/pwned'))", reported: /import of ctypes halted/ },
    { name: '_ctypes directly', code: "import _ctypes\nprint(_ctypes.dlopen)", reported: /import of _ctypes halted/ },
    // The placeholder removed and the import tried again: the built-in itself is gone.
    {
      name: 'ctypes reloaded → heap read',
      code: "import sys\nfor m in ('ctypes', '_ctypes'):\n    sys.modules.pop(m, None)\nimport ctypes\nprint(ctypes.string_at(1024, 64))",
      reported: /ModuleNotFoundError: No module named '_ctypes'/,
      // Without the layer ctypes loads and reads the sandbox's own WebAssembly heap: nothing of the host's.
      reportedWithoutLayer: /^b'/m,
    },
    {
      name: 'ctypes reloaded → heap write',
      code: "import sys\nfor m in ('ctypes', '_ctypes'):\n    sys.modules.pop(m, None)\nimport ctypes\nb = b'aaaa'\nctypes.memmove(id(b) + 16, b'zzzz', 4)\nprint('after write:', b)",
      reported: /ModuleNotFoundError: No module named '_ctypes'/,
      // Without the layer the write lands, in the sandbox's own heap (an immutable bytes object changed).
      reportedWithoutLayer: /^after write: b'zzzz'$/m,
    },
    {
      name: 'ctypes reloaded → emscripten_run_script',
      code: "import sys\nfor m in ('ctypes', '_ctypes'):\n    sys.modules.pop(m, None)\nimport ctypes\nrun = ctypes.CDLL(None).emscripten_run_script_string\nrun.restype = ctypes.c_char_p\nprint(run(b'JSON.stringify(process.env)'))",
      reported: /ModuleNotFoundError: No module named '_ctypes'/,
      reportedWithoutLayer: /AttributeError: .*emscripten_run_script_string/,
      leaks: noSecret,
    },
    { name: '/proc/<parent pid>/environ', code: "import os\nprint(open(f'/proc/{os.getppid()}/environ').read())", reported: /FileNotFoundError/, leaks: noSecret },
  ];
}

/** The tool message for `callId` in a chat request the model received. */
export function toolMessage(body: ChatBody, callId: string): string {
  const m = (body.messages as { role: string; tool_call_id?: string; content: string }[]).find((x) => x.role === 'tool' && x.tool_call_id === callId);
  assert.ok(m, `the model's request has no tool message for ${callId}`);
  return m.content;
}

/** A loopback listener that counts who connected, for the attacks' `listenerPort`. */
export interface CountingListener {
  server: Server;
  port: number;
  /** Connections from anyone but `settled()`. */
  arrivals(): number;
  /**
   * Connects from this process and resolves once the listener has taken that connection. The
   * kernel hands out connections first in, first out, so any connection an attack made before
   * this call has been counted by then: no fixed wait for a late one.
   */
  settled(): Promise<void>;
}

export async function countingListener(): Promise<CountingListener> {
  const accepted: number[] = [];
  const ours = new Set<number>();
  let notify = () => {};
  const server = createServer((socket) => {
    accepted.push(socket.remotePort ?? -1);
    socket.destroy();
    notify();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    arrivals: () => accepted.filter((p) => !ours.has(p)).length,
    settled: () => new Promise<void>((resolve, reject) => {
      const probe = connect(port, '127.0.0.1', () => {
        ours.add(probe.localPort!);
        const check = () => {
          if (!accepted.includes(probe.localPort!)) return;
          probe.destroy();
          resolve();
        };
        notify = check;
        check();
      });
      probe.on('error', reject);
    }),
  };
}
