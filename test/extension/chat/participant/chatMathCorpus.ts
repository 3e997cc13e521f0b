/**
 * Answers as models write them, each with the output chatMath.ts must give, written by hand.
 * `formulas` is how many formulas VS Code's parser (markdown-it + @vscode/markdown-it-katex)
 * must find in the output: it proves the layout is read as math, and prices are not.
 *
 * Texts are raw (backslashes as the model wrote them); \` stands for a backtick.
 */
const md = (s: TemplateStringsArray): string => s.raw.join('').replace(/\\`/g, '`');

export interface CorpusCase { name: string; input: string; expected: string; formulas: number }

export const CORPUS: CorpusCase[] = [
  {
    name: 'GPT-4o: inline and display on their own lines',
    input: md`To solve \( x^2 - 5x + 6 = 0 \), factor it:

\[
(x - 2)(x - 3) = 0
\]

So \( x = 2 \) or \( x = 3 \).`,
    expected: md`To solve $x^2 - 5x + 6 = 0$, factor it:

$$
(x - 2)(x - 3) = 0
$$

So $x = 2$ or $x = 3$.`,
    formulas: 4,
  },
  {
    name: 'GPT-4o: display in the middle of a sentence',
    input: md`The derivative is \[ f'(x) = 3x^2 \] which is positive for \(x \neq 0\).`,
    expected: md`The derivative is

$$
f'(x) = 3x^2
$$

which is positive for $x \neq 0$.`,
    formulas: 2,
  },
  {
    name: 'GPT-4o: numbered steps with display math inside the items',
    input: md`1. **Write the integral:**
   \[
   \int_0^1 x^2 \, dx
   \]
2. **Apply the power rule:** \( \int x^n \, dx = \frac{x^{n+1}}{n+1} + C \).
3. **Evaluate:**
   \[ \left[ \frac{x^3}{3} \right]_0^1 = \frac{1}{3}. \]`,
    expected: md`1. **Write the integral:**

   $$
   \int_0^1 x^2 \, dx
   $$

2. **Apply the power rule:** $\int x^n \, dx = \frac{x^{n+1}}{n+1} + C$.
3. **Evaluate:**

   $$
   \left[ \frac{x^3}{3} \right]_0^1 = \frac{1}{3}.
   $$`,
    formulas: 3,
  },
  {
    name: 'Llama: bare align* between paragraphs',
    input: md`We can simplify step by step:

\begin{align*}
(a+b)^2 &= a^2 + 2ab + b^2 \\
&= 1 + 2 + 1 \\
&= 4
\end{align*}

Therefore the answer is 4.`,
    expected: md`We can simplify step by step:

$$
\begin{align*}
(a+b)^2 &= a^2 + 2ab + b^2 \\
&= 1 + 2 + 1 \\
&= 4
\end{align*}
$$

Therefore the answer is 4.`,
    formulas: 1,
  },
  {
    name: 'Qwen: bare cases in the middle of a sentence',
    input: md`The function is defined as f(x) = \begin{cases} x^2 & x \geq 0 \\ -x & x < 0 \end{cases} for all real x.`,
    expected: md`The function is defined as f(x) =

$$
\begin{cases} x^2 & x \geq 0 \\ -x & x < 0 \end{cases}
$$

for all real x.`,
    formulas: 1,
  },
  {
    name: 'Mistral: bare equation right after a line of text',
    input: md`The energy is given by
\begin{equation}
E = mc^2
\end{equation}
where \(m\) is the mass.`,
    expected: md`The energy is given by

$$
\begin{equation}
E = mc^2
\end{equation}
$$

where $m$ is the mass.`,
    formulas: 2,
  },
  {
    name: 'Python block with \\( and $ in a regex and strings',
    input: md`Use a raw string for the regex:

\`\`\`python
import re
pattern = re.compile(r"\(\d+\)")
price = "$5"
print(pattern.findall("f(1) costs $10 \[x\]"))
\`\`\`

The pattern \`\(\d+\)\` matches digits in parentheses.`,
    expected: md`Use a raw string for the regex:

\`\`\`python
import re
pattern = re.compile(r"\(\d+\)")
price = "$5"
print(pattern.findall("f(1) costs $10 \[x\]"))
\`\`\`

The pattern \`\(\d+\)\` matches digits in parentheses.`,
    formulas: 0,
  },
  {
    name: 'JavaScript block with a dollar regex and a price in inline code',
    input: md`In JavaScript:

\`\`\`js
const re = /\$(\d+)\.(\d{2})/;
const total = prices.reduce((a, b) => a + b, 0);
console.log('Total: $' + total.toFixed(2), "\\(");
\`\`\`

Each match gives dollars and cents, e.g. \`re.exec("$12.50")\`.`,
    expected: md`In JavaScript:

\`\`\`js
const re = /\$(\d+)\.(\d{2})/;
const total = prices.reduce((a, b) => a + b, 0);
console.log('Total: $' + total.toFixed(2), "\\(");
\`\`\`

Each match gives dollars and cents, e.g. \`re.exec("$12.50")\`.`,
    formulas: 0,
  },
  {
    name: 'delimiters shown in inline code stay, the real one converts',
    input: md`In LaTeX, write \`\(x^2\)\` for inline math and \`\`\[x^2\]\`\` for display; here it renders as \(x^2\).`,
    expected: md`In LaTeX, write \`\(x^2\)\` for inline math and \`\`\[x^2\]\`\` for display; here it renders as $x^2$.`,
    formulas: 1,
  },
  {
    name: 'prices',
    input: md`The book costs $5 and the pen costs $10, so together they cost $15.`,
    expected: md`The book costs \$5 and the pen costs \$10, so together they cost \$15.`,
    formulas: 0,
  },
  {
    name: 'prices beside converted math',
    input: md`If a ticket costs $12 and you buy \(n\) tickets, the total is \(12n\) dollars; for \(n = 3\) that is $36.`,
    expected: md`If a ticket costs \$12 and you buy $n$ tickets, the total is $12n$ dollars; for $n = 3$ that is \$36.`,
    formulas: 3,
  },
  {
    name: 'a price range and a yearly price',
    input: md`Expect to pay $5-$10 per month, or $100/year.`,
    expected: md`Expect to pay \$5-\$10 per month, or \$100/year.`,
    formulas: 0,
  },
  {
    name: 'math already in dollars, one starting with a digit',
    input: md`By Euler, $e^{i\pi} + 1 = 0$. In display form:

$$
\int_0^\infty e^{-x^2} dx = \frac{\sqrt{\pi}}{2}
$$

And $2^{10} = 1024$.`,
    expected: md`By Euler, $e^{i\pi} + 1 = 0$. In display form:

$$
\int_0^\infty e^{-x^2} dx = \frac{\sqrt{\pi}}{2}
$$

And $2^{10} = 1024$.`,
    formulas: 3,
  },
  {
    name: 'environments already inside dollars are not wrapped again',
    input: md`$$
\begin{aligned}
x &= 1 \\
y &= 2
\end{aligned}
$$

and $f(x)=\begin{cases}1 & x>0\\0 & x\le 0\end{cases}$ too.`,
    expected: md`$$
\begin{aligned}
x &= 1 \\
y &= 2
\end{aligned}
$$

and $f(x)=\begin{cases}1 & x>0\\0 & x\le 0\end{cases}$ too.`,
    formulas: 2,
  },
  {
    name: 'cases nested inside \\[ \\], punctuation after the close',
    input: md`The piecewise function is
\[
f(x) = \begin{cases}
x^2, & x \ge 0, \\
-x, & x < 0
\end{cases}
\].
It is continuous.`,
    expected: md`The piecewise function is

$$
f(x) = \begin{cases}
x^2, & x \ge 0, \\
-x, & x < 0
\end{cases}.
$$

It is continuous.`,
    formulas: 1,
  },
  {
    name: 'a \\[ that never closes stays as written',
    input: md`The sum is \[ \sum_{k=1}^n k = \frac{n(n+1)}{2}

I will continue with \(n = 10\).`,
    expected: md`The sum is \[ \sum_{k=1}^n k = \frac{n(n+1)}{2}

I will continue with $n = 10$.`,
    formulas: 1,
  },
  {
    name: 'an unclosed \\( at the very end',
    input: md`Let \(x = 1`,
    expected: md`Let \(x = 1`,
    formulas: 0,
  },
  {
    name: 'a LaTeX line break before a paren is no delimiter',
    input: md`\[
\begin{aligned}
g(x) &= x + 1 \\(x + 1)^2 &= x^2 + 2x + 1
\end{aligned}
\]
A break is \\(a) in text.`,
    expected: md`$$
\begin{aligned}
g(x) &= x + 1 \\(x + 1)^2 &= x^2 + 2x + 1
\end{aligned}
$$

A break is \\(a) in text.`,
    formulas: 1,
  },
  {
    name: 'indented fences in a list (backticks and tildes)',
    input: md`1. Install the package:
   \`\`\`bash
   pip install sympy  # costs $0
   \`\`\`
2. Then solve \(x^2 = 2\):
   ~~~python
   from sympy import solve, symbols
   x = symbols("x")
   print(solve(x**2 - 2, x))  # \(\pm\sqrt{2}\)
   ~~~`,
    expected: md`1. Install the package:
   \`\`\`bash
   pip install sympy  # costs $0
   \`\`\`
2. Then solve $x^2 = 2$:
   ~~~python
   from sympy import solve, symbols
   x = symbols("x")
   print(solve(x**2 - 2, x))  # \(\pm\sqrt{2}\)
   ~~~`,
    formulas: 1,
  },
  {
    name: 'escaped dollars stay',
    input: md`In the shell, use \$HOME; in LaTeX write \$ for a dollar sign, e.g. costs \$5.`,
    expected: md`In the shell, use \$HOME; in LaTeX write \$ for a dollar sign, e.g. costs \$5.`,
    formulas: 0,
  },
  {
    name: 'bare pmatrix in a sentence, bare gather* after a line',
    input: md`The matrix \begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix} is the identity, and
\begin{gather*}
a = b + c \\
d = e
\end{gather*}
holds.`,
    expected: md`The matrix

$$
\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}
$$

is the identity, and

$$
\begin{gather*}
a = b + c \\
d = e
\end{gather*}
$$

holds.`,
    formulas: 2,
  },
  {
    name: 'a quote keeps its markers around the block',
    input: md`> **Note.** The identity \(a^2-b^2=(a-b)(a+b)\) gives
> \[ 99^2 - 1 = 98 \cdot 100 \]
> as shown.`,
    expected: md`> **Note.** The identity $a^2-b^2=(a-b)(a+b)$ gives
>
> $$
> 99^2 - 1 = 98 \cdot 100
> $$
>
> as shown.`,
    formulas: 2,
  },
  {
    name: 'bullets with inline math',
    input: md`- Mean: \(\mu = \frac{1}{n}\sum x_i\)
- Variance: \(\sigma^2 = \frac{1}{n}\sum (x_i - \mu)^2\)
- Standard deviation: \( \sigma = \sqrt{\sigma^2} \)`,
    expected: md`- Mean: $\mu = \frac{1}{n}\sum x_i$
- Variance: $\sigma^2 = \frac{1}{n}\sum (x_i - \mu)^2$
- Standard deviation: $\sigma = \sqrt{\sigma^2}$`,
    formulas: 3,
  },
  {
    name: 'display math right after a list marker',
    input: md`- \[ a^2 + b^2 = c^2 \]
- and \(c\) is the hypotenuse.`,
    expected: md`- $$
  a^2 + b^2 = c^2
  $$

- and $c$ is the hypotenuse.`,
    formulas: 2,
  },
  {
    name: 'one-line $$ and a LaTeX line break in prose',
    input: md`Inline display $$x^2$$ in text, a line break \\ then \(y\).`,
    expected: md`Inline display $$x^2$$ in text, a line break \\ then $y$.`,
    formulas: 2,
  },
  {
    name: 'GPT-4o: a whole answer with headings',
    input: md`### Step 1: Set up

We need \(\frac{d}{dx}\left(x^3 \sin x\right)\).

### Step 2: Product rule

\[
\frac{d}{dx}[uv] = u'v + uv'
\]

With \(u = x^3\) and \(v = \sin x\):
\[
\frac{d}{dx}\left(x^3 \sin x\right) = 3x^2 \sin x + x^3 \cos x
\]

**Answer:** \( 3x^2 \sin x + x^3 \cos x \)`,
    expected: md`### Step 1: Set up

We need $\frac{d}{dx}\left(x^3 \sin x\right)$.

### Step 2: Product rule

$$
\frac{d}{dx}[uv] = u'v + uv'
$$

With $u = x^3$ and $v = \sin x$:

$$
\frac{d}{dx}\left(x^3 \sin x\right) = 3x^2 \sin x + x^3 \cos x
$$

**Answer:** $3x^2 \sin x + x^3 \cos x$`,
    formulas: 6,
  },
  {
    name: 'fences of bash and plain tildes hold $$, $5 and environments',
    input: md`Run:

\`\`\`bash
echo "PID is $$ and cost is $5"
\`\`\`

~~~
\begin{align} not math in code \end{align}
~~~`,
    expected: md`Run:

\`\`\`bash
echo "PID is $$ and cost is $5"
\`\`\`

~~~
\begin{align} not math in code \end{align}
~~~`,
    formulas: 0,
  },
  {
    name: 'environments that are not math KaTeX renders stay as written',
    input: md`\begin{itemize}
\item first
\end{itemize}
\begin{multline}
a + b \\
+ c
\end{multline}`,
    expected: md`\begin{itemize}
\item first
\end{itemize}
\begin{multline}
a + b \\
+ c
\end{multline}`,
    formulas: 0,
  },
  {
    name: 'stray dollars cannot pair with converted math',
    input: md`Set $PATH to the folder, and the $ sign means \(\alpha\) here.`,
    expected: md`Set \$PATH to the folder, and the \$ sign means $\alpha$ here.`,
    formulas: 1,
  },
  {
    name: 'Qwen: bare align inside a list item, then a code fence',
    input: md`1. Expand:
   \begin{align}
   (x+1)^3 &= x^3 + 3x^2 + 3x + 1
   \end{align}
   \`\`\`python
   print((2+1)**3)  # \(27\)
   \`\`\``,
    expected: md`1. Expand:

   $$
   \begin{align}
   (x+1)^3 &= x^3 + 3x^2 + 3x + 1
   \end{align}
   $$

   \`\`\`python
   print((2+1)**3)  # \(27\)
   \`\`\``,
    formulas: 1,
  },
];
