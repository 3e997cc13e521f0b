// Packages for the sandbox come through the host: the sandbox process has no network of its own
// (an empty network namespace where Linux allows), so Pyodide's loadPackage asks the host, which
// fetches only from the configured package index. A real HTTP server stands in for Pyodide's CDN
// (none is reachable here) and serves a real wheel under the name Pyodide's lock file gives `six`.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { strToU8, zipSync } from 'fflate';
import { PyodideEngine } from '../../../../src/runtime/tools/codeInterpreter';
import { PackageFetcher } from '../../../../src/runtime/tools/codeInterpreter/packageFetcher';
import { networkJail } from '../../../../src/runtime/tools/codeInterpreter/workerSpawn';

const WHEEL = 'six-1.17.0-py2.py3-none-any.whl';

/** A minimal wheel: the module, and the metadata an installer reads. */
function sixWheel(): Uint8Array {
  return zipSync({
    'six.py': strToU8("SERVED = 'through the host'\n"),
    'six-1.17.0.dist-info/METADATA': strToU8('Metadata-Version: 2.1\nName: six\nVersion: 1.17.0\n'),
    'six-1.17.0.dist-info/WHEEL': strToU8('Wheel-Version: 1.0\nGenerator: tutor-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n'),
    'six-1.17.0.dist-info/RECORD': strToU8(''),
  });
}

describe('code interpreter packages (fetched by the host, handed over as bytes)', function () {
  this.timeout(120_000);
  let server: Server;
  let index: string;
  const requests: string[] = [];
  const wheel = sixWheel();

  before(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/pyodide/pyodide-lock.json') return res.writeHead(200).end(req.method === 'HEAD' ? undefined : '{}');
      if (req.url === `/pyodide/${WHEEL}`) return res.writeHead(200, { 'content-length': wheel.byteLength }).end(wheel);
      if (req.url === '/pyodide/huge.whl') return res.writeHead(200, { 'content-length': 10_000 }).end(Buffer.alloc(10_000));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    index = `http://127.0.0.1:${(server.address() as { port: number }).port}/pyodide/`;
  });
  after(() => server.close());
  beforeEach(() => (requests.length = 0));

  it('imports a package the host fetched from the index, though the sandbox itself has no network', async () => {
    const engine = new PyodideEngine({ packageIndexUrl: index });
    try {
      const result = await engine.run('thread_pkg', 'import six\nprint(six.SERVED)', []);
      assert.equal(result.error, undefined, `${result.error?.traceback}\n${result.output}\n${requests.join("\n")}`);
      assert.match(result.output, /^through the host$/m);
      assert.ok(requests.includes(`GET /pyodide/${WHEEL}`), requests.join('\n'));
      // With no interface up in the sandbox, only the host can have made that request.
      if (networkJail()) assert.equal(engine.stats.network, false);
    } finally {
      await engine.close();
    }
  });

  it('fetches only under the package index, and only GET and HEAD, for the sandbox', async () => {
    const fetcher = new PackageFetcher(index);
    const origin = new URL(index).origin;
    const ask = (url: string, method: 'GET' | 'HEAD' = 'GET') => fetcher.answer({ type: 'fetch', id: 1, url, method });
    assert.equal((await ask(`${origin}/secret`)).status, 403);
    assert.equal((await ask(`${index}../secret`)).status, 403, 'a path that walks out of the index');
    assert.equal((await ask(`${index}%2e%2e/secret`)).status, 403, 'the same, percent-encoded');
    assert.equal((await ask(`http://user:pw@${new URL(index).host}/pyodide/${WHEEL}`)).status, 403, 'credentials in the URL');
    assert.equal((await ask(`${index}${WHEEL}`, 'POST' as 'GET')).status, 403);
    assert.deepEqual(requests, [], 'none of those reached the server');
    const fetched = await ask(`${index}${WHEEL}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.bytes, wheel);
    assert.equal((await ask(`${index}missing.whl`)).status, 404);
    assert.equal((await new PackageFetcher(null).answer({ type: 'fetch', id: 2, url: `${index}${WHEEL}`, method: 'GET' })).status, 403, 'no index configured: nothing is fetched');
  });

  it('refuses a file larger than its limit without keeping it', async () => {
    const fetcher = new PackageFetcher(index, 1_000);
    const reply = await fetcher.answer({ type: 'fetch', id: 3, url: `${index}huge.whl`, method: 'GET' });
    assert.equal(reply.status, 413);
    assert.equal(reply.bytes, undefined);
  });
});
