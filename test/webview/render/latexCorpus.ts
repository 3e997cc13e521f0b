// Math the renderer must get right, checked in the KaTeX DOM of a real Chromium (latex.ui.test.ts).
// Every case is rendered at once (history) and streamed in 3–6 character deltas.

export interface LatexCase {
  name: string;
  markdown: string;
  /** Expected number of `.katex` elements (each formula, inline or display). */
  katex: number;
  /** Expected number of `.katex-display` elements. */
  display: number;
  /** Text that must be visible outside math and code. */
  shows?: string[];
  /** Text that must not be visible outside math and code. */
  hides?: string[];
  /** Text that must be inside code (spans or blocks). */
  code?: string[];
  /** TeX that must be in the MathML annotations (what screen readers get). */
  tex?: string[];
  /** Unclosed delimiters: TeX source stays visible as text, on purpose. */
  texShownAsText?: boolean;
  /** Elements that must be present (e.g. 'svg' for stretchy accents). */
  has?: string[];
}

export const latexCorpus: LatexCase[] = [
  // Delimiters
  { name: 'inline $…$ fraction', markdown: 'The answer is $\\frac{1}{2}$.', katex: 1, display: 0, shows: ['The answer is', '.'], hides: ['$'], tex: ['\\frac{1}{2}'] },
  { name: 'display $$…$$ on one line', markdown: '$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$', katex: 1, display: 1, hides: ['$$'], tex: ['\\int_0^1 x^2\\,dx = \\frac{1}{3}'] },
  { name: 'display $$ … $$ over lines', markdown: 'Gauss:\n\n$$\n\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}\n$$\n\nNeat.', katex: 1, display: 1, shows: ['Gauss:', 'Neat.'], tex: ['\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}'] },
  { name: 'inline \\(…\\)', markdown: 'Let \\(x^2 + 1\\) be positive.', katex: 1, display: 0, shows: ['Let', 'be positive.'], hides: ['\\(', '\\)', '('], tex: ['x^2 + 1'] },
  { name: 'display \\[…\\] over lines', markdown: '\\[\n\\sqrt{a^2+b^2}\n\\]', katex: 1, display: 1, hides: ['\\[', '\\]'], tex: ['\\sqrt{a^2+b^2}'] },
  { name: 'display \\[…\\] on one line', markdown: '\\[ a^2 + b^2 = c^2 \\]', katex: 1, display: 1, tex: ['a^2 + b^2 = c^2'] },
  { name: 'display \\[…\\] inside a paragraph', markdown: 'So \\[E = mc^2\\] holds.', katex: 1, display: 1, shows: ['So', 'holds.'], tex: ['E = mc^2'] },
  { name: '\\[ block interrupting a paragraph', markdown: 'We get\n\\[\nx = 2\n\\]\nso we are done.', katex: 1, display: 1, shows: ['We get', 'so we are done.'] },
  { name: '$$…$$ inside a paragraph', markdown: 'Thus $$x=1$$ holds.', katex: 1, display: 1, shows: ['Thus', 'holds.'] },
  { name: 'all four delimiters together', markdown: 'Inline $a$ and \\(b\\), then:\n\n$$c$$\n\n\\[d\\]', katex: 4, display: 2, shows: ['Inline', 'and', 'then:'] },
  { name: 'two display blocks on consecutive lines', markdown: '$$a+b$$\n$$c+d$$', katex: 2, display: 2 },
  { name: 'text after the closing $$ on the same line', markdown: '$$\nx = 1\n$$.', katex: 1, display: 1, shows: ['.'] },

  // Currency and escapes
  { name: 'currency $5', markdown: 'It costs $5.', katex: 0, display: 0, shows: ['It costs $5.'] },
  { name: 'currency $10.99', markdown: 'It costs $10.99 today.', katex: 0, display: 0, shows: ['$10.99 today'] },
  { name: 'two prices: costs $5 and $10', markdown: 'It costs $5 and $10 in total.', katex: 0, display: 0, shows: ['costs $5 and $10 in total'] },
  { name: 'three prices with a trailing $', markdown: 'Between $5 and $10, or $20 for both.', katex: 0, display: 0, shows: ['Between $5 and $10, or $20 for both.'] },
  { name: 'price, then a spaced price', markdown: 'It costs $5 (or $ 4.50).', katex: 0, display: 0, shows: ['It costs $5 (or $ 4.50).'] },
  { name: 'spaced prices', markdown: 'Pay $ 5 and get $ 3 back.', katex: 0, display: 0, shows: ['Pay $ 5 and get $ 3 back.'] },
  { name: 'price then a formula', markdown: 'Pay $5 now, then $x$ later.', katex: 1, display: 0, shows: ['Pay $5 now, then', 'later.'], tex: ['x'] },
  { name: 'space after the opening $', markdown: 'From $ 5 to 6 $ only.', katex: 0, display: 0, shows: ['From $ 5 to 6 $ only.'] },
  { name: 'space before the closing $', markdown: 'Say $x $ here.', katex: 0, display: 0, shows: ['Say $x $ here.'] },
  { name: 'closing $ followed by a digit', markdown: 'From $x$5 on.', katex: 0, display: 0, shows: ['From $x$5 on.'] },
  { name: 'dollar after a digit', markdown: 'Costs 5$ and 6$.', katex: 0, display: 0, shows: ['Costs 5$ and 6$.'] },
  { name: 'escaped \\$', markdown: 'Price: \\$5 and \\$x\\$ stays text.', katex: 0, display: 0, shows: ['Price: $5 and $x$ stays text.'], hides: ['\\$'] },
  { name: 'escaped \\$ inside math', markdown: 'Total $\\$5 + x$.', katex: 1, display: 0, tex: ['\\$5 + x'] },
  { name: 'ordinal after math: the $n$th term', markdown: 'the $n$th term', katex: 1, display: 0, shows: ['the', 'th term'] },

  // Environments
  { name: 'aligned in $$', markdown: '$$\n\\begin{aligned}\na &= b + c \\\\\n  &= d\n\\end{aligned}\n$$', katex: 1, display: 1, tex: ['\\begin{aligned}'] },
  { name: 'align* in $$', markdown: '$$\\begin{align*} x &= 1 \\\\ y &= 2 \\end{align*}$$', katex: 1, display: 1 },
  { name: 'align in $…$ switches to display', markdown: '$\\begin{align} a &= b \\end{align}$', katex: 1, display: 1 },
  { name: 'cases (display)', markdown: '$$f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}$$', katex: 1, display: 1, tex: ['\\begin{cases}'] },
  { name: 'cases (inline)', markdown: 'We have $|x| = \\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}$ here.', katex: 1, display: 0 },
  { name: 'pmatrix', markdown: '$$A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$$', katex: 1, display: 1 },
  { name: 'bmatrix inline', markdown: 'Row $\\begin{bmatrix} a & b \\end{bmatrix}$.', katex: 1, display: 0 },
  { name: 'aligned in \\[ with a blank line before the end', markdown: '\\[\n\\begin{aligned}\nx &= 1\n\\end{aligned}\n\n\\]', katex: 1, display: 1 },

  // Structure
  { name: 'math in a bullet list', markdown: '- $a^2$\n- $b^2$\n- \\(c^2\\)', katex: 3, display: 0, has: ['ul > li'] },
  { name: 'display math inside a numbered list', markdown: '1. Start with\n\n   $$x = 1$$\n\n2. Then $y$.', katex: 2, display: 1, has: ['ol > li'] },
  { name: 'math in a table', markdown: "| f | f' |\n|---|---|\n| $x^2$ | $2x$ |\n| $\\sin x$ | $\\cos x$ |", katex: 4, display: 0, has: ['table td'] },
  { name: 'display math in a blockquote', markdown: '> Note:\n> $$a+b$$', katex: 1, display: 1, has: ['blockquote'] },
  { name: 'math in a heading', markdown: '## Solving $x^2=4$', katex: 1, display: 0, has: ['h2 .katex'] },
  { name: 'math after bold', markdown: '**Result:** $x=2$', katex: 1, display: 0, has: ['strong'] },
  { name: 'math as link text', markdown: '[$x$ explained](https://example.com/x)', katex: 1, display: 0, has: ['a .katex'] },
  { name: 'underscores and stars in math are not emphasis', markdown: '$a_1 + b_1 = c_{1}$ and $a*b*c$', katex: 2, display: 0, hides: ['_', '*'] },
  { name: 'punctuation around math', markdown: '($a$, $b$)', katex: 2, display: 0, shows: ['(', ', ', ')'] },

  // Code stays code
  { name: 'code span with dollars', markdown: 'Use `$x$` in LaTeX.', katex: 0, display: 0, code: ['$x$'] },
  { name: 'code span next to math', markdown: '`$a$` renders as $a$', katex: 1, display: 0, code: ['$a$'] },
  { name: 'code span with \\( \\)', markdown: 'Type `\\(x\\)` for inline math.', katex: 0, display: 0, code: ['\\(x\\)'] },
  { name: 'fenced LaTeX stays code', markdown: '```latex\n$\\frac{1}{2}$ and \\[x\\]\n```', katex: 0, display: 0, code: ['$\\frac{1}{2}$ and \\[x\\]'] },
  { name: 'fence with $$ and a blank line', markdown: "```python\nprice = '$5'\n\nmarker = '$$'\n```", katex: 0, display: 0, code: ["price = '$5'", "marker = '$$'"] },
  { name: 'tilde fence with \\[', markdown: '~~~~\n\\[\n\nx\n~~~~', katex: 0, display: 0, code: ['\\['] },

  // KaTeX features
  { name: 'greek and relations', markdown: '$\\alpha + \\beta \\leq \\gamma$', katex: 1, display: 0 },
  { name: 'nested fraction under a root', markdown: '$$\\sqrt{\\frac{a}{b}}$$', katex: 1, display: 1, has: ['.katex svg'] },
  { name: 'sum with limits', markdown: '$\\sum_{i=1}^n i^2$', katex: 1, display: 0 },
  { name: 'integral with \\mathrm', markdown: '$$\\int_a^b f(x)\\,\\mathrm{d}x$$', katex: 1, display: 1 },
  { name: '\\text with spaces', markdown: '$x \\text{ if } y$', katex: 1, display: 0 },
  { name: 'blackboard bold', markdown: '$x \\in \\mathbb{R}$', katex: 1, display: 0 },
  { name: '\\left( \\right)', markdown: '$$\\left( \\frac{a}{b} \\right)^2$$', katex: 1, display: 1 },
  { name: 'stretchy accents (SVG)', markdown: '$\\widehat{ABC} + \\overrightarrow{AB}$', katex: 1, display: 0, has: ['.katex svg path'] },
  { name: 'colour', markdown: '$\\color{red} x$', katex: 1, display: 0 },
  { name: 'escaped braces in \\(…\\)', markdown: '\\(\\{1, 2\\}\\)', katex: 1, display: 0, tex: ['\\{1, 2\\}'] },

  // Unclosed at the end: the source stays text
  { name: 'unclosed $ stays text', markdown: 'The answer is $\\frac{1}{', katex: 0, display: 0, shows: ['The answer is $\\frac{1}{'], texShownAsText: true },
  { name: 'unclosed $$ block stays text', markdown: '$$\n\\frac{a}{b}\n', katex: 0, display: 0, shows: ['$$', '\\frac{a}{b}'], texShownAsText: true },
  { name: 'unclosed \\( stays as typed', markdown: 'Let \\(x + 1', katex: 0, display: 0, shows: ['Let \\(x + 1'], texShownAsText: true },
  { name: 'unclosed \\[ stays as typed', markdown: '\\[\n\\sqrt{2}', katex: 0, display: 0, shows: ['\\[', '\\sqrt{2}'], texShownAsText: true },
];
