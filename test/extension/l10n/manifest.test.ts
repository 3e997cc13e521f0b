// The manifest's user-visible strings go through VS Code's own localisation: each is a %key% of
// package.nls.json (English), and package.nls.zh-cn.json has every key. A new hard-coded title,
// description or setting text fails here, as does a translation that lost a command link.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
const english = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const chinese = JSON.parse(readFileSync('package.nls.zh-cn.json', 'utf8')) as Record<string, string>;

/** Fields whose text a person reads in VS Code (titles, descriptions, labels, welcome content). */
const SHOWN = /^(displayName|description|markdownDescription|title|name|label|fullName|userDescription|contents|contextualTitle|category|enumDescriptions|markdownEnumDescriptions|altText|deprecationMessage|markdownDeprecationMessage)$/;
/** Where those field names mean something else: ids the model or VS Code reads, not text for people. */
const NOT_SHOWN = [/^contributes\.languageModelTools\.\d+\.(name|inputSchema\..*)$/, /^contributes\.chatParticipants\.\d+\.(name|commands\.\d+\.name)$/, /^contributes\.configuration\.properties\.[^.]+(\.[^.]+)*\.(properties|items)\./, /^name$/];

/** Every [path, text] of a shown field in the manifest. */
function shownStrings(value: unknown, path: string[] = []): [string, string][] {
  if (typeof value === 'string') {
    const field = path.findLast((p) => !/^\d+$/.test(p)) ?? '';
    const where = path.join('.');
    return SHOWN.test(field) && !NOT_SHOWN.some((r) => r.test(where)) ? [[where, value]] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => shownStrings(v, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => shownStrings(v, [...path, k]));
  return [];
}

/** The `(command:…)` and `(https:…)` targets of a text's links: a translation keeps them all. */
const linkTargets = (text: string) => [...text.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]).sort();

describe('manifest localisation (package.nls.json, package.nls.zh-cn.json)', () => {
  const shown = shownStrings({ displayName: manifest.displayName, description: manifest.description, contributes: manifest.contributes });

  it('finds the manifest\'s shown strings (so the check below checks something)', () => {
    assert.ok(shown.length > 50, `only ${shown.length} found`);
    assert.ok(shown.some(([p]) => p === 'contributes.commands.0.title'));
  });

  it('every title, description and setting text is a %key% of package.nls.json', () => {
    const hardCoded = shown.filter(([, text]) => !/^%[^%]+%$/.test(text));
    assert.deepEqual(hardCoded, [], 'write these in package.nls.json and put %key% in package.json');
    const unknown = shown.filter(([, text]) => !(text.slice(1, -1) in english));
    assert.deepEqual(unknown, [], 'keys package.nls.json does not define');
  });

  it('package.nls.zh-cn.json translates every key, keeps every link, and nothing else', () => {
    assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      assert.ok(chinese[key]!.trim(), `${key} is empty in Chinese`);
      assert.deepEqual(linkTargets(chinese[key]!), linkTargets(text), `${key}: the Chinese text must keep the same links`);
      // Names stay as they are; any sentence is translated.
      if (/\s/.test(text) && text !== 'Tutor') assert.notEqual(chinese[key], text, `${key} is not translated`);
      assert.equal((chinese[key]!.match(/`[^`]+`/g) ?? []).sort().join(), (text.match(/`[^`]+`/g) ?? []).sort().join(), `${key}: code spans (setting names, values) stay as written`);
    }
  });
});
