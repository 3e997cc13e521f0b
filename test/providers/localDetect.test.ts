// detectLocalProviders against real HTTP servers on 127.0.0.1 that imitate Ollama's and
// LM Studio's /v1/models. The well-known ports may be taken (or free) on a test machine, so a
// fetch that redirects each well-known port to a test server stands in for the network.
import * as assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { detectLocalProviders } from '../../src/providers/localDetect';

type Handler = (path: string, res: ServerResponse) => void;

interface TestServer { port: number; paths: string[]; close(): Promise<void> }

async function serve(handler: Handler): Promise<TestServer> {
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    handler(req.url ?? '', res);
  });
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

const json = (body: unknown, status = 200): Handler => (_path, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
/** Ollama's answer shape (GET /v1/models). */
const ollamaModels = (...ids: string[]) => json({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'library' })) });
const hang: Handler = () => { /* headers never come */ };

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = await serve(hang);
  await server.close();
  return server.port;
}

/** fetch with 11434 (Ollama) and 1234 (LM Studio) sent to the given local ports. */
function redirectingFetch(ports: { ollama: number; lmstudio: number }): typeof fetch {
  return (input, init) => {
    const url = String(input).replace('127.0.0.1:11434/', `127.0.0.1:${ports.ollama}/`).replace('127.0.0.1:1234/', `127.0.0.1:${ports.lmstudio}/`);
    return fetch(url, init);
  };
}

describe('detectLocalProviders', () => {
  const servers: TestServer[] = [];
  const start = async (handler: Handler) => { const s = await serve(handler); servers.push(s); return s.port; };
  afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

  it('finds Ollama by its model list, with its base URL and model ids, and skips a server that is not running', async () => {
    const ollama = await start(ollamaModels('llama3.2:latest', 'qwen2.5-math:7b'));
    const found = await detectLocalProviders(redirectingFetch({ ollama, lmstudio: await closedPort() }));
    assert.deepEqual(found, [{ kind: 'ollama', url: 'http://127.0.0.1:11434/v1', models: ['llama3.2:latest', 'qwen2.5-math:7b'] }]);
    assert.deepEqual(servers[0]!.paths, ['/v1/models']);
  });

  it('finds both, Ollama first', async () => {
    const lmstudio = await start(json({ object: 'list', data: [{ id: 'qwen2.5-7b-instruct', object: 'model', owned_by: 'organization_owner' }] }));
    const ollama = await start(ollamaModels('llama3.2:latest'));
    const found = await detectLocalProviders(redirectingFetch({ ollama, lmstudio }));
    assert.deepEqual(found.map((f) => [f.kind, f.url, f.models]), [
      ['ollama', 'http://127.0.0.1:11434/v1', ['llama3.2:latest']],
      ['lmstudio', 'http://127.0.0.1:1234/v1', ['qwen2.5-7b-instruct']],
    ]);
  });

  it('reports an Ollama without models (it answers "data": null) with an empty list', async () => {
    const ollama = await start(json({ object: 'list', data: null }));
    const found = await detectLocalProviders(redirectingFetch({ ollama, lmstudio: await closedPort() }));
    assert.deepEqual(found, [{ kind: 'ollama', url: 'http://127.0.0.1:11434/v1', models: [] }]);
  });

  it('ignores servers that answer something other than a model list', async () => {
    const htmlServer = await start((_path, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>hello</html>'); });
    const notFound = await start(json({ error: 'not found' }, 404));
    assert.deepEqual(await detectLocalProviders(redirectingFetch({ ollama: htmlServer, lmstudio: notFound })), []);
    const wrongShape = await start(json({ models: [{ name: 'llama3.2' }] }));
    assert.deepEqual(await detectLocalProviders(redirectingFetch({ ollama: wrongShape, lmstudio: await closedPort() })), []);
  });

  it('gives up on servers that do not answer within the timeout, probing both at once', async () => {
    // Each server logs when a probe arrives and when the client drops it: both probes arriving
    // before either is dropped is what "at once" means (in turn, the second would come after the
    // first one's timeout), and a drop of each is the client giving up.
    const events: string[] = [];
    const dropped: Promise<void>[] = [];
    const probe = (name: string, answer: (res: ServerResponse) => void): Handler => (_path, res) => {
      events.push(`${name} asked`);
      dropped.push(new Promise((resolve) => res.on('close', () => { events.push(`${name} dropped`); resolve(); })));
      answer(res);
    };
    const ollama = await start(probe('ollama', () => { /* headers never come */ }));
    const lmstudio = await start(probe('lmstudio', (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"object":"list","data":[');
    }));
    const found = await detectLocalProviders(redirectingFetch({ ollama, lmstudio }), 400);
    assert.deepEqual(found, [], 'a stalled body counts as no answer');
    await Promise.all(dropped);
    assert.equal(dropped.length, 2);
    assert.deepEqual(events.slice(0, 2).sort(), ['lmstudio asked', 'ollama asked'], `both probes out before either was dropped: ${events.join(', ')}`);
    assert.deepEqual(events.slice(2).sort(), ['lmstudio dropped', 'ollama dropped']);
  });
});
