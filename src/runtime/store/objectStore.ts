import { invalidInput } from '../domain/errors';
import type { ObjectKind } from '../domain/objects';
import { countQuery, cursorQuery, listQuery, SQL, withStatusQuery, type ListBounds, type PageKey } from './schema';
import type { ObjectStore, Page, PageQuery, Scope, SqlDriver, WriteOptions } from './types';

/**
 * Kinds whose ids repeat across owners (a File's id in every vector store holding it). Their rows
 * are keyed `<owner id>:<id>` while the stored body keeps the API id, so the one-column primary key
 * needs no schema change; within one owner the keys sort as the ids do, so paging is unchanged.
 */
const KEYED_BY_OWNER: Partial<Record<ObjectKind, keyof Scope>> = { vector_store_file: 'parent_id' };

function rowKey(kind: ObjectKind, id: string, scope: Scope | undefined): string {
  const owner = KEYED_BY_OWNER[kind];
  if (!owner) return id;
  const ownerId = scope?.[owner];
  if (!ownerId) throw new Error(`${kind} objects are stored under their owner: pass scope.${owner}.`);
  return `${ownerId}:${id}`;
}

/** Kinds whose writes only track a run's progress; the rest are authored by a user. */
const BATCHED_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>(['run', 'run_step']);

/**
 * The store over one database. Every write asks the driver to persist it: urgently for
 * user-authored kinds (assistant, thread, message, file, vector_store*), batched for run and
 * run_step, which change many times a second while a run streams. `options.urgent` overrides
 * that either way (the engine forces urgent when a run ends); deletes are always urgent.
 *
 * @example
 *   const store = createObjectStore(await openDatabase({ dir }));
 *   store.insert('thread', thread);
 *   store.update('run', { ...run, status: 'completed' }, { urgent: true });
 *   const { data, has_more } = store.list<Message>('message', { thread_id: thread.id }, { limit: 20, order: 'desc' });
 */
export function createObjectStore(driver: SqlDriver): ObjectStore {
  const persist = (kind: ObjectKind, options?: WriteOptions) => driver.persist(options?.urgent ?? !BATCHED_KINDS.has(kind));
  const parse = <T>(rows: { body: string }[]): T[] => rows.map((row) => JSON.parse(row.body) as T);

  return {
    driver,

    async insert(kind, object, scope = {}, options) {
      await driver.run(SQL.insert, [
        kind,
        rowKey(kind, object.id, scope),
        scope.thread_id ?? null,
        scope.run_id ?? null,
        scope.parent_id ?? null,
        object.created_at,
        statusOf(object),
        JSON.stringify(object),
      ]);
      persist(kind, options);
      return object;
    },

    async update(kind, object, options) {
      const { changes } = await driver.run(SQL.update, [JSON.stringify(object), statusOf(object), kind, rowKey(kind, object.id, options?.scope)]);
      if (changes === 0) return undefined;
      persist(kind, options);
      return object;
    },

    async get<T>(kind: ObjectKind, id: string, scope?: Scope) {
      const row = await driver.get<{ body: string }>(SQL.get, [kind, rowKey(kind, id, scope)]);
      return row ? (JSON.parse(row.body) as T) : undefined;
    },

    async delete(kind, id, scope) {
      const deleted = await driver.transaction(async () => {
        const { changes } = await driver.run(SQL.delete, [kind, rowKey(kind, id, scope)]);
        if (changes === 0) return false;
        if (kind === 'thread') await driver.run(SQL.deleteByThread, [id]);
        if (kind === 'run') await driver.run(SQL.deleteStepsOfRun, [id]);
        await driver.run(SQL.deleteByParent, [id]);
        return true;
      });
      if (deleted) driver.persist(true);
      return deleted;
    },

    async list<T>(kind: ObjectKind, scope: Scope, page: PageQuery): Promise<Page<T>> {
      if (!Number.isInteger(page.limit) || page.limit < 1) throw invalidInput("'limit' must be a positive integer.", 'limit');
      const after = page.after === undefined ? undefined : await cursorKey(driver, kind, scope, page.after, 'after');
      const before = page.before === undefined ? undefined : await cursorKey(driver, kind, scope, page.before, 'before');
      const ascending = page.order === 'asc';
      // In list order, `after` bounds the far side of the cursor and `before` the near side; which
      // of those is "greater than" depends on the order.
      const bounds: ListBounds = { direction: ascending ? 'ASC' : 'DESC', limit: page.limit + 1 };
      const laterThan = ascending ? 'above' : 'below';
      const earlierThan = ascending ? 'below' : 'above';
      if (after) bounds[laterThan] = after;
      if (before) bounds[earlierThan] = before;
      // With only `before`, the page is the `limit` objects just before the cursor: scan back from
      // it, then restore list order. has_more then means more further back.
      const backwards = before !== undefined && after === undefined;
      if (backwards) bounds.direction = ascending ? 'DESC' : 'ASC';
      const query = listQuery(kind, scope, bounds);
      const rows = parse<T>(await driver.all<{ body: string }>(query.sql, query.params));
      const has_more = rows.length > page.limit;
      const data = rows.slice(0, page.limit);
      if (backwards) data.reverse();
      return { data, has_more };
    },

    async withStatus<T>(kind: ObjectKind, statuses: string[], scope?: Scope) {
      if (statuses.length === 0) return [];
      const query = withStatusQuery(kind, statuses, scope);
      return parse<T>(await driver.all<{ body: string }>(query.sql, query.params));
    },

    async count(kind, scope) {
      const query = countQuery(kind, scope);
      return Number((await driver.get<{ n: number }>(query.sql, query.params))?.n ?? 0);
    },

    transaction: (fn) => driver.transaction(fn),
  };
}

/** The JSON body's status, kept in its own column so recovery can find live runs by index. */
function statusOf(object: object): string | null {
  const status = (object as { status?: unknown }).status;
  return typeof status === 'string' ? status : null;
}

/** Where a cursor sits in the list; a cursor that is not in this list is the caller's mistake. */
async function cursorKey(driver: SqlDriver, kind: ObjectKind, scope: Scope, id: string, param: 'after' | 'before'): Promise<PageKey> {
  const query = cursorQuery(kind, scope, rowKey(kind, id, scope));
  const row = await driver.get<PageKey>(query.sql, query.params);
  if (!row) throw invalidInput(`'${param}' must be the id of an object in this list; '${id}' is not.`, param);
  return { created_at: Number(row.created_at), id: String(row.id) };
}
