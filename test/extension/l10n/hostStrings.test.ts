// Every text the extension host shows goes through VS Code's localisation (`vscode.l10n.t`, or
// `t` from @vscode/l10n in modules that must not load `vscode`), and l10n/bundle.l10n.zh-cn.json
// translates each of those messages. Fails, naming file:line and the text, on
//  (a) a literal with words in it that reaches a UI sink without t(): a notification and its
//      buttons, a quick pick's items and title, an input box, a dialog's labels, a progress title
//      or message, the status bar, a tree item, Markdown shown in chat or a tool confirmation, the
//      Chat view's stream, and a ProviderError's message (the chat shows the provider's words);
//      a plain `new Error(...)` is not a sink: those reach logs or the model, and a host error a
//      person sees is shown through one of the sinks above;
//  (b) a t() whose message is not a plain literal (the bundle could not be checked);
//  (c) a message the bundle lacks, a bundle key no code uses, or a translation that lost or
//      gained a {0}-style placeholder.
// Text for the model (tool results, instructions) and for developers (logs) stays English.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Methods whose every argument a person reads (options objects: their shown fields). */
const SHOWN_CALLS = new Set([
  'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showQuickPick', 'showInputBox', 'showOpenDialog',
  'showSaveDialog', 'withProgress', 'setStatusBarMessage', 'createStatusBarItem',
  // ChatResponseStream (the Chat view) and Progress.report.
  'markdown', 'progress', 'button', 'warning', 'report',
]);
/** Classes whose constructor arguments are shown (by class name; the message argument of ProviderError). */
const SHOWN_NEW: Record<string, number | 'all'> = { TreeItem: 'all', MarkdownString: 'all', ChatResponseMarkdownPart: 'all', ProviderError: 1 };
/** Fields of an object that reaches a sink (or of any object, for the unambiguous ones) that a person reads. */
const SHOWN_FIELDS = new Set(['label', 'description', 'detail', 'title', 'placeHolder', 'placeholder', 'prompt', 'tooltip', 'message', 'text', 'openLabel', 'invocationMessage', 'confirmationMessages', 'validateInput', 'items']);
const SHOWN_ANYWHERE = new Set(['tooltip', 'placeHolder', 'placeholder', 'openLabel', 'invocationMessage', 'confirmationMessages', 'justification', 'validationMessage']);
/** Assignments `x.title = …` to a quick pick, input box, status bar item or tree item. */
const SHOWN_ASSIGNED = new Set(['title', 'placeholder', 'prompt', 'tooltip', 'validationMessage', 'items']);
const SHOWN_ASSIGNED_TO_ITEMS = new Set(['text', 'label', 'description', 'detail']);
const ITEM_LIKE = /item|status|bar|pick|^qp$|input|box/i;
/** Texts that are not words to translate: symbols, numbers, codicons, the product's name. */
const NOT_WORDS = (text: string) => !/\p{L}{2,}/u.test(text.replace(/\$\([\w-]+\)/g, '').replace(/\{\w+\}/g, '')) || text.trim() === 'Tutor';

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** `vscode.l10n.t(…)`, `l10n.t(…)` or `t(…)` (from @vscode/l10n, or a translator passed in). */
function isTranslateCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /(^|\.)l10n$/.test(callee.expression.getText());
}

/** A t() call's message when it is a plain literal (or `{ message: '…' }`), else undefined. */
function messageOf(call: ts.CallExpression): string | undefined {
  const [first] = call.arguments;
  if (!first) return undefined;
  if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) return first.text;
  if (ts.isObjectLiteralExpression(first)) {
    const message = first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'message');
    if (message && (ts.isStringLiteral(message.initializer) || ts.isNoSubstitutionTemplateLiteral(message.initializer))) return message.initializer.text;
  }
  return undefined;
}

interface Finding { where: string; text: string }

