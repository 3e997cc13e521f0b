import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';

/** Enough for any project a student opens; a home folder opened by mistake stops here. */
export const MAX_WALKED_ENTRIES = 50_000;

/**
 * The workspace's files that `ignores` lets through, found by reading folders ourselves (when git
 * cannot list them). A symbolic link is listed as a name but never entered, so nothing outside
 * the workspace is reached through one; ignored folders, `.git` and `node_modules` are not
 * entered either.
 */
export async function walkWorkspace(
  root: string,
  ignores: (relativePath: string) => Promise<boolean>,
  signal?: { isCancellationRequested: boolean },
): Promise<{ paths: string[]; truncated: boolean }> {
  const paths: string[] = [];
  const pending = [''];
  let walked = 0;
  while (pending.length > 0) {
    if (signal?.isCancellationRequested) return { paths, truncated: true };
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue; // unreadable or gone meanwhile: nothing to list there
    }
    for (const entry of entries) {
      if (++walked > MAX_WALKED_ENTRIES) return { paths, truncated: true };
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      // Dirent types come from lstat: a link to a folder is a link here, not a directory.
      if (entry.isDirectory()) {
        if (!(await ignores(`${rel}/`))) pending.push(rel);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && !(await ignores(rel))) {
        paths.push(rel);
      }
    }
  }
  return { paths, truncated: false };
}
