/**
 * Long, math-heavy conversations for the bench and the UI test of #15: N messages alternating
 * question and answer, like a student's course thread, made from a seed so every run sees the
 * same text. Questions carry inline LaTeX; answers have several paragraphs, inline and display
 * math ($$…$$ and \[…\]), now and then a list or a code block. The chat renders answers only (a
 * question is shown as typed), ~15 formulas each: about 7 KaTeX nodes per message, as in the
 * conversations #15 measured (50 messages: ~31k DOM elements, 368 KaTeX nodes).
 *
 * The first message holds a phrase (`UNIQUE_PHRASE`) that no other message has, for find.
 * `conversationFile` writes the conversation in the format "Tutor: Export Conversation as
 * Markdown" writes (a machine marker before each message), which "Tutor: Import Conversation
 * from Markdown…" reads back; `parseConversationFile` reads an export to compare it.
 *
 * @example
 *   const c = generateConversation({ messages: 1000, label: 'course-c1000' });
 *   writeFileSync('long.md', conversationFile(c));
 */

/** In the first message only: find must take the reader to message 1 of 1,000. */
export const UNIQUE_PHRASE = 'the aardvark lemma';

export interface GeneratedMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface GeneratedConversation {
  title: string;
  messages: GeneratedMessage[];
}

/**
 * The comment export writes before each message's heading (src/extension/editor/conversationMarkdown.ts):
 * its role, and its text's length in UTF-16 code units, which makes export → import → export exact.
 */
export const messageMarker = (m: GeneratedMessage) => `<!-- tutor:message role="${m.role}" length="${m.text.length}" -->`;
const HEADING = { user: '## You', assistant: '## Tutor' } as const;

/** mulberry32: small, fast and the same everywhere, which is all a text generator needs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const TOPICS = ['limits', 'derivatives', 'integrals', 'series', 'eigenvalues', 'probability', 'differential equations', 'vectors'] as const;

/** An inline formula, different each call (its numbers come from the seed). */
function inline(r: Rand): string {
  const a = int(r, 2, 9);
  const b = int(r, 2, 9);
  const n = int(r, 2, 6);
  return pick(r, [
    `$f(x) = ${a}x^{${n}} - ${b}x$`,
    `$\\frac{d}{dx}\\sin(${a}x) = ${a}\\cos(${a}x)$`,
    `$\\lim_{x \\to 0} \\frac{\\sin ${a}x}{x} = ${a}$`,
    `$\\int_0^{${a}} x^{${n}}\\,dx$`,
    `$\\sum_{k=1}^{${a * 10}} k^{${n}}$`,
    `$\\det(A - \\lambda I) = 0$`,
    `$P(X = ${b}) = \\binom{${a + b}}{${b}} p^{${b}} (1-p)^{${a}}$`,
    `$y' + ${a}y = ${b}e^{x}$`,
    `$\\|\\vec v\\| = \\sqrt{${a}^2 + ${b}^2}$`,
    `$e^{i\\pi} + 1 = 0$`,
    `$x_{${n}} = x_{${n - 1}} - \\frac{f(x_{${n - 1}})}{f'(x_{${n - 1}})}$`,
    `$\\sqrt[${n}]{${a * b}}$`,
  ]);
}

/** A display formula, as $$…$$ or \[…\] (students and models write both). */
function display(r: Rand): string {
  const a = int(r, 2, 9);
  const n = int(r, 2, 5);
  const body = pick(r, [
    `\\int_0^{${a}} x^{${n}}\\,dx = \\left[\\frac{x^{${n + 1}}}{${n + 1}}\\right]_0^{${a}} = \\frac{${a}^{${n + 1}}}{${n + 1}}`,
    `\\sum_{k=0}^{\\infty} \\frac{x^k}{k!} = e^x, \\qquad |x| < \\infty`,
    `\\begin{pmatrix} ${a} & 1 \\\\ 0 & ${n} \\end{pmatrix} \\begin{pmatrix} x \\\\ y \\end{pmatrix} = \\lambda \\begin{pmatrix} x \\\\ y \\end{pmatrix}`,
    `\\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h} = f'(x)`,
    `\\mathbb{E}[X] = \\sum_{k=0}^{${a}} k \\binom{${a}}{k} p^k (1-p)^{${a}-k} = ${a}p`,
    `y(x) = C e^{-${a}x} + \\frac{${n}}{${a + 1}} e^{x}`,
  ]);
  return r() < 0.5 ? `$$\n${body}\n$$` : `\\[\n${body}\n\\]`;
}

