/**
 * A database of its own on a PostgreSQL server the harness started (harness/postgres.mjs), so
 * suites sharing the server never meet each other's objects, and `serve --database` gets a URL.
 */
import pg from 'pg';

/** Creates (after dropping) database `name` on the server at `serverUrl`; resolves to its URL. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name ${JSON.stringify(name)}: use lower-case letters, digits and _`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}
