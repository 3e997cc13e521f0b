import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isAlwaysExcluded } from './gitignore';
import { globToRegExp } from './globToRegExp';
import type { WorkspaceIgnore } from './workspaceIgnore';

export interface ListRequest {
  glob: string;
  max: number;
}

/**
 * The answer to list_workspace_files: the files `rules` lets through that match the glob, sorted,
 * at most `max`, never a name reached through a symbolically linked folder.
 */
export async function listMatchingFiles(root: string, rules: WorkspaceIgnore, request: ListRequest, signal?: { isCancellationRequested: boolean }): Promise<string> {
  const { glob, max } = request;
  const matches = globToRegExp(glob);
  const { paths: all, truncated } = await rules.files(signal);
  const matched = all.filter((p) => matches.test(p) && !isAlwaysExcluded(p));
  const paths = (await withoutLinkedFolders(root, matched)).sort();
  const partly = truncated ? `\n[the workspace is large: only part of it was searched; narrow the glob]` : '';
  if (paths.length === 0) return `No files match ${glob} (files git ignores are not listed).${partly}`;
  const shown = paths.slice(0, max);
  return `${shown.join('\n')}${paths.length > max ? `\n[… ${paths.length - max} more; narrow the glob]` : ''}${partly}`;
}

/**
 * Drops paths whose folder is not where its name says, i.e. one reached through a symbolic link.
 * git lists from its index, which can still hold `dir/file` after `dir` was replaced by a link
 * to elsewhere; the walk never enters links. This check holds for both.
 */
export async function withoutLinkedFolders(root: string, relativePaths: readonly string[]): Promise<string[]> {
  const realRoot = await fs.realpath(root);
  const dirs = [...new Set(relativePaths.map((p) => path.posix.dirname(p)).filter((d) => d !== '.'))];
  const verdicts = await Promise.all(
    dirs.map(async (dir) => {
      try {
        return samePath(await fs.realpath(path.join(root, dir)), path.join(realRoot, dir));
      } catch {
        return false; // gone meanwhile
      }
    }),
  );
  const direct = new Set(dirs.filter((_, i) => verdicts[i]));
  return relativePaths.filter((p) => {
    const dir = path.posix.dirname(p);
    return dir === '.' || direct.has(dir);
  });
}

function samePath(a: string, b: string): boolean {
  const caseless = process.platform === 'win32' || process.platform === 'darwin';
  return caseless ? a.toLowerCase() === b.toLowerCase() : a === b;
}
