// A Chinese (zh-cn) display language for a code-server profile, made at test time.
//
// How code-server 4.139 picks the display language (read from lib/vscode/out/server-main.js):
// the locale is `--locale`, else argv.json's "locale", else a cookie, else Accept-Language. For
// any locale but English it looks the locale up in the profile's user-data/languagepacks.json;
// without an entry there whose translations.vscode file exists, it falls back to English: the
// workbench page gets no messages file, its language (and so the extension host's, and
// `vscode.env.language`) stays "en", and extensions' package.nls.<locale>.json go unused.
// `--locale zh-cn` alone is therefore not enough, and neither is installing a language pack with
// `--install-extension`: languagepacks.json is written only by the running server's install
// hook, which the CLI does not run. So this writes both halves: a minimal language-pack
// extension (a `localizations` contribution whose VS Code translations are empty, so VS Code's
// own UI stays English and only the language changes) and the languagepacks.json entry that
// code-server's own cache would have written for it.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PACK = { publisher: 'tutor-test', name: 'language-pack-zh-cn', version: '0.0.1' };
const LOCALE = 'zh-cn';

/**
 * Installs the zh-cn pack into `dirs` (a profile from makeProfile) before code-server starts.
 * Returns the locale to start code-server with.
 * @param {{ userDataDir: string, extensionsDir: string }} dirs
 */
export function installChineseLanguagePack(dirs) {
  const id = `${PACK.publisher}.${PACK.name}`;
  const folder = path.join(dirs.extensionsDir, `${id}-${PACK.version}`);
  const translations = path.join(folder, 'translations', 'main.i18n.json');
  mkdirSync(path.dirname(translations), { recursive: true });
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({
    name: PACK.name,
    publisher: PACK.publisher,
    version: PACK.version,
    displayName: 'Tutor tests: zh-cn display language',
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{
        languageId: LOCALE,
        languageName: 'Chinese Simplified',
        localizedLanguageName: '中文(简体)',
        translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
      }],
    },
  }, null, 2));
  // No VS Code strings: each message falls back to English (server-main.js takes the translation
  // when there is one, else the English message at the same index).
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  // The entry's shape and hash as code-server's language-pack cache makes them: the hash (an md5
  // of each extension's id and version) names the folder it generates the messages file in.
  const hash = createHash('md5').update(id).update(PACK.version).digest('hex');
  writeFileSync(path.join(dirs.userDataDir, 'languagepacks.json'), JSON.stringify({
    [LOCALE]: {
      hash,
      extensions: [{ extensionIdentifier: { id }, version: PACK.version }],
      translations: { vscode: translations },
      label: '中文(简体)',
    },
  }));
  return LOCALE;
}
