import * as assert from 'node:assert/strict';
import { conversationMarkdown, parseConversation, type ConversationText } from '../../../src/extension/editor/conversationMarkdown';

const DATE = new Date('2026-12-05T12:00:00Z');
const TITLE = '解一元一次方程';

// A Chinese conversation as a model writes it: math right against Han characters and full-width
// punctuation, a price, display math, bold, a list, code with Chinese comments and strings, and
// characters outside the BMP (two UTF-16 units each, which the length marker counts).
const CHINESE: ConversationText['messages'] = [
  { role: 'user', text: '解方程 $3x + 11 = 14$，怎么做？' },
  {
    role: 'assistant',
    text: [
      '## 第一步：移项',
      '',
      '解方程 $3x + 11 = 14$，得 $x = 1$。设$f(x)=x^2$则（$a+b$）也行：$x$，$y$。',
      '',
      '$$',
      '\\text{面积} = \\pi r^2',
      '$$',
      '',
      '**注意：**这本书 $5，那本 $10。先付$5，然后求$x$的值。',
      '',
      '- 两边同时减去 $11$：$3x = 3$',
      '- 𠮷野家的$x$和𩸽$y$ 😀',
      '',
      '```python',
      '# 计算圆的面积',
      'print("半径为 $5$ 的圆：", 3.14 * 5 ** 2)',
      '```',
      '',
      '引用：“导数是变化率”【4:0†微积分笔记.md】。',
    ].join('\n'),
  },
];

describe('conversation Markdown: Chinese text and math (export and import)', () => {
  it('writes the Chinese title and every text unchanged: delimiters, full-width punctuation, no escaped $', () => {
    const md = conversationMarkdown(TITLE, CHINESE, DATE);
    assert.equal(md.split('\n')[0], `# ${TITLE}`);
    for (const m of CHINESE) assert.ok(md.includes(`\n\n${m.text}\n`), `text kept verbatim:\n${m.text}`);
    assert.ok(!md.includes('\\$'), 'no escaped dollar');
    assert.ok(!/&#?\w+;/.test(md), 'no HTML entities');
    assert.ok(md.includes(`<!-- tutor:message role="assistant" length="${CHINESE[1]!.text.length}" -->`));
  });

  it('is UTF-8 as exportMarkdown writes it (TextEncoder): no BOM, no replacement characters, decodes to the same text', () => {
    const md = conversationMarkdown(TITLE, CHINESE, DATE);
    const bytes = new TextEncoder().encode(md);
    assert.notDeepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'no BOM');
    assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(bytes), md);
    assert.ok(!md.includes('\ufffd'));
    // 解 is E8 A7 A3 and the full-width comma EF BC 8C in UTF-8: the bytes are the characters, not GBK or escapes.
    const hex = Buffer.from(bytes).toString('hex');
    assert.ok(hex.includes('e8a7a3'), '解 as UTF-8');
    assert.ok(hex.includes('24efbc8c'), '$， as UTF-8');
    assert.ok(hex.includes('f0a0aeb7'), '𠮷 (outside the BMP) as one 4-byte sequence, not two escaped surrogates');
  });

  it('reads back exactly what it wrote, and writes the same bytes again', () => {
    const md = conversationMarkdown(TITLE, CHINESE, DATE);
    const back = parseConversation(md);
    assert.deepEqual(back, { title: TITLE, messages: CHINESE });
    assert.equal(conversationMarkdown(back.title, back.messages, DATE), md);
  });

  it('reads a hand-edited Chinese file marker to marker when a length no longer fits', () => {
    const md = conversationMarkdown(TITLE, CHINESE, DATE).replace('怎么做？', '怎么做？请详细说明。');
    assert.deepEqual(parseConversation(md).messages, [{ role: 'user', text: '解方程 $3x + 11 = 14$，怎么做？请详细说明。' }, CHINESE[1]]);
  });
});
