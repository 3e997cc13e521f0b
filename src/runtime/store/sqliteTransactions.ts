/**
 * Transactions on a synchronous SQLite connection, shared by both SQLite drivers: begin, commit
 * and rollback through the driver (so it knows one is open), and savepoints for nested calls.
 */

/**
 * The outermost transaction of a body that awaits (sqliteDriver.ts), counted in the same `state`
 * as runTransaction's, so the driver knows one is open (sql.js holds its snapshots until it ends).
 */
export function outermostTransaction(exec: (sql: string) => void, state: { depth: number }): { begin(): void; commit(): void; rollback(): void } {
  return {
    begin() {
      exec('BEGIN IMMEDIATE');
      state.depth++;
    },
    commit() {
      exec('COMMIT');
      state.depth--;
    },
    rollback() {
      try {
        exec('ROLLBACK');
      } finally {
        state.depth--;
      }
    },
  };
}

/**
 * Runs `fn` in a transaction on a driver-level `exec`, nesting with savepoints: the store's own
 * transactions call code that opens transactions too (a run created with a new thread), and SQLite
 * refuses a BEGIN inside a BEGIN. `state.depth` is the driver's count of open levels.
 *
 * @example
 *   transaction<T>(fn: () => T): T { return runTransaction((sql) => this.db.exec(sql), this.tx, fn); }
 */
export function runTransaction<T>(exec: (sql: string) => void, state: { depth: number }, fn: () => T): T {
  const outermost = state.depth === 0;
  const savepoint = `tutor_${state.depth}`;
  exec(outermost ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
  state.depth++;
  try {
    const result = fn();
    // An async fn would commit before its awaits ran; refuse rather than half-apply it.
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      throw new TypeError('transaction() takes a synchronous function.');
    }
    exec(outermost ? 'COMMIT' : `RELEASE ${savepoint}`);
    return result;
  } catch (err) {
    try {
      if (outermost) exec('ROLLBACK');
      else {
        exec(`ROLLBACK TO ${savepoint}`);
        exec(`RELEASE ${savepoint}`);
      }
    } catch {
      // SQLite may already have rolled back (e.g. on a full disk); the original error matters more.
    }
    throw err;
  } finally {
    state.depth--;
  }
}
