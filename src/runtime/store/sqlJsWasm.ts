import type { SqlJsStatic } from 'sql.js';

const SQL_JS_WASM = 'sql.js/dist/sql-wasm.wasm';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js compiles its WASM once per process; later opens reuse it, whatever wasmPath they pass. */
export function loadSqlJs(wasmPath: string | undefined): Promise<SqlJsStatic> {
  if (!sqlJs) {
    // Resolved only when needed: the bundled extension has no node_modules and passes a path. The
    // specifier sits in a variable so bundlers leave this fallback alone instead of warning on it.
    const located = wasmPath ?? require.resolve(SQL_JS_WASM);
    const loading = import('sql.js').then((mod) => mod.default({ locateFile: () => located }));
    // A failed load (bad path) must not stick: let the next open try again.
    loading.catch(() => {
      if (sqlJs === loading) sqlJs = undefined;
    });
    sqlJs = loading;
  }
  return sqlJs;
}
