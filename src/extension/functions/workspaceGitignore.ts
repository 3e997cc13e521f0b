import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GitignoreFilter } from '../../common/gitignore';

/**
 * The workspace's .gitignore rules (root and nested, read as they are needed) for the model's
 * file functions, so they skip what git skips: secrets (.env), build output, dependencies.
 * `.git/` is always ignored. The same matcher serves "Add Files to Knowledge".
 */
export function workspaceGitignore(root: string): { ignores(relativePath: string): Promise<boolean> } {
  const rules = new GitignoreFilter(async (dir) => {
    try {
      return await fs.readFile(path.join(root, dir, '.gitignore'), 'utf8');
    } catch {
      return undefined;
    }
  });
  return {
    ignores: async (relativePath) => relativePath.split('/').includes('.git') || (await rules.ignores(relativePath)),
  };
}
