import * as assert from 'node:assert/strict';
import { GitignoreFilter, isAlwaysExcluded } from '../../../src/extension/functions/gitignore';

describe('GitignoreFilter', () => {
  const files: Record<string, string> = {
    '': 'build/\n*.log\n',
    notes: 'drafts/\nsecret.md\n!keep.log\n',
    'notes/drafts': '!revived.md\n',
  };
  const filter = () => new GitignoreFilter(async (dir) => files[dir]);

  it('applies the root .gitignore to the whole tree', async () => {
    const f = filter();
    assert.equal(await f.ignores('build/out.md'), true);
    assert.equal(await f.ignores('src/build/x.txt'), true);
    assert.equal(await f.ignores('debug.log'), true);
    assert.equal(await f.ignores('README.md'), false);
  });

  it('applies a nested .gitignore relative to its folder, and lets it override the root', async () => {
    const f = filter();
    assert.equal(await f.ignores('notes/secret.md'), true);
    assert.equal(await f.ignores('secret.md'), false);
    assert.equal(await f.ignores('notes/keep.log'), false);
    assert.equal(await f.ignores('notes/other.log'), true);
  });

  it('never enters an ignored folder, so a .gitignore inside it cannot bring files back', async () => {
    assert.equal(await filter().ignores('notes/drafts/revived.md'), true);
  });

  it('always leaves out node_modules and .git', () => {
    assert.equal(isAlwaysExcluded('a/node_modules/x/index.js'), true);
    assert.equal(isAlwaysExcluded('.git/config'), true);
    assert.equal(isAlwaysExcluded('src/modules/x.ts'), false);
  });
});
