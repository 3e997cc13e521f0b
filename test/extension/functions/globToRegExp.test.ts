import * as assert from 'node:assert/strict';
import { globToRegExp } from '../../../src/extension/functions/globToRegExp';

describe('globToRegExp (list_workspace_files globs)', () => {
  const matches = (glob: string, file: string) => globToRegExp(glob, false).test(file);

  it('** spans folders (none included), * and ? stay inside one name', () => {
    assert.ok(matches('**/*.py', 'a.py') && matches('**/*.py', 'x/y/a.py'));
    assert.ok(!matches('**/*.py', 'a.pyc') && !matches('**/*.py', 'a.py/x'));
    assert.ok(matches('src/**', 'src/a/b.ts') && !matches('src/**', 'lib/src/a.ts'));
    assert.ok(matches('*.md', 'notes.md') && !matches('*.md', 'docs/notes.md'));
    assert.ok(matches('?.py', 'a.py') && !matches('?.py', 'ab.py') && !matches('a?b', 'a/b'));
    assert.ok(matches('**', '.env') && matches('**/*', 'deep/.hidden'));
  });

  it('braces choose, classes match one character but never a separator', () => {
    assert.ok(matches('*.{md,tex}', 'a.tex') && matches('*.{md,tex}', 'a.md') && !matches('*.{md,tex}', 'a.py'));
    assert.ok(matches('[ab].py', 'b.py') && !matches('[ab].py', 'c.py'));
    assert.ok(matches('[!a].py', 'c.py') && !matches('[!a].py', 'a.py') && !matches('x[!a]y', 'x/y'));
  });

  it('takes regular-expression characters and unbalanced braces literally', () => {
    assert.ok(matches('a+b(1).txt', 'a+b(1).txt') && !matches('a.txt', 'abtxt'));
    assert.ok(matches('{a', '{a') && matches('a}', 'a}') && matches('[x', '[x'));
  });

  it('ignores case only when asked (macOS and Windows)', () => {
    assert.ok(globToRegExp('*.MD', true).test('a.md'));
    assert.ok(!globToRegExp('*.MD', false).test('a.md'));
  });
});
