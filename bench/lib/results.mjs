// bench/results/<date>.json: this run's figures, and the latest earlier run for "vs previous" rows.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './exec.mjs';

const dir = path.join(root, 'bench', 'results');

/** The newest earlier result that has `pick(result)`, with its file name; undefined if none. */
export function previousResult(pick) {
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().reverse();
  } catch {
    return undefined;
  }
  for (const file of files) {
    try {
      const result = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      const value = pick(result);
      if (value !== undefined && value !== null) return { file, value };
    } catch {
      // An unreadable or older-format file: look further back.
    }
  }
  return undefined;
}

/** Writes the run's results (temp file, then rename) and returns the path. */
export function saveResult(result) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.date.slice(0, 19).replace(/:/g, '-')}.json`);
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(temp, file);
  return file;
}
