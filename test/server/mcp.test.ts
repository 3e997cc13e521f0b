import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { repoRoot } from '../../harness/repo.mjs';
import { TOOLBOX_SPECS } from '../../src/runtime/tools/toolbox';

// `tutor-assistants mcp` from the sources (tsx), driven by the MCP SDK's own client over stdio,
// as Claude Desktop or VS Code would drive it. Python runs in the real Pyodide sandbox
// (dist/codeInterpreterWorker.js: the test runner builds it), search over the real fixture folder.
const CLI = path.join(repoRoot, 'src', 'server', 'cli.ts');
const KNOWLEDGE = path.join(repoRoot, 'test', 'fixtures', 'knowledge');
const serverArgs = (...args: string[]) => ['--import', 'tsx', CLI, 'mcp', ...args];

/** A 1×1 PNG written with the standard library only (the sandbox has no plotting packages). */
const WRITE_PNG = "import base64\nopen('/mnt/data/dot.png','wb').write(base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='))";

async function connect(...args: string[]): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: serverArgs(...args), cwd: repoRoot, env: { ...process.env } as Record<string, string>, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'tutor-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** Every live process below `pid`, from /proc (Linux): the sandbox runs as the server's child, or its grandchild under unshare. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      // The fields after the command name, which is in parentheses and may hold spaces.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (fields[0] !== 'Z') parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we read.
    }
  }
  const found: number[] = [];
  const visit = (p: number) => {
    for (const [child, parent] of parents) {
      if (parent === p) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

const textOf = (result: unknown) => (result as CallToolResult).content.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text).join('\n');

describe('tutor-assistants mcp (stdio, driven by the MCP SDK client)', function () {
  this.timeout(120_000);
  let client: Client;
  let stderr: () => string;
  before(async () => {
    ({ client, stderr } = await connect('--knowledge', KNOWLEDGE));
  });
  after(async () => client?.close());

  it('lists the three tools with the toolbox specs\' schemas, titles and annotations', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['verify_math', 'run_python', 'search_knowledge']);
    for (const spec of TOOLBOX_SPECS) {
      const tool = tools.find((t) => t.name === spec.name)!;
      assert.deepEqual(tool.inputSchema, spec.inputSchema, spec.name);
      assert.equal(tool.title, spec.title);
      assert.equal(tool.description, spec.description);
    }
    assert.equal(tools.find((t) => t.name === 'verify_math')!.annotations?.readOnlyHint, true);
    assert.equal(tools.find((t) => t.name === 'search_knowledge')!.annotations?.readOnlyHint, true);
    const python = tools.find((t) => t.name === 'run_python')!.annotations!;
    assert.equal(python.destructiveHint, false);
    assert.equal(python.openWorldHint, false);
    assert.equal(client.getServerVersion()?.name, 'tutor');
  });

  it('verifies a right claim and refutes a wrong one with the CAS', async () => {
    const right = await client.callTool({ name: 'verify_math', arguments: { kind: 'equivalent', left: '(x+1)^2', right: 'x^2+2x+1' } });
    assert.equal(right.isError, false);
    assert.match(textOf(right), /^Verified: the two sides are equivalent/);
    const wrong = await client.callTool({ name: 'verify_math', arguments: { kind: 'solves', equation: '3x + 11 = 14', value: '2' } });
    assert.equal(wrong.isError, false);
    assert.match(textOf(wrong), /^The value does not solve it/);
  });

  it('runs Python in the sandbox: prints, keeps variables, returns images, reports tracebacks', async () => {
    const first = await client.callTool({ name: 'run_python', arguments: { code: 'n = 2**10\nprint(n)' } });
    assert.equal(first.isError, false, textOf(first));
    assert.equal(textOf(first).trim(), '1024');
    const second = await client.callTool({ name: 'run_python', arguments: { code: 'print(n + 1)' } });
    assert.equal(textOf(second).trim(), '1025');
    const drawn = (await client.callTool({ name: 'run_python', arguments: { code: WRITE_PNG } })) as CallToolResult;
    const image = drawn.content.find((c) => c.type === 'image');
    assert.ok(image && image.type === 'image', `no image content in ${JSON.stringify(drawn.content)}`);
    assert.equal(image.mimeType, 'image/png');
    assert.deepEqual([...Buffer.from(image.data, 'base64').subarray(1, 4)], [...Buffer.from('PNG')]);
    const failed = await client.callTool({ name: 'run_python', arguments: { code: '1/0' } });
    assert.equal(failed.isError, true);
    assert.match(textOf(failed), /ZeroDivisionError/);
  });

  it('finds a known passage in the --knowledge folder, with its path, as text and structured content', async () => {
    const found = await client.callTool({ name: 'search_knowledge', arguments: { query: 'chain rule derivative of the outer function', max_results: 3 } });
    assert.equal(found.isError, false, textOf(found));
    assert.match(textOf(found), /^\[1\] calculus\/chain-rule\.md \(score \d\.\d\d\)\n# Lecture 4 — The chain rule/);
    const passages = (found.structuredContent as { passages: { filename: string; score: number; text: string }[] }).passages;
    assert.ok(passages.length >= 1 && passages.length <= 3);
    assert.equal(passages[0]!.filename, 'calculus/chain-rule.md');
    assert.match(passages[0]!.text, /derivative of the whole/);
    assert.match(stderr(), /knowledge: \d+ of \d+ file\(s\) indexed/);
  });

  it('answers bad input with isError and a message saying what to send, and keeps serving', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['run_python', {}, /run_python needs \{"code"/],
      ['run_python', { code: 42 }, /run_python needs \{"code"/],
      ['run_python', { code: '   ' }, /with some code in it/],
      ['search_knowledge', {}, /'query'/],
      ['search_knowledge', { query: 'eigenvalues', max_results: 99 }, /'max_results'/],
      ['search_knowledge', { query: 7 }, /'query'/],
      ['verify_math', { kind: 'equivalent', left: 'x' }, /'right' is missing/],
    ];
    for (const [name, args, message] of cases) {
      const result = await client.callTool({ name, arguments: args });
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}: ${textOf(result)}`);
      assert.match(textOf(result), message, `${name} ${JSON.stringify(args)}`);
    }
    const still = await client.callTool({ name: 'run_python', arguments: { code: 'print("still here")' } });
    assert.equal(textOf(still).trim(), 'still here');
  });

  it('refuses an unknown tool with a protocol error naming the tools it has', async () => {
    await assert.rejects(client.callTool({ name: 'delete_everything', arguments: {} }), (err: Error & { code?: number }) => {
      assert.equal(err.code, -32602);
      assert.match(err.message, /Unknown tool "delete_everything".*verify_math, run_python, search_knowledge/);
      return true;
    });
  });

  it('without --knowledge, search_knowledge says how to start the server with some', async () => {
    const bare = await connect();
    try {
      const result = await bare.client.callTool({ name: 'search_knowledge', arguments: { query: 'chain rule' } });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /--knowledge <folder>/);
    } finally {
      await bare.client.close();
    }
  });

  it('writes nothing but JSON-RPC to stdout, and exits cleanly when stdin closes', async () => {
    const child = spawn(process.execPath, serverArgs('--knowledge', path.join(KNOWLEDGE, 'calculus')), { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.resume();
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const answered = (id: number) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${id}; stdout so far:\n${stdout}`)), 90_000);
      const check = () => {
        if (stdout.split('\n').some((line) => line.includes(`"id":${id}`))) {
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve();
        }
      };
      child.stdout.on('data', check);
      check();
    });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await answered(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'run_python', arguments: { code: 'import sys\nprint("to stdout")\nprint("to stderr", file=sys.stderr)' } } });
    send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'search_knowledge', arguments: { query: 'integration by parts' } } });
    send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'verify_math', arguments: { kind: 'equivalent', left: 'sin(x)^2+cos(x)^2', right: '1' } } });
    await Promise.all([answered(2), answered(3), answered(4), answered(5)]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    assert.equal(await exited, 0);
    const lines = stdout.split('\n').filter((line) => line.length);
    const messages = lines.map((line) => {
      try {
        return JSON.parse(line) as { jsonrpc?: string; id?: number };
      } catch {
        return assert.fail(`stdout carried a line that is not JSON-RPC: ${line}`);
      }
    });
    assert.ok(messages.every((m) => m.jsonrpc === '2.0'));
    assert.deepEqual(messages.map((m) => m.id).sort(), [1, 2, 3, 4, 5]);
  });

  it('on SIGTERM, stops the Python sandbox\'s process and exits 0', async function () {
    if (process.platform !== 'linux') this.skip();
    const child = spawn(process.execPath, serverArgs(), { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.resume();
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'run_python', arguments: { code: 'print(7 * 6)' } } });
    const deadline = Date.now() + 90_000;
    while (!stdout.includes('"id":2')) {
      assert.ok(Date.now() < deadline, `no answer to the Python call; stdout:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(stdout, /42/);
    const sandbox = descendants(child.pid!);
    assert.ok(sandbox.length >= 1, 'the sandbox runs as a process below the server');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const alive = sandbox.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    assert.deepEqual(alive, [], 'the sandbox outlived the server');
  });

  it('prints its usage for mcp --help and refuses unknown flags with exit code 2', async () => {
    const run = (...args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.once('exit', (code) => resolve({ code, out, err }));
    });
    const help = await run('mcp', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: tutor-assistants mcp \[options\]/);
    assert.match(help.out, /"tutor": \{"command": "node", "args": \[.*"mcp", "--knowledge"/);
    const all = await run('--help');
    assert.match(all.out, /Usage: tutor-assistants serve[\s\S]*Usage: tutor-assistants mcp/);
    const bad = await run('mcp', '--bogus');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /tutor-assistants: Unknown option '--bogus'\n\nUsage: tutor-assistants mcp/);
  });
});
