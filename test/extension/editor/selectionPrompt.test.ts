import * as assert from 'node:assert/strict';
import { formatSelection } from '../../../src/extension/editor/selectionPrompt';

describe('formatSelection', () => {
  it('names the file, language and 1-based line range, fenced by language', () => {
    assert.equal(
      formatSelection({ file: 'src/a.py', languageId: 'python', startLine: 3, endLine: 5, text: 'x = 1\ny = 2' }),
      'From `src/a.py`, lines 3–5 (python):\n\n```python\nx = 1\ny = 2\n```',
    );
    assert.match(formatSelection({ file: 'a.tex', languageId: 'latex', startLine: 7, endLine: 7, text: '$x$' }), /line 7 \(latex\)/);
  });

  it('uses a fence longer than any backtick run inside, so the selection cannot escape it', () => {
    const text = 'Use ```js\nalert(1)\n``` and ````';
    const out = formatSelection({ file: 'n.md', languageId: 'markdown', startLine: 1, endLine: 3, text });
    assert.ok(out.includes('`````markdown\n'), out);
    assert.ok(out.endsWith('\n`````'));
  });
});