const WORDS = ['notice', 'that', 'the', 'term', 'grows', 'slower', 'than', 'each', 'step', 'we', 'can', 'rewrite', 'both', 'sides', 'so', 'this', 'is', 'where', 'most', 'students', 'get', 'stuck', 'check', 'what', 'happens', 'when', 'value', 'becomes', 'large', 'small'];

function sentence(r: Rand, formulas: number): string {
  const parts: string[] = [];
  for (let i = 0; i < formulas + 1; i++) {
    parts.push(Array.from({ length: int(r, 4, 9) }, () => pick(r, WORDS)).join(' '));
    if (i < formulas) parts.push(inline(r));
  }
  const s = parts.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function question(r: Rand, index: number, opening: string): string {
  const topic = pick(r, TOPICS);
  const lead = index === 0 ? `${opening} I read about ${UNIQUE_PHRASE} in my notes on ${topic}. ` : '';
  return `${lead}Question ${index / 2 + 1} on ${topic}: why is ${inline(r)} true, and how does it relate to ${inline(r)}? ${sentence(r, 1)}`;
}

function answer(r: Rand, index: number): string {
  const blocks: string[] = [`Good question about step ${(index + 1) / 2}. ${sentence(r, 2)} ${sentence(r, 2)}`];
  blocks.push(display(r));
  blocks.push(`${sentence(r, 2)} ${sentence(r, 1)}`);
  const extra = r();
  if (extra < 0.25) {
    blocks.push(`- ${sentence(r, 1)}\n- ${sentence(r, 0)}\n- ${sentence(r, 1)}`);
  } else if (extra < 0.4) {
    const a = int(r, 2, 9);
    blocks.push(`\`\`\`python\nfrom sympy import symbols, integrate\nx = symbols('x')\nprint(integrate(x**${a}, (x, 0, ${a})))\n\`\`\``);
  } else {
    blocks.push(display(r));
  }
  blocks.push(`${sentence(r, 2)} ${sentence(r, 1)}`);
  blocks.push(`${sentence(r, 1)} Try it on ${inline(r)} next.`);
  return blocks.join('\n\n');
}

/**
 * `messages` messages (user first, alternating), the same for the same `seed` and `label`.
 * `label` opens the title and the first question, so a conversation can be told from the others
 * by typing it into Switch Conversation, whichever of the two the import takes its title from.
 */
export function generateConversation({ messages, label, seed = 15 }: { messages: number; label: string; seed?: number }): GeneratedConversation {
  const r = random(seed * 7919 + messages);
  const list: GeneratedMessage[] = [];
  for (let i = 0; i < messages; i++) {
    list.push(i % 2 === 0 ? { role: 'user', text: question(r, i, `(${label})`) } : { role: 'assistant', text: answer(r, i) });
  }
  return { title: `${label}: a course in ${messages} messages`, messages: list };
}

/** The conversation as "Export Conversation as Markdown" writes it: a title, then each message after its marker. */
export function conversationFile(c: GeneratedConversation): string {
  const lines = [`# ${c.title}`, '', '_Exported from Tutor on 2026-01-15._', ''];
  for (const m of c.messages) lines.push(messageMarker(m), HEADING[m.role], '', m.text, '');
  return lines.join('\n');
}

/**
 * The messages of an exported file, read at the markers: each message's text is the `length`
 * characters after its heading and blank line. Written apart from the extension's own reader on
 * purpose: a test that compared the export with the importer's reading of it would prove nothing.
 */
export function parseConversationFile(markdown: string): GeneratedMessage[] {
  const marker = /^<!-- tutor:message role="(user|assistant)" length="(\d+)" -->\n## (?:You|Tutor)\n\n/gm;
  return [...markdown.matchAll(marker)].map((m) => {
    const from = m.index + m[0].length;
    return { role: m[1] as 'user' | 'assistant', text: markdown.slice(from, from + Number(m[2])) };
  });
}
