// A long tutor answer, generated deterministically, for the streaming bench and tests: about
// 20,000 characters with ~200 formulas in all four delimiters (5 per ~550-character section), aligned environments, code blocks
// and lists, cut into 3–6 character deltas.

/** A small deterministic PRNG (LCG), so every run streams exactly the same deltas. */
function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

const PROSE = [
  'Before we compute anything, notice what happens to the numerator and the denominator separately as the input grows.',
  'Try this step on paper first; the point is to see why the pattern holds, not only that it does.',
  'If the last line looks surprising, go back one step and check which term changed.',
  'A common mistake here is to cancel terms across a sum, which is not allowed: only common factors cancel.',
];

function section(i: number): string {
  const a = (i % 7) + 2;
  const b = (i % 5) + 3;
  const ratio = ((a * a + b) / (a + 1)).toFixed(3);
  const parts = [
    `### Step ${i + 1}: the case $n = ${a}$\n\n${PROSE[i % PROSE.length]} We substitute \\(n = ${a}\\) into $f(n) = \\frac{n^2 + ${b}}{n + 1}$.`,
    i % 2 === 0
      ? `$$\nf(${a}) = \\frac{${a}^2 + ${b}}{${a} + 1} = \\frac{${a * a + b}}{${a + 1}}\n$$`
      : `\\[\n\\begin{aligned}\nS_{${a}} &= \\sum_{k=1}^{${a}} k = \\frac{${a}(${a}+1)}{2} \\\\\n      &= ${(a * (a + 1)) / 2}\n\\end{aligned}\n\\]`,
    `- the numerator is $${a}^2 + ${b} = ${a * a + b}$, the denominator ${a + 1}\n- so the ratio is about ${ratio} (checking it by hand costs $${a}, a calculator $0)\n- ${PROSE[(i + 1) % PROSE.length]}`,
  ];
  if (i % 3 === 0) parts.push(`\`\`\`python\ndef f(n):\n    return (n ** 2 + ${b}) / (n + 1)\n\nprint(f(${a}))  # ${ratio}\n\`\`\``);
  return parts.join('\n\n');
}

/** The answer text: sections until it reaches about `chars` characters. */
export function longAnswer(chars = 20_000): string {
  let text = '## Working through the series\n\nWe look at $f(n) = \\frac{n^2 + c}{n + 1}$ for several $n$.\n\n';
  for (let i = 0; text.length < chars; i++) text += `${section(i)}\n\n`;
  return text;
}

/** Deterministic deltas of `text`, `min`–`max` characters each (3–6 by default). */
export function deltasOf(text: string, seed = 1, min = 3, max = 6): string[] {
  const next = lcg(seed);
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = min + (next() % (max - min + 1));
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

/** About `count` deltas of a generated answer (4.5 characters per delta on average). */
export function answerDeltas(count: number, seed = 1): string[] {
  return deltasOf(longAnswer(Math.ceil(count * 4.5) + 200), seed).slice(0, count);
}
