// The chat page shows no hard-coded English: every text that reaches a person in src/webview
// (element text, placeholders, titles, alt text, accessible names, button and section labels)
// goes through `t` (src/webview/l10n.ts, VS Code's @vscode/l10n with the host's bundle), and so
// does every text in the page the host writes (src/extension/chat/webviewHtml.ts). A new
// hard-coded string fails here with its file and line.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Property assignments and setAttribute names whose value a person reads or hears. */
const SHOWN_PROPERTIES = new Set(['textContent', 'innerText', 'placeholder', 'title', 'alt', 'label', 'ariaLabel']);
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-roledescription']);
/** Our DOM helpers (src/webview/dom.ts, transcript/entry.ts) and the argument that is shown text. */
const SHOWN_ARGUMENTS: Record<string, number> = { el: 2, button: 1, article: 1, titled: 0, textSection: 0, line: 0, setText: 1, say: 0 };
/** Texts that are not words to translate: symbols, the product's name. */
const NOT_WORDS = /^[\s\d↑↓×✓✗·…:()[\]{}+\-–—/.,]*$|^Tutor$/;

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** A literal's text when the expression is (or contains, in a template or a ?: branch) a literal with words in it. */
function literalTexts(node: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(node)) return literalTexts(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalTexts(node.whenTrue), ...literalTexts(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken) return [...literalTexts(node.left), ...literalTexts(node.right)];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return NOT_WORDS.test(node.text) ? [] : [node.text];
  if (ts.isTemplateExpression(node)) {
    const fixed = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('');
    return NOT_WORDS.test(fixed) ? [] : [fixed];
  }
  return [];
}

/** Where a shown text in `file` is a literal instead of a `t(…)` call: "file:line text". */
export function hardCodedTexts(file: string, source = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node, texts: string[]) => {
    for (const text of texts) found.push(`${path.relative(process.cwd(), file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${JSON.stringify(text)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && SHOWN_PROPERTIES.has(node.left.name.text)) {
      report(node, literalTexts(node.right));
    } else if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : '';
      const [first, second] = node.arguments;
      if (callee === 'setAttribute' && first && ts.isStringLiteral(first) && SHOWN_ATTRIBUTES.has(first.text) && second) report(node, literalTexts(second));
      if (callee === 'append' || callee === 'replaceChildren' || callee === 'prepend') for (const arg of node.arguments) report(arg, literalTexts(arg));
      const shownAt = SHOWN_ARGUMENTS[callee];
      const shown = shownAt === undefined ? undefined : node.arguments[shownAt];
      if (shown) report(node, literalTexts(shown));
    } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && SHOWN_PROPERTIES.has(node.name.text)) {
      report(node, literalTexts(node.initializer));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Texts a person reads in the page's HTML template that are not `${h(t(…))}`: attribute values and element text. */
export function hardCodedHtml(template: string): string[] {
  const attributes = [...template.matchAll(/\s(aria-label|title|placeholder|label|alt)="([^"$][^"]*)"/g)].map((m) => `${m[1]}="${m[2]}"`);
  const texts = [...template.matchAll(/>([^<>$`]*[A-Za-z][^<>$`]*)</g)].map((m) => m[1]!.trim()).filter((text) => !NOT_WORDS.test(text));
  return [...attributes, ...texts];
}

describe('hard-coded UI strings in the chat page', () => {
  const files = sources('src/webview');

  it('every text src/webview shows goes through t()', () => {
    const found = files.flatMap((file) => hardCodedTexts(file));
    assert.deepEqual(found, [], `hard-coded UI text (wrap it in t() from src/webview/l10n.ts and translate it in l10n/bundle.l10n.zh-cn.json):\n${found.join('\n')}`);
  });

  it('the page the host writes has no hard-coded text', () => {
    const source = readFileSync('src/extension/chat/webviewHtml.ts', 'utf8');
    const template = source.slice(source.indexOf('<!DOCTYPE html>'), source.indexOf('</html>'));
    assert.ok(template.includes('<textarea'), 'the chat page template was not found');
    // <title> is the product's name, not a sentence; the rest is translated.
    const found = hardCodedHtml(template).filter((text) => text !== 'Tutor');
    assert.deepEqual(found, [], 'hard-coded text in renderChatHtml() (use ${h(t(...))})');
  });

  it('the page\'s stylesheets write no words (CSS cannot translate: `content: attr(data-…)` set by the script)', () => {
    const found = readdirSync('media')
      .filter((name) => name.endsWith('.css'))
      .flatMap((name) => [...readFileSync(path.join('media', name), 'utf8').matchAll(/content:\s*(['"])([^'"]*)\1/g)].map((m) => ({ name, text: m[2]! })))
      .filter(({ text }) => /\p{L}{2,}/u.test(text))
      .map(({ name, text }) => `media/${name}: content "${text}"`);
    assert.deepEqual(found, []);
  });

  it('catches what it is meant to catch', () => {
    const bad = [
      "el.textContent = 'Hello there';",
      "b.setAttribute('aria-label', `Open ${name} now`);",
      "button('x', 'Save all', () => 0);",
      "node.append(flag ? 'Yes please' : t('No'));",
      "const items = [{ label: 'Approve it' }];",
    ].join('\n');
    assert.equal(hardCodedTexts('bad.ts', bad).length, 5);
    const good = "el.textContent = t('Hello there'); b.setAttribute('aria-label', t('Open {0} now', name)); button('x', '×', f); el.className = 'big words here';";
    assert.deepEqual(hardCodedTexts('good.ts', good), []);
    assert.deepEqual(hardCodedHtml('<button title="Send it">Send</button><b aria-label="${h(t(\'x\'))}">${h(t(\'Stop\'))}</b>'), ['title="Send it"', 'Send']);
  });
});
