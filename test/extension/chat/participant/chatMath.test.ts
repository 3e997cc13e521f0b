import * as assert from 'node:assert/strict';
import katexPlugin from '@vscode/markdown-it-katex';
import katex from 'katex';
import markdownIt from 'markdown-it';
import { ChatMathNormaliser, normaliseChatMath } from '../../../../src/extension/chat/participant/chatMath';
import { CORPUS } from './chatMathCorpus';

/** Feeds the chunks one push at a time; returns each push's output and end's. */
function streamed(chunks: string[]): { pushes: string[]; last: string } {
  const n = new ChatMathNormaliser();
  const pushes = chunks.map((c) => n.push(c));
  return { pushes, last: n.end() };
}

function joined(chunks: string[]): string {
  const { pushes, last } = streamed(chunks);
  return pushes.join('') + last;
}

/** A seeded generator (mulberry32), so a failing split can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomChunks(text: string, next: () => number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = 1 + Math.floor(next() * 7);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

/** The text without what the normaliser may add, drop or move: whitespace, quote markers starting a line, delimiter characters. */
const substance = (s: string): string => s.replace(/^[ \t>]*/gm, '').replace(/[\s\\()[\]$]/g, '');

/** The formulas VS Code's Chat view would find: its parser, markdown-it with @vscode/markdown-it-katex. */
function formulas(markdown: string): { tex: string; display: boolean }[] {
  const md = markdownIt({ html: false }).use(katexPlugin);
  const found: { tex: string; display: boolean }[] = [];
  const visit = (tokens: ReturnType<typeof md.parse>): void => {
    for (const t of tokens) {
      if (t.type === 'math_inline' || t.type === 'math_block') found.push({ tex: t.content, display: t.type === 'math_block' });
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(markdown, {}));
  return found;
}

describe('chat math normaliser', () => {
  it('has a corpus of at least 25 answers', () => {
    assert.ok(CORPUS.length >= 25, `${CORPUS.length}`);
  });

  describe('the corpus gives its expected output', () => {
    for (const c of CORPUS) {
      it(c.name, () => assert.equal(normaliseChatMath(c.input), c.expected));
    }
  });

  describe('the expected outputs render in VS Code: each formula found and parsed by KaTeX', () => {
    for (const c of CORPUS) {
      it(c.name, () => {
        const found = formulas(c.expected);
        assert.equal(found.length, c.formulas, JSON.stringify(found));
        for (const f of found) {
          assert.doesNotThrow(() => katex.renderToString(f.tex, { displayMode: f.display, throwOnError: true }), `${f.display ? 'display' : 'inline'}: ${f.tex}`);
        }
      });
    }
  });

  describe('streaming gives the one-shot output', () => {
    for (const c of CORPUS) {
      it(c.name, () => {
        const whole = normaliseChatMath(c.input);
        for (let at = 0; at <= c.input.length; at++) {
          assert.equal(joined([c.input.slice(0, at), c.input.slice(at)]), whole, `split at ${at}`);
        }
        for (let seed = 1; seed <= 40; seed++) {
          const chunks = randomChunks(c.input, random(seed));
          assert.equal(joined(chunks), whole, `seed ${seed}: ${JSON.stringify(chunks)}`);
        }
      });
    }
  });

  it('loses no text: only whitespace and delimiters differ', () => {
    for (const c of CORPUS) assert.equal(substance(normaliseChatMath(c.input)), substance(c.input), c.name);
  });

  it('never emits text that a later chunk would change', () => {
    // Whatever comes next, what push already gave must begin the final output.
    const continuations = ['', '\\)', '\\]', '\n\n', '$', '5$', '\\end{align}', '\\end{cases}', '`', '```\n', '(x\\)', ' \\[y\\]', '.\n'];
    for (const c of CORPUS) {
      for (let at = 0; at <= c.input.length; at++) {
        const head = c.input.slice(0, at);
        const emitted = new ChatMathNormaliser().push(head);
        for (const tail of continuations) {
          const final = normaliseChatMath(head + tail);
          assert.ok(final.startsWith(emitted), `${c.name}, at ${at} + ${JSON.stringify(tail)}: pushed ${JSON.stringify(emitted)}, final ${JSON.stringify(final)}`);
        }
      }
    }
  });

  describe('holds back only what may still change', () => {
    it('a backslash at the end of a chunk waits; the paren in the next chunk makes it a delimiter', () => {
      const { pushes, last } = streamed(['So \\', '(x\\) works']);
      assert.deepEqual([...pushes, last], ['So', ' $x$ works', '']);
    });

    it('an open \\[ waits for its close, and end() gives it back as written if it never comes', () => {
      const n = new ChatMathNormaliser();
      assert.equal(n.push('Text.\n\\[ x = '), 'Text.\n');
      assert.equal(n.push('1'), '');
      assert.equal(n.end(), '\\[ x = 1');
    });

    it('a blank line gives up on an open \\( without waiting for the end', () => {
      const n = new ChatMathNormaliser();
      assert.equal(n.push('a \\(b\n\nc'), 'a \\(b\n\nc');
    });

    it('code inside a fence streams as it comes; a line that may close the fence waits', () => {
      const n = new ChatMathNormaliser();
      assert.equal(n.push('```py\nx = "\\(" + "$5'), '```py\nx = "\\(" + "$5');
      assert.equal(n.push('"\n``'), '"\n');
      assert.equal(n.push('`\n\\(y\\)'), '```\n$y$');
    });

    it('plain text passes at once', () => {
      assert.equal(new ChatMathNormaliser().push('Plain text, no math.'), 'Plain text, no math.');
    });
  });

  describe('rules', () => {
    it('trims the inside of inline math, and leaves an empty \\(\\) alone', () => {
      assert.equal(normaliseChatMath('\\(  x + 1 \\) and \\(\\)'), '$x + 1$ and \\(\\)');
    });

    it('a $ before a digit is math only when its line closes it (Pandoc\'s rule)', () => {
      assert.equal(normaliseChatMath('$5 and $10'), '\\$5 and \\$10');
      assert.equal(normaliseChatMath('$20,000 and $30,000'), '\\$20,000 and \\$30,000');
      assert.equal(normaliseChatMath('$3x = 9$ and $2^{10}$.'), '$3x = 9$ and $2^{10}$.');
      assert.equal(normaliseChatMath('$5 \nand 6$'), '\\$5 \nand 6\\$');
      assert.equal(normaliseChatMath('$ x$'), '\\$ x\\$');
    });

    it('a display block starting a line after text gets a blank line, and text after it another', () => {
      assert.equal(normaliseChatMath('Text\n\\[x\\] more'), 'Text\n\n$$\nx\n$$\n\nmore');
    });

    it('a nested environment of the same name closes at the outer end', () => {
      assert.equal(normaliseChatMath('\\begin{array}{c}\\begin{array}{c}1\\end{array}\\end{array} ok'),
        '$$\n\\begin{array}{c}\\begin{array}{c}1\\end{array}\\end{array}\n$$\n\nok');
    });

    it('CRLF line endings still find fences', () => {
      assert.equal(normaliseChatMath('```\r\n\\(x\\)\r\n```\r\n\\(y\\)'), '```\r\n\\(x\\)\r\n```\r\n$y$');
    });
  });
});
