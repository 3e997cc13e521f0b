// The texts Tutor shows, in the language the UI suite runs in (#19 §4). The suite runs once in
// English and once in Chinese (test/run.mjs sets TUTOR_UI_LOCALE=zh-cn for the second run), and
// every selector or assertion that names one of Tutor's own texts asks here for it: the manifest's
// titles from package.nls(.zh-cn).json, everything else from l10n/bundle.l10n.zh-cn.json. VS Code's
// own texts (Go to File, Ln/Col, its dialogs) stay English in both runs: the language pack the
// Chinese run installs has no VS Code translations (harness/languagePack.mjs).
//
// In Chinese a text with no translation throws, naming it: a test must never quietly look for the
// English text, find it (Tutor falls back to English too) and pass without proving anything.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../harness/repo.mjs';

export type UiLocale = 'en' | 'zh-cn';

function suiteLocale(): UiLocale {
  const asked = (process.env.TUTOR_UI_LOCALE ?? 'en').toLowerCase();
  if (asked === 'en' || asked === 'zh-cn') return asked;
  throw new Error(`TUTOR_UI_LOCALE=${asked}: the UI suite runs in en or zh-cn`);
}

/** The display language this run of the UI suite starts code-server in. */
export const uiLocale: UiLocale = suiteLocale();

const readJson = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;
const manifestEnglish = readJson('package.nls.json') as Record<string, string>;
const manifestTranslated = uiLocale === 'en' ? manifestEnglish : (readJson(`package.nls.${uiLocale}.json`) as Record<string, string>);
const bundle = uiLocale === 'en' ? {} : readJson(`l10n/bundle.l10n.${uiLocale}.json`);

/** Fills `{0}`, `{1}`… as @vscode/l10n and vscode.l10n.t do; a placeholder with no argument stays. */
function format(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

/**
 * What Tutor shows for the English message `english` (the l10n key, as written in src/ with
 * vscode.l10n.t or @vscode/l10n's t), its placeholders filled with `args`.
 */
export function ui(english: string, ...args: (string | number)[]): string {
  if (uiLocale === 'en') return format(english, args);
  const translated = bundle[english];
  if (typeof translated !== 'string') throw new Error(`l10n/bundle.l10n.${uiLocale}.json has no translation for ${JSON.stringify(english)}`);
  return format(translated, args);
}

/**
 * A pattern for a message whose placeholders the test does not know (a count, say): each `{n}`
 * matches any text. Anchored nowhere, so it finds the message inside a longer one.
 */
export function uiPattern(english: string, flags = ''): RegExp {
  const parts = ui(english).split(/\{\d+\}/).map(escapeRegExp);
  return new RegExp(parts.join('.+?'), flags);
}

/** A manifest string (package.nls.json's `key`) as the workbench shows it in this run's language. */
export function manifestText(key: string): string {
  const text = manifestTranslated[key];
  if (typeof text !== 'string') throw new Error(`package.nls${uiLocale === 'en' ? '' : `.${uiLocale}`}.json has no ${key}`);
  return text;
}

/** A command's title as the palette lists it, "Tutor: Ask Tutor" (category, colon, title). */
export function tutorCommand(titleKey: string): string {
  return `${manifestText('command.category')}: ${manifestText(titleKey)}`;
}

/**
 * The label of the Markdown link to `target` (e.g. "command:tutor.setApiKey") in a manifest text
 * such as a welcome view or a walkthrough step: the button VS Code draws for that link.
 */
export function manifestLink(key: string, target: string): string {
  const text = manifestText(key);
  for (const [, label, href] of text.matchAll(/\[([^\]]+)\]\(([^)\s]+)\)/g)) if (href!.startsWith(target)) return label!;
  throw new Error(`${key} has no link to ${target}: ${text}`);
}

/** A quick pick item's label without its leading codicon ("$(search) Match a glob…" shows as "Match a glob…"). */
export function withoutIcons(label: string): string {
  return label.replace(/\$\([\w-]+\)\s*/g, '');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A CSS attribute selector's quoted value: `[placeholder=${cssString(text)}]`. */
export function cssString(text: string): string {
  return JSON.stringify(text);
}
