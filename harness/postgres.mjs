// A throwaway PostgreSQL server for the PostgreSQL store driver's tests: Debian's binaries, a
// cluster in a temporary folder, listening on 127.0.0.1 and a free port only, gone after stop().
// PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to the `postgres` user
// that Debian's package creates and every command runs through runuser; otherwise it runs as us.
// fsync stays on: the crash tests count on a committed write surviving a kill -9.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { harnessLog as log } from './repo.mjs';
import { ensureSystemPackages, postgresBin } from './systemPackages.mjs';

/** When set, a test run's one shared server: usePostgres and withPostgres hand it out. */
export const SHARED_URL_ENV = 'TUTOR_TEST_DATABASE_URL';

/** The superuser initdb creates, whoever runs it, so a URL reads the same as root and not. */
const SUPERUSER = 'postgres';

/**
 * @typedef {object} Postgres
 * @property {string} url `postgres://postgres@127.0.0.1:<port>/<name>`
 * @property {number} port
 * @property {string} dataDir the cluster's folder (inside a temporary folder that stop() removes)
 * @property {() => Promise<void>} stop fast shutdown, then removes the temporary folder; safe to call twice
 */

/** Clusters this process started and has not stopped, for the exit hook below. */
const running = new Set();

/** As root, the uid/gid the cluster runs as, else undefined (we run it ourselves). */
function serverOwner() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const id = (flag) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`PostgreSQL refuses to run as root, and there is no '${SUPERUSER}' user to run it as. Debian's postgresql package creates one; elsewhere create it (useradd --system ${SUPERUSER}) or run the tests as a normal user.`);
  }
}

/**
 * Runs a PostgreSQL program as the cluster's owner, from the temporary folder (as root, our own
 * working directory is often /root, which the postgres user may not enter). PG* variables of
 * the caller are left out so a developer's PGDATA or PGPORT cannot point a command elsewhere.
 * Throws with the program's output when it fails.
 * @param {{ bin: string, dir: string, asRoot: boolean }} cluster
 * @param {string} program
 * @param {string[]} args
 */
function run(cluster, program, args) {
  const command = [path.join(cluster.bin, program), ...args];
  const [file, ...argv] = cluster.asRoot ? ['runuser', '-u', SUPERUSER, '--', ...command] : command;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  try {
    return execFileSync(file, argv, { cwd: cluster.dir, env: { ...env, LC_ALL: 'C' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${program} ${args.join(' ')} failed (${err.status ?? err.signal}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** A port nothing listens on right now (the server may still lose it to a race: start retries). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** The last lines of the server's log, for an error message. */
function logTail(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '(no log)';
}

/**
 * Starts a new cluster and creates the database `name` in it. Installs Debian's postgresql first
 * when it is missing and this process may (root with apt-get); otherwise the error names it.
 * @param {{ name?: string }} [options] name: the database the URL points to (default `tutor`)
 * @returns {Promise<Postgres>}
 */
export async function startPostgres({ name = 'tutor' } = {}) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${JSON.stringify(name)}: use lower-case letters, digits and _`);
  ensureSystemPackages(['postgres']);
  const owner = serverOwner();
  const dir = mkdtempSync(path.join(tmpdir(), `tutor-pg-${name}-`));
  const cluster = { bin: /** @type {string} */ (postgresBin()), dir, asRoot: owner !== undefined };
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  let stopped = false;
  const stopNow = (mode) => {
    if (stopped) return;
    stopped = true;
    running.delete(stopNow);
    try {
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) run(cluster, 'pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  running.add(stopNow);
  try {
    if (owner) {
      chownSync(dir, owner.uid, owner.gid);
      // mkdtemp made it 0700 under the system's temp folder; if a parent is closed to the
      // postgres user (a TMPDIR under /root, say), initdb would fail with a vaguer message.
      try {
        execFileSync('runuser', ['-u', SUPERUSER, '--', 'test', '-w', dir], { stdio: 'ignore' });
      } catch {
        throw new Error(`the ${SUPERUSER} user cannot write to ${dir}: a folder above it is closed to that user. Point TMPDIR at a folder it can reach, such as /tmp.`);
      }
    }
    // --no-locale: C collation, so no generated locale is needed (minimal images have none).
    // --no-sync only skips flushing initdb's own files; the server below keeps fsync on.
    run(cluster, 'initdb', ['-D', dataDir, '-U', SUPERUSER, '-E', 'UTF8', '--no-locale', '--auth-local=trust', '--auth-host=trust', '--no-sync', '--no-instructions']);
    // Trust is safe only because nothing but this machine's loopback and a socket in our 0700
    // folder can reach the server. The log goes to pg_ctl's -l file, not a collector.
    appendFileSync(path.join(dataDir, 'postgresql.conf'), [
      '', '# harness/postgres.mjs',
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'fsync = on',
      'logging_collector = off',
      '',
    ].join('\n'));
    // Another process can take the free port between our probe and the server's bind: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        run(cluster, 'pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-o', `-p ${port}`, '-w', '-t', '60']);
      } catch (err) {
        if (attempt < 3 && /could not bind|Address already in use/.test(logTail(logFile))) continue;
        throw new Error(`PostgreSQL did not start: ${err.message}\nits log (${logFile}):\n${logTail(logFile)}`);
      }
      const admin = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return {
        url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`,
        port,
        dataDir,
        stop: async () => stopNow('fast'),
      };
    }
  } catch (err) {
    stopNow('immediate');
    throw err;
  }
}

// A run that ends without calling stop() (a failed hook, mocha --exit) would leave the server
// holding its port and its folder in /tmp. pg_ctl is synchronous, so it can run in 'exit'.
process.on('exit', () => {
  for (const stopNow of [...running]) {
    try {
      stopNow('immediate');
    } catch (err) {
      log(`could not stop a PostgreSQL test cluster: ${err.message}`);
    }
  }
});

/**
 * The server a test should use: the run's shared one when SHARED_URL_ENV is set (stop() then
 * leaves it running: its owner stops it), else a new cluster of its own.
 * @param {{ name?: string }} [options]
 * @returns {Promise<{ url: string, shared: boolean, stop: () => Promise<void> }>}
 */
export async function usePostgres(options) {
  const shared = process.env[SHARED_URL_ENV];
  if (shared) return { url: shared, shared: true, stop: async () => {} };
  const cluster = await startPostgres(options);
  return { url: cluster.url, shared: false, stop: cluster.stop };
}

/**
 * Runs `fn` with a server's URL (see usePostgres) and stops the server afterwards, even if `fn` throws.
 * @template T
 * @param {(url: string) => Promise<T>} fn
 * @param {{ name?: string }} [options]
 * @returns {Promise<T>}
 */
export async function withPostgres(fn, options) {
  const server = await usePostgres(options);
  try {
    return await fn(server.url);
  } finally {
    await server.stop();
  }
}
