import katexPlugin from '@vscode/markdown-it-katex';
import markdownIt, { type Env, type MarkdownIt } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { useCjkSoftBreaks } from './cjkSoftBreaks';
import { highlightCode } from './codeHighlight';
import { slotKatex, startFormulaSlots } from './formulaSlots';
import { KATEX_OPTIONS } from './katexOptions';
import { useStrictMathSyntax } from './mathSyntax';

/**
 * What markdown-it keeps between calls: reference-link definitions (`[1]: https://…`).
 * The streaming view shares one across the completed blocks of a message.
 */
export type MarkdownEnv = Env;

let engine: MarkdownIt | undefined;

function createEngine(): MarkdownIt {
  // html: false — whatever HTML a model writes is shown as text, never parsed.
  const md = markdownIt({ html: false, linkify: true, typographer: false, highlight: highlightCode });
  // The plugin types its `katex` option as the whole module; it only calls renderToString, which
  // here leaves a slot for the formula (formulaSlots.ts).
  md.use(katexPlugin, { ...KATEX_OPTIONS, katex: slotKatex as unknown as NonNullable<Parameters<typeof katexPlugin>[1]>['katex'] });
  useStrictMathSyntax(md);
  // `**注意：**分母…` and `这叫做**“换元法”**` are bold: CommonMark's flanking rules assume spaces
  // between words, which Chinese and Japanese do not write (the CommonMark CJK-friendly amendment).
  md.use(cjkFriendly);
  useCjkSoftBreaks(md);
  renderRemoteImagesAsLinks(md);
  return md;
}

/** `![alt](https://…)` becomes a link: the webview loads no remote content (CSP and privacy). */
function renderRemoteImagesAsLinks(md: MarkdownIt): void {
  const renderImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    if (src.startsWith('data:image/')) return renderImage(tokens, idx, options, env, self);
    const alt = self.renderInlineAsText(token.children ?? [], options, env) || src;
    return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(alt)}</a>`;
  };
}

/**
 * Markdown to HTML with highlighted code and a `<span data-math>` slot per formula. The HTML is
 * NOT yet safe to insert: renderMarkdown sanitises it, then fills the slots.
 */
export function markdownToHtml(markdown: string, env: MarkdownEnv = {}): string {
  engine ??= createEngine();
  startFormulaSlots();
  return engine.render(markdown, env);
}
