import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GitignoreFilter } from './gitignore';
import { rootExcludeTexts } from './gitExcludeFiles';
import { runGit } from './runGit';
import { walkWorkspace } from './walkWorkspace';

type IgnoreRules = { ignores(relativePath: string): Promise<boolean> };

/**
 * What the model's file functions may see of the workspace: the files git would not ignore.
 * Reads ask `ignores`, listings ask `files`, and both come from the same source so they agree.
 */
export interface WorkspaceIgnore {
  /**
   * 'git' when git itself answers (installed, and the workspace is inside a work tree);
   * 'ignore files' when Tutor applies .gitignore, .git/info/exclude and the global excludes file.
   */
  readonly source: 'git' | 'ignore files';
  /** Whether a workspace-relative path (`/` separators; a trailing `/` means a folder) is ignored. */
  ignores(relativePath: string): Promise<boolean>;
  /**
   * Every file (and symbolic link) that is not ignored, workspace-relative. Neither source enters
   * a symbolically linked folder; `truncated` says the walk stopped at its limit.
   */
  files(signal?: { isCancellationRequested: boolean }): Promise<{ paths: string[]; truncated: boolean }>;
}

/**
 * The workspace's ignore rules as git applies them: git's own answer where git is installed and
 * the folder is a repository (so every source of rules counts, and a tracked file is never
 * "ignored"), else Tutor's reading of the ignore files. `.git/` is always ignored.
 * `env` is the environment git runs with (and whose HOME, XDG_CONFIG_HOME and GIT_CONFIG_* the
 * fallback reads); tests pass their own.
 */
export async function workspaceIgnore(root: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkspaceIgnore> {
  const rules = ignoreFileRules(root, env);
  const inWorkTree = await runGit(root, ['rev-parse', '--is-inside-work-tree'], env);
  if (inWorkTree?.code === 0 && inWorkTree.stdout.trim() === 'true') return gitAnswers(root, env, rules);
  return {
    source: 'ignore files',
    ignores: (relativePath) => ignoredBy(relativePath, (rel) => rules.ignores(rel)),
    files: (signal) => walkWorkspace(root, (rel) => rules.ignores(rel), signal),
  };
}

function gitAnswers(root: string, env: NodeJS.ProcessEnv, rules: IgnoreRules): WorkspaceIgnore {
  return {
    source: 'git',
    ignores: (relativePath) =>
      ignoredBy(relativePath, async (rel) => {
        const answer = await runGit(root, ['check-ignore', '-q', '--', rel], env);
        if (answer?.code === 0) return true;
        if (answer?.code === 1) return false;
        // 128: git cannot tell, e.g. "beyond a symbolic link" for a path through a linked folder
        // (the path guard then checks where the link lands). The ignore files decide instead.
        return rules.ignores(rel);
      }),
    files: async (signal) => {
      // -z: names exactly as stored, with no quoting of unusual characters (core.quotePath).
      const answer = await runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], env);
      if (answer?.code !== 0) return walkWorkspace(root, (rel) => rules.ignores(rel), signal);
      // A name ending in / is a nested repository git does not enter; a merge conflict repeats names.
      const paths = [...new Set(answer.stdout.split('\0').filter((name) => name && !name.endsWith('/')))];
      return { paths, truncated: false };
    },
  };
}

/** The checks every path gets first: the root is not ignored, anything in .git always is. */
async function ignoredBy(relativePath: string, ask: (rel: string) => Promise<boolean>): Promise<boolean> {
  const rel = relativePath.replace(/^\/+/, '');
  if (rel === '' || rel === '/') return false;
  if (rel.split('/').some((part) => part.toLowerCase() === '.git')) return true;
  return ask(rel);
}

/** .gitignore files at every level, over .git/info/exclude and the global excludes file. */
function ignoreFileRules(root: string, env: NodeJS.ProcessEnv): IgnoreRules {
  const readGitignore = async (dir: string) => {
    try {
      return await fs.readFile(path.join(root, dir, '.gitignore'), 'utf8');
    } catch {
      return undefined;
    }
  };
  // Built on first use: while git answers, the fallback is rarely needed.
  let filter: Promise<GitignoreFilter> | undefined;
  const build = async () => new GitignoreFilter(readGitignore, true, await rootExcludeTexts(root, env));
  return { ignores: async (rel) => (await (filter ??= build())).ignores(rel) };
}
