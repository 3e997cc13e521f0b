// The workspace's .gitignore rules as one `ignore` matcher over workspace-relative paths, so the
// model's file functions skip what git skips: secrets (.env), build output, dependencies.
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

// Nested .gitignore files are found by walking the tree, skipping what is already ignored
// (node_modules, build output). The cap keeps a huge workspace from stalling a function call;
// past it, the root rules and those found so far still apply.
const MAX_DIRECTORIES_WALKED = 5000;

/**
 * Reads the root .gitignore, .git/info/exclude and nested .gitignore files. `.git/` is always
 * ignored. Paths given to `ignores()` must be relative, with `/` separators and no `./`.
 */
export async function loadGitignore(workspaceRoot: string): Promise<Ignore> {
  const rules = ignore().add('.git/');
  rules.add(await readLines(path.join(workspaceRoot, '.gitignore')));
  rules.add(await readLines(path.join(workspaceRoot, '.git', 'info', 'exclude')));

  const queue = [''];
  let walked = 0;
  while (queue.length > 0 && walked < MAX_DIRECTORIES_WALKED) {
    const relativeDir = queue.shift()!;
    walked++;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(workspaceRoot, relativeDir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      // Symbolic links are not followed: one pointing up the tree would loop.
      if (entry.isDirectory() && !rules.ignores(`${relative}/`)) queue.push(relative);
      else if (entry.isFile() && entry.name === '.gitignore' && relativeDir) {
        rules.add((await readLines(path.join(workspaceRoot, relative))).map((line) => rebase(line, relativeDir)).filter((line) => line !== ''));
      }
    }
  }
  return rules;
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await fs.readFile(file, 'utf8')).split(/\r?\n/);
  } catch {
    return [];
  }
}

/**
 * A pattern from `dir/.gitignore` rewritten for the root: git anchors a pattern with a slash
 * (other than a trailing one) to its own directory, and lets one without match at any depth below.
 */
export function rebase(line: string, dir: string): string {
  const trimmed = line.replace(/(?<!\\)\s+$/, '');
  if (trimmed === '' || trimmed.startsWith('#')) return '';
  const negated = trimmed.startsWith('!');
  const pattern = negated ? trimmed.slice(1) : trimmed;
  const anchored = pattern.replace(/\/$/, '').includes('/');
  const rebased = anchored ? `${dir}/${pattern.replace(/^\//, '')}` : `${dir}/**/${pattern}`;
  return `${negated ? '!' : ''}${rebased}`;
}
