import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { SHARED_URL_ENV, startPostgres, usePostgres, withPostgres, type Postgres } from '../../harness/postgres.mjs';

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The local addresses of the listening TCP sockets on `port`, from the kernel's tables (hex, as /proc writes them). */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].filter(existsSync).flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Fields: sl, local address:port, remote address:port, state (0A = LISTEN), …
      .filter((f) => f.length > 3 && f[3] === '0A' && f[1]!.endsWith(`:${hexPort}`))
      .map((f) => f[1]!.split(':')[0]!));
}

// The PostgreSQL store driver's tests stand on this: a real server of Debian's, private to the
// run, reachable from this machine only, and gone without a trace after stop().
describe('harness/postgres: a throwaway PostgreSQL server', function () {
  // initdb and the first start fsync their files; a loaded CI machine takes seconds.
  this.timeout(120_000);
  let server: Postgres;
  const clients: pg.Client[] = [];
  const client = async (url: string) => {
    const c = new pg.Client(url);
    clients.push(c);
    await c.connect();
    return c;
  };

  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await server?.stop();
  });

  it('answers on its URL, with fsync on', async () => {
    assert.match(server.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/tutor$/);
    const c = await client(server.url);
    const { rows } = await c.query<{ version: string; fsync: string; db: string }>("SELECT version(), current_setting('fsync') AS fsync, current_database() AS db");
    assert.match(rows[0]!.version, /^PostgreSQL \d+/);
    assert.equal(rows[0]!.fsync, 'on');
    assert.equal(rows[0]!.db, 'tutor');
  });

  it('delivers a NOTIFY to a client that LISTENs on the channel', async () => {
    const listener = await client(server.url);
    const notifier = await client(server.url);
    await listener.query('LISTEN tutor_runs');
    const received = new Promise<pg.Notification>((resolve) => listener.once('notification', resolve));
    await notifier.query("SELECT pg_notify('tutor_runs', 'run_1 completed')");
    const note = await received;
    assert.equal(note.channel, 'tutor_runs');
    assert.equal(note.payload, 'run_1 completed');
  });

  it('listens on 127.0.0.1 only', async () => {
    const c = await client(server.url);
    assert.equal((await c.query('SHOW listen_addresses')).rows[0].listen_addresses, '127.0.0.1');
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it (little-endian hex); 0.0.0.0 or any IPv6 would fail.
    assert.deepEqual(listeners(server.port), ['0100007F']);
  });

  it('hands out the shared server when the run names one, and leaves it running', async () => {
    const before = process.env[SHARED_URL_ENV];
    process.env[SHARED_URL_ENV] = server.url;
    try {
      const shared = await usePostgres();
      assert.deepEqual({ url: shared.url, shared: shared.shared }, { url: server.url, shared: true });
      await shared.stop();
      assert.equal(await withPostgres(async (url) => url), server.url);
      assert.ok(await accepts(server.port), 'stop() of a shared server must not stop it');
    } finally {
      if (before === undefined) delete process.env[SHARED_URL_ENV];
      else process.env[SHARED_URL_ENV] = before;
    }
  });

  it('stop() shuts it down, closes the port and removes the data folder', async () => {
    const own = await startPostgres({ name: 'stop_test' });
    assert.ok(existsSync(own.dataDir));
    assert.ok(await accepts(own.port));
    await own.stop();
    assert.ok(!existsSync(path.dirname(own.dataDir)), `${path.dirname(own.dataDir)} (data, socket, log) is still there`);
    assert.equal(await accepts(own.port), false, `port ${own.port} still accepts connections`);
    await own.stop(); // twice is harmless (an after hook may repeat a test's stop)
  });
});
