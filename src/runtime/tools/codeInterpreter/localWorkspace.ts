import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EngineLimits, OutputFile } from './engine';

/** Entries walked at most when looking for the files a cell wrote (a cell may write a huge tree). */
const MAX_WALKED_ENTRIES = 5_000;

/** The data folder's real path, in every spelling it may be printed in, back to /mnt/data. */
export function unmapPaths(text: string, dir: string): string {
  const forms = new Set([dir, dir.split(path.sep).join('/'), dir.split(path.sep).join('\\\\')]);
  let out = text;
  for (const form of forms) out = out.replaceAll(form, '/mnt/data');
  return out;
}

/** Regular files under `root` with a fingerprint (nanosecond mtime and size). */
export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  let walked = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (++walked > MAX_WALKED_ENTRIES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stat = statSync(full, { bigint: true });
        files.set(full, `${stat.mtimeNs}:${stat.size}`);
      }
    }
  };
  try {
    walk(root);
  } catch {
    // The code removed or replaced its folder: nothing to collect.
  }
  return files;
}

/** Files under `root` that are new or changed since `before`, within the output limits; the rest listed as skipped. */
export function changedFiles(root: string, before: Map<string, string>, limits: EngineLimits): { files: OutputFile[]; skipped: { path: string; bytes: number }[] } {
  const files: OutputFile[] = [];
  const skipped: { path: string; bytes: number }[] = [];
  for (const [full, fingerprint] of snapshot(root)) {
    if (before.get(full) === fingerprint) continue;
    const virtual = `/mnt/data/${path.relative(root, full).split(path.sep).join('/')}`;
    const size = Number(fingerprint.slice(fingerprint.indexOf(':') + 1));
    if (size > limits.maxOutputFileBytes || files.length >= limits.maxOutputFiles) {
      skipped.push({ path: virtual, bytes: size });
      continue;
    }
    try {
      files.push({ path: virtual, bytes: readFileSync(full) });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return { files, skipped };
}
