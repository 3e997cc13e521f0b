import ignore from 'ignore';

type Ignore = ignore.Ignore;

/**
 * Answers "would git ignore this path?" for one folder tree, reading `.gitignore` files at the
 * root and in every directory on the way down (each one's rules are relative to its directory,
 * and a deeper file overrides a shallower one, as in git). Like git, a directory that is ignored
 * is never entered, so nothing below it can be un-ignored by a `.gitignore` inside it.
 *
 * Paths are POSIX and relative to the root, e.g. `notes/week1.md`.
 */
export class GitignoreFilter {
  private readonly rules = new Map<string, Promise<Ignore | undefined>>();
  private readonly dirs = new Map<string, Promise<boolean>>();
  private readonly rootRules: Ignore[];

  /**
   * `read(dir)` returns the text of `<dir>/.gitignore` (`dir` is '' for the root), or undefined.
   * Matching ignores case by default, as git does on macOS and Windows.
   * `rootRules` are ignore files that apply to the whole tree with less weight than any
   * .gitignore, weakest first: git's global excludes file, then `.git/info/exclude`.
   */
  constructor(
    private readonly read: (dir: string) => Promise<string | undefined>,
    private readonly ignoreCase = true,
    rootRules: readonly string[] = [],
  ) {
    this.rootRules = rootRules.map((text) => ignore({ ignorecase: ignoreCase }).add(text));
  }

  /** Whether git would ignore the file at `path` (relative to the root); a trailing `/` means a directory. */
  async ignores(path: string): Promise<boolean> {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      if (await this.dirIgnored(parts.slice(0, i).join('/'))) return true;
    }
    if (path.endsWith('/')) return this.dirIgnored(parts.join('/'));
    return this.byRules(parts.join('/'), parts.length - 1, false);
  }

  private dirIgnored(dir: string): Promise<boolean> {
    let known = this.dirs.get(dir);
    if (!known) {
      const parts = dir.split('/');
      // Its parents were checked first (see ignores), so only the rules above it are left.
      known = this.byRules(dir, parts.length - 1, true);
      this.dirs.set(dir, known);
    }
    return known;
  }

  /** Applies the .gitignore of the root and of the first `depth` directories of `path`, shallow first. */
  private async byRules(path: string, depth: number, isDir: boolean): Promise<boolean> {
    const parts = path.split('/');
    let ignored = false;
    for (const ig of this.rootRules) ignored = applied(ig, path + (isDir ? '/' : ''), ignored);
    for (let level = 0; level <= depth; level++) {
      const base = parts.slice(0, level).join('/');
      const ig = await this.load(base);
      if (!ig) continue;
      ignored = applied(ig, parts.slice(level).join('/') + (isDir ? '/' : ''), ignored);
    }
    return ignored;
  }

  private load(dir: string): Promise<Ignore | undefined> {
    let rules = this.rules.get(dir);
    if (!rules) {
      rules = this.read(dir).then((text) => (text === undefined ? undefined : ignore({ ignorecase: this.ignoreCase }).add(text)), () => undefined);
      this.rules.set(dir, rules);
    }
    return rules;
  }
}

/** One ignore file's say on a path: a match decides, a `!` match undoes, no match leaves `before`. */
function applied(ig: Ignore, relativePath: string, before: boolean): boolean {
  const result = ig.test(relativePath);
  return result.ignored ? true : result.unignored ? false : before;
}

/** Folders never worth indexing, whatever .gitignore says: dependencies and git's own data. */
export function isAlwaysExcluded(path: string): boolean {
  return path.split('/').some((part) => part === 'node_modules' || part === '.git');
}
