import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveWorkspacePath, type WorkspacePath } from '../../../src/extension/functions/pathGuard';
import { workspaceIgnore } from '../../../src/extension/functions/workspaceIgnore';

describe('resolveWorkspacePath', () => {
  let sandbox: string;
  let root: string;
  let outside: string;
  let isIgnored: (relative: string) => Promise<boolean>;

  before(async () => {
    sandbox = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'tutor-pathguard-')));
    root = path.join(sandbox, 'workspace');
    outside = path.join(sandbox, 'outside');
    const files: Record<string, string> = {
      'src/main.py': 'print(1)\n',
      'notes.md': '# notes\n',
      '.env': 'API_KEY=secret\n',
      'build/out.js': 'generated\n',
      'debug.log': 'log\n',
      'keep.log': 'kept\n',
      'sub/.gitignore': '*.tmp\n/local.txt\n',
      'sub/deep/scratch.tmp': 'x\n',
      'sub/local.txt': 'x\n',
      'sub/deep/local.txt': 'x\n',
      'scratch.tmp': 'x\n',
      '.git/config': '[core]\n',
      '.gitignore': '.env\nbuild/\n*.log\n!keep.log\n',
    };
    for (const [name, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await fs.writeFile(path.join(root, name), content);
    }
    await fs.mkdir(outside, { recursive: true });
    await fs.writeFile(path.join(outside, 'secret.txt'), 'outside\n');
    await fs.symlink(outside, path.join(root, 'escape'), 'dir');
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(root, 'secret-link.txt'), 'file');
    await fs.symlink(path.join(root, 'src', 'main.py'), path.join(root, 'main-link.py'), 'file');
    await fs.symlink(path.join(root, '.env'), path.join(root, 'innocent.txt'), 'file');
    await fs.symlink(path.join(root, 'src'), path.join(root, 'src-link'), 'dir');
    // No git repository here, and no global ignore rules of the machine's: the ignore files above decide.
    const env = { ...process.env, HOME: sandbox, XDG_CONFIG_HOME: path.join(sandbox, 'config'), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(sandbox, 'no-gitconfig') };
    const rules = await workspaceIgnore(root, env);
    assert.equal(rules.source, 'ignore files');
    isIgnored = (relative) => rules.ignores(relative);
  });

  after(async () => {
    await fs.rm(sandbox, { recursive: true, force: true });
  });

  const resolve = (requested: string, mustExist?: boolean) => resolveWorkspacePath(root, requested, { isIgnored, mustExist });
  const reasonOf = (result: WorkspacePath) => {
    assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
    return result.ok ? '' : result.reason;
  };

  it('resolves a normal file, normalising ./, doubled and back slashes', async () => {
    for (const requested of ['src/main.py', './src//main.py', 'src\\main.py', '  src/main.py ']) {
      assert.deepEqual(await resolve(requested), { ok: true, absolute: path.join(root, 'src', 'main.py'), relative: 'src/main.py' }, requested);
    }
  });

  it('refuses .. traversal, however it is spelled', async () => {
    for (const requested of ['../outside/secret.txt', 'src/../../outside/secret.txt', '..\\outside\\secret.txt', 'src/../notes.md', '..']) {
      assert.equal(reasonOf(await resolve(requested)), `Refused: '${requested}' is outside the workspace. Use a path relative to the workspace root, such as src/main.py.`);
    }
  });

  it('refuses absolute paths, drives, network shares, URLs and home directories', async () => {
    assert.match(reasonOf(await resolve(path.join(root, 'notes.md'))), /is an absolute path\. Use a path relative to the workspace root/);
    assert.match(reasonOf(await resolve('/etc/passwd')), /is an absolute path/);
    assert.match(reasonOf(await resolve('C:\\Windows\\win.ini')), /absolute path \(a drive or network share\)/);
    assert.match(reasonOf(await resolve('c:notes.md')), /absolute path \(a drive or network share\)/);
    assert.match(reasonOf(await resolve('\\\\server\\share\\x')), /absolute path \(a drive or network share\)/);
    assert.match(reasonOf(await resolve('//server/share/x')), /absolute path \(a drive or network share\)/);
    assert.match(reasonOf(await resolve('file:///etc/passwd')), /contains ':'/);
    assert.match(reasonOf(await resolve('notes.md:stream')), /contains ':'/);
    assert.match(reasonOf(await resolve('~/.ssh/id_rsa')), /home directory/);
  });

  it('refuses NUL bytes and other control characters', async () => {
    assert.match(reasonOf(await resolve('notes.md\0.txt')), /control character/);
    assert.match(reasonOf(await resolve('notes\n.md')), /control character/);
  });

  it('refuses Windows aliases: trailing dots and spaces, 8.3 short names', async () => {
    assert.match(reasonOf(await resolve('.env.')), /ending in '\.'/);
    assert.match(reasonOf(await resolve('ENV~1')), /short name/);
  });

  it('refuses a symbolic link that leads outside, naming the link', async () => {
    assert.equal(reasonOf(await resolve('escape/secret.txt')), "Refused: 'escape/secret.txt' leads outside the workspace through the symbolic link 'escape'. Only files inside the workspace can be read.");
    assert.match(reasonOf(await resolve('secret-link.txt')), /through the symbolic link 'secret-link\.txt'/);
    assert.match(reasonOf(await resolve('escape/new.txt', false)), /through the symbolic link 'escape'/);
  });

  it('follows a symbolic link that stays inside, and returns the real path', async () => {
    assert.deepEqual(await resolve('main-link.py'), { ok: true, absolute: path.join(root, 'src', 'main.py'), relative: 'main-link.py' });
    assert.deepEqual(await resolve('src-link/main.py'), { ok: true, absolute: path.join(root, 'src', 'main.py'), relative: 'src-link/main.py' });
  });

  it('refuses a link inside the workspace that lands on an ignored file', async () => {
    assert.match(reasonOf(await resolve('innocent.txt')), /is ignored by git in this workspace/);
  });

  it('refuses files .gitignore ignores, with a reason the model can act on', async () => {
    assert.equal(
      reasonOf(await resolve('.env')),
      "Refused: '.env' is ignored by git in this workspace (.gitignore, .git/info/exclude or the user's global excludes file; such files often hold secrets or generated output). Ask the user to paste what you need.",
    );
    for (const requested of ['build/out.js', 'build', 'debug.log', 'sub/deep/scratch.tmp', 'sub/local.txt']) {
      assert.match(reasonOf(await resolve(requested)), /is ignored/, requested);
    }
    for (const requested of ['keep.log', 'scratch.tmp', 'sub/deep/local.txt']) {
      assert.equal((await resolve(requested)).ok, true, `${requested}: nested rules apply only below their folder; negations unignore`);
    }
  });

  it('refuses .git even when the caller passes no ignore rules', async () => {
    assert.match(reasonOf(await resolveWorkspacePath(root, '.git/config', {})), /inside \.git/);
    assert.match(reasonOf(await resolveWorkspacePath(root, '.GIT/config', {})), /inside \.git/);
  });

  it('says when a file does not exist, unless the caller allows new files', async () => {
    assert.match(reasonOf(await resolve('src/missing.py')), /does not exist in the workspace\. Use list_workspace_files/);
    assert.deepEqual(await resolve('src/new/file.py', false), { ok: true, absolute: path.join(root, 'src', 'new', 'file.py'), relative: 'src/new/file.py' });
  });

  it('refuses an empty path and the workspace folder itself', async () => {
    assert.match(reasonOf(await resolve('')), /give a path/);
    assert.match(reasonOf(await resolve('./')), /the workspace folder itself/);
  });
});
