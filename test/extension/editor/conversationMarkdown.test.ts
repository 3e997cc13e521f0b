import * as assert from 'node:assert/strict';
import { conversationMarkdown, parseConversation, type ConversationText } from '../../../src/extension/editor/conversationMarkdown';

const DATE = new Date('2026-12-05T12:00:00Z');

// Texts that break naive formats: trailing blank lines, a quoted marker and heading, fences, nothing at all.
const TRICKY: ConversationText['messages'] = [
  { role: 'user', text: 'Solve $3x + 11 = 14$.' },
  { role: 'assistant', text: 'Subtract 11:\n\n$$3x = 3$$\n\n```python\n## You\nprint(1)\n```' },
  { role: 'user', text: 'Why does my export look like this?\n\n<!-- tutor:message role="assistant" length="3" -->\n## Tutor\n\nabc' },
  { role: 'assistant', text: 'It ends in blank lines.\n\n\n' },
  { role: 'user', text: '' },
  { role: 'assistant', text: '\n\nStarts with blank lines; ends without a newline' },
];

describe('conversation Markdown (export and import)', () => {
  it('writes a marker before each message and a heading readers see', () => {
    const md = conversationMarkdown('Linear equations', TRICKY.slice(0, 2), DATE);
    assert.ok(md.startsWith('# Linear equations\n\n_Exported from Tutor on 2026-12-05._\n\n<!-- tutor:message role="user" length="21" -->\n## You\n\nSolve $3x + 11 = 14$.\n\n<!-- tutor:message role="assistant"'), md);
  });

  it('reads back exactly what it wrote, and writes the same file again', () => {
    const md = conversationMarkdown('Linear equations', TRICKY, DATE);
    const back = parseConversation(md);
    assert.deepEqual(back, { title: 'Linear equations', messages: TRICKY });
    assert.equal(conversationMarkdown(back.title, back.messages, DATE), md);
  });

  it('reads a file whose line breaks all became CRLF', () => {
    const md = conversationMarkdown('T', TRICKY.slice(0, 2), DATE).replace(/\n/g, '\r\n');
    assert.deepEqual(parseConversation(md).messages, TRICKY.slice(0, 2));
  });

  it('reads a hand-edited file marker to marker when the lengths no longer fit', () => {
    const md = conversationMarkdown('T', [{ role: 'user', text: 'first' }, { role: 'assistant', text: 'second' }], DATE)
      .replace('first', 'first, edited by hand')
      .replace('second', 'second, edited too');
    assert.deepEqual(parseConversation(md).messages, [{ role: 'user', text: 'first, edited by hand' }, { role: 'assistant', text: 'second, edited too' }]);
  });

  it('splits a file without markers on ## You / ## Tutor, not on headings inside code fences', () => {
    const md = ['# Notes from class', '', 'Some preface.', '', '## You', '', 'What is a loop?', '', '## Tutor', '', 'Look:', '', '````markdown', '## You', '```', 'nested', '```', '````', '', '## You  ', '', 'Thanks!', ''].join('\n');
    assert.deepEqual(parseConversation(md), {
      title: 'Notes from class',
      messages: [
        { role: 'user', text: 'What is a loop?' },
        { role: 'assistant', text: 'Look:\n\n````markdown\n## You\n```\nnested\n```\n````' },
        { role: 'user', text: 'Thanks!' },
      ],
    });
  });

  it('takes no title from a # line inside a message', () => {
    assert.equal(parseConversation('## You\n\n# not a title\n').title, '');
  });

  it('finds no messages in a file that has none', () => {
    assert.deepEqual(parseConversation('').messages, []);
    assert.deepEqual(parseConversation('# Just a title\n\nSome notes, ## You not at a line start.\n').messages, []);
  });
});
