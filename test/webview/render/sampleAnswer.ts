// A tutor answer with everything the renderer meets: headings, lists, a table, inline and display
// math in all four delimiters, an aligned environment and a code block.
export const sampleAnswer = String.raw`## Solving $x^2 - 5x + 6 = 0$

Let's factor instead of using the formula. We want two numbers whose product is $6$ and whose sum is $5$:

1. Try \(2\) and \(3\): $2 \cdot 3 = 6$ and $2 + 3 = 5$.
2. So the equation becomes
   $$(x - 2)(x - 3) = 0$$
3. A product is zero when one factor is zero, so $x = 2$ or $x = 3$.

Check with the quadratic formula:

\[
x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a} = \frac{5 \pm \sqrt{25 - 24}}{2}
\]

$$
\begin{aligned}
x_1 &= \frac{5 + 1}{2} = 3 \\
x_2 &= \frac{5 - 1}{2} = 2
\end{aligned}
$$

| $x$ | $x^2 - 5x + 6$ |
|:---:|---:|
| $2$ | $0$ |
| $3$ | $0$ |
| $4$ | $2$ |

Here is the same check in Python (it costs $0 to run):

` + '```python\n' + String.raw`def roots(a, b, c):
    d = (b * b - 4 * a * c) ** 0.5
    return ((-b + d) / (2 * a), (-b - d) / (2 * a))

print(roots(1, -5, 6))  # (3.0, 2.0)
` + '```\n' + String.raw`
- **Tip:** the sum of the roots is $-\tfrac{b}{a}$ and their product is $\tfrac{c}{a}$.
- Use ` + '`$...$`' + ` for inline math when you write your own answer.
`;
