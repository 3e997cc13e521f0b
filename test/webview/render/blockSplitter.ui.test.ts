// BlockSplitter is plain TypeScript, so this suite runs in Node; it lives here because the
// renderer's tests run in the `test:ui` stage (every *.ui.test.ts).
import * as assert from 'node:assert/strict';
import { BlockSplitter } from '../../../src/webview/render/blockSplitter';

/** The blocks of `text`, fed in one piece and character by character (both must agree). */
function blocks(text: string): string[] {
  const whole = new BlockSplitter();
  whole.push(text);
  const streamed = new BlockSplitter();
  for (const ch of text) streamed.push(ch);
  const result = [...whole.completed, whole.open];
  assert.deepEqual([...streamed.completed, streamed.open], result, 'streamed and one-shot blocks differ');
  assert.equal(whole.text, text);
  return result;
}

describe('renderer: BlockSplitter (block boundaries of a streaming message)', () => {
  it('splits at a blank line before a line in column 0', () => {
    assert.deepEqual(blocks('One.\n\nTwo.\n\n\nThree.'), ['One.\n\n', 'Two.\n\n\n', 'Three.']);
  });

  it('keeps lists and tables whole across single newlines', () => {
    assert.deepEqual(blocks('- a\n- b\n- c\n\n| x | y |\n|---|---|\n| 1 | 2 |'), ['- a\n- b\n- c\n\n', '| x | y |\n|---|---|\n| 1 | 2 |']);
  });

  it('keeps an indented continuation (a list item’s second paragraph) in the block', () => {
    assert.deepEqual(blocks('1. one\n\n   still one\n\n2. two'), ['1. one\n\n   still one\n\n', '2. two']);
  });

  it('does not split inside ``` or ~~~ fences of any length, and only the right fence closes', () => {
    assert.deepEqual(blocks('````md\n```\n\ninner\n```\n\n````\n\nafter'), ['````md\n```\n\ninner\n```\n\n````\n\n', 'after']);
    assert.deepEqual(blocks('~~~\na\n\n```\nb\n~~~\n\nafter'), ['~~~\na\n\n```\nb\n~~~\n\n', 'after']);
  });

  it('does not split inside $$ … $$ or \\[ … \\] display math', () => {
    assert.deepEqual(blocks('$$\na\n\nb\n$$\n\nafter'), ['$$\na\n\nb\n$$\n\n', 'after']);
    assert.deepEqual(blocks('\\[\na\n\n\\\\]\n\nb\n\\]\n\nafter'), ['\\[\na\n\n\\\\]\n\nb\n\\]\n\n', 'after']);
  });

  it('ends a block after a heading, a closing fence or closing display math at the top level', () => {
    assert.deepEqual(blocks('# Title\nText'), ['# Title\n', 'Text']);
    assert.deepEqual(blocks('```\nx\n```\nText'), ['```\nx\n```\n', 'Text']);
    assert.deepEqual(blocks('$$\nx\n$$\nText'), ['$$\nx\n$$\n', 'Text']);
    assert.deepEqual(blocks('- item\n  ```\n  x\n  ```\n  more'), ['- item\n  ```\n  x\n  ```\n  more'], 'not inside a list item');
  });

  it('decides at the first character of the next line, before its newline arrives', () => {
    const s = new BlockSplitter();
    s.push('One.\n\n');
    assert.deepEqual(s.completed, []);
    s.push('T');
    assert.deepEqual(s.completed, ['One.\n\n']);
    assert.equal(s.open, 'T');
  });

  it('gives up on a $$ that never closes after 100 lines', () => {
    const text = `$$\n${'x\n\n'.repeat(60)}tail`;
    assert.ok(blocks(text).length > 1);
  });

  it('pushes in time linear in the text: a delta only touches the open block, which stays small', () => {
    // A push scans the open block (from its first unscanned line); completed blocks are never
    // looked at again. So bounding the open block over a long message bounds each push's work.
    const s = new BlockSplitter();
    const piece = 'Some text with $x$ and more.\n\n- a\n- b\n\n```\ncode\n```\n\n';
    let pushed = 0;
    let widest = 0;
    for (let i = 0; i < 20_000; i++) {
      const delta = piece.slice(i % 7, (i % 7) + 5) + piece;
      s.push(delta);
      pushed += delta.length;
      widest = Math.max(widest, s.open.length);
    }
    assert.ok(widest <= 2 * piece.length, `the open block grew to ${widest} characters`);
    assert.equal(s.text.length, pushed);
    assert.ok(s.completed.length > 50_000);
  });
});
