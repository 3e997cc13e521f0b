// Which files the model's file functions may see, with git answering and with git absent from
// PATH, in real temporary repositories: .gitignore, .git/info/exclude and the global excludes
// file all count, reads and listings agree, and no name is reached through a linked folder.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listMatchingFiles } from '../../../src/extension/functions/listWorkspaceFiles';
import { workspaceIgnore, type WorkspaceIgnore } from '../../../src/extension/functions/workspaceIgnore';

const IGNORED = ['build/out.js', 'debug.log', 'local-notes.md', 'scratch/a.txt', 'keys.secret'];
const KEPT = ['src/main.py', 'notes.md', '.gitignore'];

describe('workspaceIgnore', () => {
  let sandbox: string;
  let repo: string;
  let outside: string;
  let withGit: NodeJS.ProcessEnv;
  let withoutGit: NodeJS.ProcessEnv;

  const write = async (file: string, text = 'x\n') => {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: withGit, stdio: 'pipe' });

  before(async () => {
    sandbox = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'tutor-ignore-')));
    repo = path.join(sandbox, 'repo');
    outside = path.join(sandbox, 'outside');
    // The machine's own git config must not count: a global config of the test's, with an
    // excludes file, and the default XDG location with another (used when no config names one).
    await write(path.join(sandbox, 'gitconfig'), `[user]\n\tname = t\n[core]\n\texcludesFile = "${path.join(sandbox, 'global-ignore')}" # the test's\n`);
    await write(path.join(sandbox, 'global-ignore'), '*.secret\n');
    await write(path.join(sandbox, 'xdg', 'git', 'ignore'), '*.draft\n');
    await write(path.join(sandbox, 'gitconfig-plain'), '[user]\n\tname = t\n');
    const base = { ...process.env, HOME: path.join(sandbox, 'home'), XDG_CONFIG_HOME: path.join(sandbox, 'xdg'), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(sandbox, 'gitconfig') };
    withGit = base;
    await fs.mkdir(path.join(sandbox, 'no-git-here'));
    withoutGit = { ...base, PATH: path.join(sandbox, 'no-git-here') };

    await fs.mkdir(repo);
    git('init', '-q');
    await write(path.join(repo, '.gitignore'), 'build/\n*.log\n');
    await write(path.join(repo, '.git', 'info', 'exclude'), 'local-notes.md\nscratch/\n');
    for (const file of [...IGNORED, 'old.draft', ...KEPT.filter((f) => f !== '.gitignore'), 'tracked.secret', 'moved/inner.txt']) await write(path.join(repo, file));
    await write(path.join(outside, 'leak.txt'), 'outside the workspace\n');
    await write(path.join(outside, 'inner.txt'), 'outside the workspace\n');
    await fs.symlink(outside, path.join(repo, 'linked'), 'dir');
    // Tracked although the global excludes file matches it: git does not ignore tracked files.
    git('add', '-f', 'tracked.secret', 'moved/inner.txt');
    // The index still names moved/inner.txt after the folder becomes a link to elsewhere.
    await fs.rm(path.join(repo, 'moved'), { recursive: true });
    await fs.symlink(outside, path.join(repo, 'moved'), 'dir');
  });

  after(async () => {
    await fs.rm(sandbox, { recursive: true, force: true });
  });

  for (const [mode, source] of [['git on PATH', 'git'], ['git absent from PATH', 'ignore files']] as const) {
    describe(mode, () => {
      let rules: WorkspaceIgnore;
      before(async () => {
        rules = await workspaceIgnore(repo, source === 'git' ? withGit : withoutGit);
      });

      it(`answers from ${source}`, () => {
        assert.equal(rules.source, source);
      });

      it('ignores what .gitignore, .git/info/exclude and core.excludesFile ignore; never .git', async () => {
        for (const file of [...IGNORED, '.git/config', 'build/']) assert.equal(await rules.ignores(file), true, file);
        for (const file of [...KEPT, 'old.draft']) assert.equal(await rules.ignores(file), false, file);
      });

      it('without core.excludesFile, ignores what $XDG_CONFIG_HOME/git/ignore ignores', async () => {
        const env = { ...(source === 'git' ? withGit : withoutGit), GIT_CONFIG_GLOBAL: path.join(sandbox, 'gitconfig-plain') };
        const plain = await workspaceIgnore(repo, env);
        assert.equal(await plain.ignores('old.draft'), true);
        assert.equal(await plain.ignores('keys.secret'), false);
        assert.ok(!(await plain.files()).paths.includes('old.draft'));
      });

      it('lists what it does not ignore, the link itself, and nothing through a linked folder', async () => {
        const listing = (await listMatchingFiles(repo, rules, { glob: '**/*', max: 200 })).split('\n');
        for (const file of KEPT) assert.ok(listing.includes(file), `${file} missing from ${listing.join(', ')}`);
        assert.ok(listing.includes('linked'), 'the link is a name in the workspace');
        for (const file of [...IGNORED, 'linked/leak.txt', 'moved/inner.txt']) assert.ok(!listing.includes(file), `${file} listed`);
        assert.ok(!listing.some((p) => p.startsWith('.git/')));
      });

      it('reads and listings agree on every file', async () => {
        const { paths } = await rules.files();
        for (const file of paths) assert.equal(await rules.ignores(file), false, `${file} is listed but ignored`);
        for (const file of IGNORED) assert.ok(!paths.includes(file), `${file} is ignored but listed`);
      });
    });
  }

  it('with git: a tracked file is not ignored, as git sees it, and is listed', async () => {
    const rules = await workspaceIgnore(repo, withGit);
    assert.equal(await rules.ignores('tracked.secret'), false);
    assert.equal(await listMatchingFiles(repo, rules, { glob: '**/*.secret', max: 10 }), 'tracked.secret');
  });

  it('without git: the same patterns decide, tracked or not', async () => {
    const rules = await workspaceIgnore(repo, withoutGit);
    assert.equal(await rules.ignores('tracked.secret'), true);
    assert.match(await listMatchingFiles(repo, rules, { glob: '**/*.secret', max: 10 }), /^No files match/);
  });

  it('with git: a workspace inside a repository gets the repository\'s exclude rules', async () => {
    await write(path.join(repo, 'sub', 'only-here.txt'));
    await write(path.join(repo, 'sub', 'fine.txt'));
    await fs.appendFile(path.join(repo, '.git', 'info', 'exclude'), '/sub/only-here.txt\n');
    const rules = await workspaceIgnore(path.join(repo, 'sub'), withGit);
    assert.equal(rules.source, 'git');
    assert.equal(await rules.ignores('only-here.txt'), true);
    assert.equal(await listMatchingFiles(path.join(repo, 'sub'), rules, { glob: '**', max: 10 }), 'fine.txt');
  });

  it('a folder that is not a repository, with git on PATH: the ignore files decide', async () => {
    const plain = path.join(sandbox, 'plain');
    await write(path.join(plain, '.gitignore'), 'out/\n');
    await write(path.join(plain, 'out', 'x.js'));
    await write(path.join(plain, 'a.secret'));
    await write(path.join(plain, 'a.md'));
    const rules = await workspaceIgnore(plain, withGit);
    assert.equal(rules.source, 'ignore files');
    assert.equal(await listMatchingFiles(plain, rules, { glob: '**/*', max: 10 }), '.gitignore\na.md');
  });
});
