// Chinese answers the renderer must get right (issue #19 §2), checked in Chromium by
// cjk.ui.test.ts: math inside CJK text with no spaces, full-width punctuation right against `$`,
// money that must stay text, emphasis, headings, lists and code with Chinese in them.

export interface CjkCase {
  name: string;
  markdown: string;
  /**
   * What a reader meets, in order, outside code blocks: text with whitespace runs collapsed to one
   * space, each inline formula as ⟦its TeX⟧ and each display formula as ⟦⟦its TeX⟧⟧ (the TeX is
   * KaTeX's MathML annotation, so it is the formula KaTeX actually typeset).
   */
  reads: string;
  /** Elements that must be present (e.g. 'h2', 'ul > li', 'strong'). */
  has?: string[];
}

export const cjkCorpus: CjkCase[] = [
  // Math inside Chinese sentences
  { name: 'spaces around $, full-width comma and full stop after the closer', markdown: '解方程 $3x + 11 = 14$，得 $x = 1$。', reads: '解方程 ⟦3x + 11 = 14⟧，得 ⟦x = 1⟧。' },
  { name: 'full-width comma and full stop right after a closing $', markdown: '$x$，$y$。', reads: '⟦x⟧，⟦y⟧。' },
  { name: 'full-width parentheses around math', markdown: '（$a+b$）', reads: '（⟦a+b⟧）' },
  { name: 'no spaces between Han characters and $', markdown: '设$f(x)=x^2$则', reads: '设⟦f(x)=x^2⟧则' },
  { name: 'formulas between Han characters and full-width punctuation', markdown: '当$x=1$时，$y=2$；当$x=2$时，$y=4$。', reads: '当⟦x=1⟧时，⟦y=2⟧；当⟦x=2⟧时，⟦y=4⟧。' },
  { name: 'enumeration comma and Chinese quotes', markdown: '变量$x$、$y$和$z$都叫“$t$”。', reads: '变量⟦x⟧、⟦y⟧和⟦z⟧都叫“⟦t⟧”。' },
  { name: 'full-width colon after math, Chinese digits in math', markdown: '两边同时减去$11$：$3x=3$', reads: '两边同时减去⟦11⟧：⟦3x=3⟧' },
  { name: '\\(…\\) next to Han characters', markdown: '设\\(x>0\\)，则\\(\\sqrt{x}\\)有意义。', reads: '设⟦x>0⟧，则⟦\\sqrt{x}⟧有意义。' },
  { name: 'Japanese kana next to $', markdown: 'よって$x=1$です。', reads: 'よって⟦x=1⟧です。' },

  // \text with CJK inside math
  { name: '\\text{面积} inside math', markdown: '圆的面积：$\\text{面积} = \\pi r^2$，其中$r$是半径。', reads: '圆的面积：⟦\\text{面积} = \\pi r^2⟧，其中⟦r⟧是半径。' },
  { name: 'CJK in \\text of a display formula', markdown: '$$\n\\text{速度} = \\frac{\\text{路程}}{\\text{时间}}\n$$', reads: '⟦⟦\\text{速度} = \\frac{\\text{路程}}{\\text{时间}}⟧⟧' },

  { name: 'Han characters in math mode, without \\text', markdown: '速度$v=\\frac{路程}{时间}$。', reads: '速度⟦v=\\frac{路程}{时间}⟧。' },
  { name: 'a full-width ＄ is never a delimiter', markdown: '价格＄5，变量$x$＄。', reads: '价格＄5，变量⟦x⟧＄。' },

  // Display math between Chinese paragraphs
  {
    name: '$$…$$ between Chinese paragraphs',
    markdown: '由勾股定理：\n\n$$\na^2 + b^2 = c^2\n$$\n\n所以斜边最长。',
    reads: '由勾股定理： ⟦⟦a^2 + b^2 = c^2⟧⟧ 所以斜边最长。',
  },
  { name: '$$…$$ right under a Chinese line, full stop after the closer', markdown: '因此\n$$x = 1$$。', reads: '因此 ⟦⟦x = 1⟧⟧ 。' },
  { name: '$$…$$ inside a Chinese sentence', markdown: '所以$$x^2=4$$成立。', reads: '所以⟦⟦x^2=4⟧⟧ 成立。' },
  { name: '\\[…\\] between Chinese paragraphs', markdown: '化简得\n\n\\[\n\\frac{1}{2}\n\\]\n\n证毕。', reads: '化简得 ⟦⟦\\frac{1}{2}⟧⟧ 证毕。' },

  // Money: the rules that keep English prices text keep Chinese ones text
  { name: 'prices with spaces stay text', markdown: '这本书 $5，那本 $10。', reads: '这本书 $5，那本 $10。' },
  { name: 'prices without spaces stay text (closer before a digit)', markdown: '原价是$5，打折后$3。', reads: '原价是$5，打折后$3。' },
  { name: 'a price, then a formula, without spaces', markdown: '先付$5，然后求$x$的值。', reads: '先付$5，然后求⟦x⟧的值。' },
  { name: 'a price, then a formula, with spaces', markdown: '先付 $5，然后求 $x$ 的值。', reads: '先付 $5，然后求 ⟦x⟧ 的值。' },
  { name: 'a price in full-width parentheses', markdown: '总价（$25）已付。', reads: '总价（$25）已付。' },
  { name: 'a price after Han, a formula starting with a digit after that', markdown: '花了$5买书，面积是$2\\pi r$。', reads: '花了$5买书，面积是⟦2\\pi r⟧。' },

  // Emphasis, headings, lists
  { name: 'bold followed by a full-width colon', markdown: '**注意**：$x \\neq 0$。', reads: '注意：⟦x \\neq 0⟧。', has: ['strong'] },
  { name: 'bold ending in full-width punctuation, followed by Han', markdown: '**注意：**分母不能为零。', reads: '注意：分母不能为零。', has: ['strong'] },
  { name: 'bold around a Chinese quote, inside a sentence', markdown: '这叫做**“换元法”**，很常用。', reads: '这叫做“换元法”，很常用。', has: ['strong'] },
  { name: 'italics between Han characters', markdown: '这是*斜体*文字，$a$也行。', reads: '这是斜体文字，⟦a⟧也行。', has: ['em'] },
  {
    name: 'Chinese heading and list with math',
    markdown: '## 第一步：移项\n\n- 两边同时减去 $11$：$3x = 3$\n- 两边同时除以 $3$：$x = 1$\n\n1. 检验：$3 \\cdot 1 + 11 = 14$。',
    reads: '第一步：移项 两边同时减去 ⟦11⟧：⟦3x = 3⟧ 两边同时除以 ⟦3⟧：⟦x = 1⟧ 检验：⟦3 \\cdot 1 + 11 = 14⟧。',
    has: ['h2', 'ul > li + li', 'ol > li'],
  },
  { name: 'math in a Chinese heading', markdown: '### 求$f(x)$的导数', reads: '求⟦f(x)⟧的导数', has: ['h3 .katex'] },
  { name: 'characters outside the BMP next to math', markdown: '𠮷野家的$x$和𩸽$y$。', reads: '𠮷野家的⟦x⟧和𩸽⟦y⟧。' },

  // Line breaks inside a paragraph: Chromium draws a space for one, which Chinese text never has
  { name: 'a line break between Han characters adds no space', markdown: '第一行没有写完\n第二行接着写。', reads: '第一行没有写完第二行接着写。' },
  { name: 'a line break after full-width punctuation and around bold', markdown: '先看定义。\n**注意**\n分母不为零。', reads: '先看定义。注意分母不为零。', has: ['strong'] },
  { name: 'a line break between Latin words stays a space', markdown: 'English line\nnext line, then 中文\nEnglish.', reads: 'English line next line, then 中文 English.' },
  { name: 'a line break between Korean words stays a space', markdown: '한국어\n문장', reads: '한국어 문장' },
  { name: 'a line break next to a formula stays a space', markdown: '所以\n$x=1$\n成立。', reads: '所以 ⟦x=1⟧ 成立。' },

  // Code stays code; the text around it is read as usual
  {
    name: 'Python with Chinese comments and strings',
    markdown: '代码如下：\n\n```python\n# 计算圆的面积\ndef 面积(r):\n    return 3.14 * r ** 2  # 单位：平方米\n\nprint("半径为 $5$ 的圆：", 面积(5))\n```\n\n结果是$78.5$。',
    reads: '代码如下： 结果是⟦78.5⟧。',
    has: ['code.language-python .hljs-comment', 'code.language-python .hljs-string'],
  },
  { name: 'code span with $ and Chinese', markdown: '输入`$x$（行内）`即可。', reads: '输入即可。', has: ['p > code'] },
];

/** The fenced Python above, as the code block must hold it (Copy and Insert copy this). */
export const cjkPython = '# 计算圆的面积\ndef 面积(r):\n    return 3.14 * r ** 2  # 单位：平方米\n\nprint("半径为 $5$ 的圆：", 面积(5))';