/** What one file's code does with shown text: hard-coded texts at sinks, t() messages, and t() calls without a literal. */
export function scan(file: string, source = readFileSync(file, 'utf8')): { hardCoded: Finding[]; messages: Finding[]; unchecked: Finding[] } {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const where = (node: ts.Node) => `${path.relative(process.cwd(), file) || file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const hardCoded: Finding[] = [];
  const messages: Finding[] = [];
  const unchecked: Finding[] = [];

  // Names declared once in the file (const, let, parameter, destructured): followed to what they hold.
  const declared = new Map<string, ts.Node | null>();
  const declare = (name: ts.BindingName, value: ts.Node | undefined) => {
    if (!ts.isIdentifier(name)) return;
    declared.set(name.text, declared.has(name.text) ? null : (value ?? null));
  };
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) declare(node.name, node.initializer);
    else if (ts.isFunctionDeclaration(node) && node.name) declare(node.name, node);
    else if (ts.isParameter(node) || ts.isBindingElement(node)) declare(node.name, undefined);
    ts.forEachChild(node, collect);
  };
  collect(sf);

  /** The literals with words that `node` shows when it reaches a sink. */
  const shownLiterals = (node: ts.Node | undefined, seen = new Set<ts.Node>()): ts.Node[] => {
    if (!node || seen.has(node)) return [];
    seen.add(node);
    const inner = (n: ts.Node | undefined) => shownLiterals(n, seen);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return NOT_WORDS(node.text) ? [] : [node];
    if (ts.isTemplateExpression(node)) {
      // The fixed parts between substitutions; a bare lowercase word there is syntax (a fence's language), not prose.
      const fixed = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      const words = fixed.some((part, i) => !NOT_WORDS(part) && !(i > 0 && /^\s*[a-z]+\s*$/.test(part)));
      return [...(words ? [node] : []), ...node.templateSpans.flatMap((s) => inner(s.expression))];
    }
    if (isTranslateCall(node)) return [];
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSpreadElement(node) || ts.isSpreadAssignment(node) || ts.isAwaitExpression(node)) return inner(node.expression);
    if (ts.isConditionalExpression(node)) return [...inner(node.whenTrue), ...inner(node.whenFalse)];
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(node.operatorToken.kind)) return [...inner(node.left), ...inner(node.right)];
    if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap(inner);
    if (ts.isObjectLiteralExpression(node)) {
      return node.properties.flatMap((p) => {
        if (ts.isSpreadAssignment(p)) return inner(p.expression);
        const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '';
        if (!SHOWN_FIELDS.has(name)) return [];
        return ts.isPropertyAssignment(p) ? inner(p.initializer) : ts.isShorthandPropertyAssignment(p) ? inner(p.name) : ts.isMethodDeclaration(p) ? inner(p.body) : [];
      });
    }
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) return inner(node.body);
    if (ts.isBlock(node)) {
      const returns: ts.Node[] = [];
      const find = (n: ts.Node): void => {
        if (ts.isReturnStatement(n)) returns.push(n);
        else if (!ts.isFunctionLike(n)) ts.forEachChild(n, find);
      };
      find(node);
      return returns.flatMap((r) => inner((r as ts.ReturnStatement).expression));
    }
    if (ts.isCallExpression(node)) {
      // items.map((x) => ({ label: … })): what the callback returns; a function of this file: what
      // it returns; any other call (another module's) is not judged.
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && ['map', 'flatMap', 'filter', 'concat', 'slice', 'sort', 'reverse', 'find'].includes(callee.name.text)) return [...inner(callee.expression), ...node.arguments.flatMap(inner)];
      if (ts.isIdentifier(callee)) return inner(declared.get(callee.text) ?? undefined);
      return [];
    }
    if (ts.isNewExpression(node)) return shownByNew(node, inner);
    if (ts.isIdentifier(node)) return inner(declared.get(node.text) ?? undefined);
    return [];
  };

  const shownByNew = (node: ts.NewExpression, inner: (n: ts.Node | undefined) => ts.Node[]): ts.Node[] => {
    const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : node.expression.getText();
    const shown = SHOWN_NEW[name];
    if (shown === undefined) return [];
    return shown === 'all' ? (node.arguments ?? []).flatMap(inner) : inner(node.arguments?.[shown]);
  };

  const report = (texts: ts.Node[]) => {
    for (const t of texts) hardCoded.push({ where: where(t), text: t.getText() });
  };

  const visit = (node: ts.Node): void => {
    if (isTranslateCall(node)) {
      const message = messageOf(node);
      if (message === undefined) unchecked.push({ where: where(node), text: node.getText().slice(0, 80) });
      else messages.push({ where: where(node), text: message });
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SHOWN_CALLS.has(node.expression.name.text)) {
      report(node.arguments.flatMap((a) => shownLiterals(a)));
    } else if (ts.isNewExpression(node)) {
      report(shownByNew(node, (n) => shownLiterals(n)));
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const field = node.left.name.text;
      if (SHOWN_ASSIGNED.has(field) || (SHOWN_ASSIGNED_TO_ITEMS.has(field) && ITEM_LIKE.test(node.left.expression.getText()))) report(shownLiterals(node.right));
    } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && SHOWN_ANYWHERE.has(node.name.text)) {
      report(shownLiterals(node.initializer));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // A literal can reach two sinks (a constant used twice): name it once.
  const unique = [...new Map(hardCoded.map((f) => [`${f.where} ${f.text}`, f])).values()];
  return { hardCoded: unique, messages, unchecked };
}

/** The `{0}` / `{name}` placeholders of a message, sorted. */
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
const show = (findings: Finding[]) => findings.map((f) => `${f.where} ${f.text}`).join('\n');

describe('extension host strings (vscode.l10n.t and l10n/bundle.l10n.zh-cn.json)', () => {
  const host = sources('src/extension').map((file) => scan(file));
  // The bundle also serves the webview and the shared code: their t() messages count as used.
  const everywhere = [...host, ...sources('src/webview').map((file) => scan(file)), ...sources('src/common').map((file) => scan(file))];
  const bundle = JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')) as Record<string, string>;

  it('finds the host\'s translated messages (so the checks below check something)', () => {
    const messages = host.flatMap((s) => s.messages);
    assert.ok(messages.length > 100, `only ${messages.length} t() messages found`);
    assert.ok(messages.some((m) => m.text === 'Tutor: API key removed.'));
  });

  it('no text a person reads in the host is hard-coded', () => {
    const found = host.flatMap((s) => s.hardCoded);
    assert.deepEqual(show(found), '', 'wrap these in vscode.l10n.t(...) and translate them in l10n/bundle.l10n.zh-cn.json');
  });

  it('every t() message is a plain literal (so the bundle can be checked)', () => {
    assert.deepEqual(show(everywhere.flatMap((s) => s.unchecked)), '', 'pass the English message itself as t()\'s first argument, values as {0} arguments');
  });

  it('the Chinese bundle translates every message, keeps its placeholders, and has no key no code uses', () => {
    const used = everywhere.flatMap((s) => s.messages);
    const missing = used.filter((m) => !(m.text in bundle) || !bundle[m.text]!.trim());
    assert.deepEqual(show(missing), '', 'messages l10n/bundle.l10n.zh-cn.json lacks');
    const usedTexts = new Set(used.map((m) => m.text));
    assert.deepEqual(Object.keys(bundle).filter((key) => !usedTexts.has(key)), [], 'bundle keys no code uses');
    const changed = Object.entries(bundle).filter(([key, text]) => placeholders(key).join() !== placeholders(text).join());
    assert.deepEqual(changed, [], 'translations that lost or gained a placeholder');
  });

  it('catches what it is meant to catch', () => {
    const bad = [
      "vscode.window.showInformationMessage('Hello there');",
      "const yes = 'Yes please'; void vscode.window.showWarningMessage(vscode.l10n.t('Sure?'), yes);",
      "qp.placeholder = flag ? 'Pick one' : vscode.l10n.t('None');",
      "vscode.window.showQuickPick(xs.map((x) => ({ label: x, description: 'last used' })));",
      "function why() { return 'Because it failed'; }  vscode.window.showErrorMessage(why());",
      "throw new ProviderError('auth', `No key for ${name}.`);",
      "stream.markdown(`Thinking about ${topic}…`);",
      'return { invocationMessage: "Running it" };',
    ].join('\n');
    assert.deepEqual(scan('bad.ts', bad).hardCoded.map((f) => f.where), ['bad.ts:1', 'bad.ts:2', 'bad.ts:3', 'bad.ts:4', 'bad.ts:5', 'bad.ts:6', 'bad.ts:7', 'bad.ts:8']);
    const good = [
      "vscode.window.showInformationMessage(vscode.l10n.t('Hello there'));",
      "vscode.window.showErrorMessage(vscode.l10n.t('Tutor: {0}', problem));",
      "stream.markdown(`${vscode.l10n.t('Run it?')}\\n\\n${fence}python\\n${code}\\n${fence}`);",
      "log.info('Runtime ready');  throw new Error('not an object');  qp.title = 'Tutor';  item.label = '$(check) ✓';",
    ].join('\n');
    assert.deepEqual(scan('good.ts', good).hardCoded, []);
    const dynamic = scan('dynamic.ts', 'vscode.l10n.t(message); t(`Hi ${name}`); l10n.t({ message: "Ok", comment: "a button" });');
    assert.deepEqual(dynamic.unchecked.length, 2);
    assert.deepEqual(dynamic.messages.map((m) => m.text), ['Ok']);
  });
});
