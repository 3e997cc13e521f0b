import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { excludesFileSetting, globalExcludesFile } from '../../../src/extension/functions/gitExcludeFiles';

describe('finding git\'s global excludes file without git', () => {
  it('reads core.excludesFile: case-insensitive key, quotes and comments stripped, the last one wins', () => {
    assert.equal(excludesFileSetting('[core]\n\texcludesFile = "~/my ignore" # mine\n'), '~/my ignore');
    assert.equal(excludesFileSetting('[Core]\nEXCLUDESFILE=/a\n[user]\nname = x\n[core]\n  excludesfile = /b ; later\n'), '/b');
    assert.equal(excludesFileSetting('[core "sub"]\nexcludesFile = /no\n[alias]\nexcludesFile = /no\n'), undefined);
  });

  it('follows GIT_CONFIG_GLOBAL, then the repository config, then falls back to $XDG_CONFIG_HOME/git/ignore', async () => {
    const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'tutor-excludes-')));
    try {
      const env = { HOME: path.join(dir, 'home'), XDG_CONFIG_HOME: path.join(dir, 'xdg'), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(dir, 'global') };
      const repo = path.join(dir, 'repo');
      await fs.mkdir(path.join(repo, '.git'), { recursive: true });
      assert.equal(await globalExcludesFile(repo, env), path.join(dir, 'xdg', 'git', 'ignore'));
      assert.equal(await globalExcludesFile(repo, { ...env, XDG_CONFIG_HOME: '' }), path.join(dir, 'home', '.config', 'git', 'ignore'));
      await fs.writeFile(path.join(dir, 'global'), '[core]\n\texcludesFile = ~/global-ignore\n');
      assert.equal(await globalExcludesFile(repo, env), path.join(dir, 'home', 'global-ignore'));
      await fs.writeFile(path.join(repo, '.git', 'config'), '[core]\n\texcludesFile = /etc/repo-ignore\n');
      assert.equal(await globalExcludesFile(repo, env), '/etc/repo-ignore');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
