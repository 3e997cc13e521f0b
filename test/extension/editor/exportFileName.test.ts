import * as assert from 'node:assert/strict';
import { exportFileName } from '../../../src/extension/editor/exportFileName';

describe('exportFileName (the name an exported conversation is offered under)', () => {
  it('is the title with .md, Chinese and emoji kept', () => {
    assert.equal(exportFileName('Linear equations'), 'Linear equations.md');
    assert.equal(exportFileName('解一元一次方程'), '解一元一次方程.md');
    assert.equal(exportFileName('Solve $3x + 11 = 14$ 🧮'), 'Solve $3x + 11 = 14$ 🧮.md');
  });

  it('drops what a file system refuses, and a shortened title\'s ellipsis', () => {
    assert.equal(exportFileName('Chapter 2: limits / continuity'), 'Chapter 2 limits continuity.md');
    assert.equal(exportFileName('Why is a<b? "really" | *x*\\y'), 'Why is a b really x y.md');
    assert.equal(exportFileName('line\u0000one\ttwo'), 'line one two.md');
    assert.equal(exportFileName('What does the chain rule say about f(g(x)) when g is…'), 'What does the chain rule say about f(g(x)) when g is.md');
    assert.equal(exportFileName('Ends with dots...'), 'Ends with dots.md');
  });

  it('falls back to a name that says what it is when nothing usable is left', () => {
    for (const title of ['', '   ', '///', '..', 'CON', 'nul', 'LPT1']) assert.equal(exportFileName(title), 'Tutor conversation.md', JSON.stringify(title));
  });

  it('numbers later copies', () => {
    assert.equal(exportFileName('Limits', 2), 'Limits 2.md');
    assert.equal(exportFileName('', 3), 'Tutor conversation 3.md');
  });
});
