// The API key through the extension's real flow, in the real product (packaged VSIX in
// code-server, Chromium): "Tutor: Set API Key" stores a canary key; a question goes to the
// scripted model, which answers 401 with the key it was sent in the message; the conversation is
// exported. Then every artifact is searched for the canary: code-server's whole profile
// (settings.json, logs/** with the extension host's and Tutor's logs, globalStorage with Tutor's
// SQLite database, workspaceStorage, backups, code-server's stdout/stderr), test-results/**, the
// exported Markdown, the chat webview's DOM, and the browser's localStorage and IndexedDB (where
// code-server keeps VS Code's own global and workspace state).
//
// Where the key does live: code-server's SecretStorage is the browser's localStorage entry
// `secrets.provider`, sealed with AES-256-GCM under a key that is the XOR of a random client half
// (stored with the ciphertext) and a server half in <user-data-dir>/serve-web-key-half (served
// by code-server's POST /mint-key). So the canary is not in plain text even there; desktop VS
// Code keeps it in the OS keychain instead.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { canaryKey, echoing401, grepTree, sentKey } from '../reliability/secretArtifacts';
import { tutorCommand, ui } from './uiText';
import { chatFrame, openWorkbench, resultsDir, resultsFile, runFromPalette, screenshot, TUTOR_ICON, type Workbench } from './workbench';

/**
 * Runs in the page: every localStorage entry and every IndexedDB record, as text. No named inner
 * functions: the test runner's transpiler would wrap them in a helper the page does not have.
 */
const browserStorage = async (): Promise<{ local: Record<string, string>; indexedDb: string[] }> => {
  const local: Record<string, string> = {};
  for (let i = 0; i < localStorage.length; i++) local[localStorage.key(i)!] = localStorage.getItem(localStorage.key(i)!) ?? '';
  const indexedDb: string[] = [];
  for (const info of await indexedDB.databases()) {
    const request = indexedDB.open(info.name!);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.addEventListener('success', () => resolve(request.result));
      request.addEventListener('error', () => reject(request.error));
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const all = db.transaction(store, 'readonly').objectStore(store).getAll();
      const values = await new Promise<unknown[]>((resolve) => {
        all.addEventListener('success', () => resolve(all.result));
        all.addEventListener('error', () => resolve([]));
      });
      for (const v of values) {
        indexedDb.push(`${info.name}/${store}: ${v instanceof Uint8Array || v instanceof ArrayBuffer ? new TextDecoder().decode(v) : JSON.stringify(v)}`);
      }
    }
    db.close();
  }
  return { local, indexedDb };
};

/** The artifacts of a code-server profile the key must not be in, by path (relative to the profile). */
const ARTIFACTS: Array<[string, RegExp]> = [
  ['settings.json', /^user-data\/User\/settings\.json$/],
  ['logs/**', /^user-data\/logs\/.+\.log$/],
  ['the extension host log', /^user-data\/logs\/.*exthost.*\.log$/],
  ["Tutor's log", /^user-data\/logs\/.*Tutor.*\.log$/i],
  // VS Code's own global and workspace state live in the browser's IndexedDB under code-server
  // (searched above); the server keeps extensions' globalStorage.
  ['globalStorage', /^user-data\/User\/globalStorage\/.+/],
  ["Tutor's SQLite database", /^user-data\/User\/globalStorage\/tutor-dev\.tutor\/.*sqlite/],
  ['workspaceStorage', /^user-data\/User\/workspaceStorage\/.+/],
  ['Backups (the unsaved export)', /^user-data\/User\/Backups\/.+/],
  ["code-server.log (the harness's capture of its stdout/stderr)", /^code-server\.log$/],
  ["code-server's own stdout/stderr logs", /^xdg-data\/code-server\/coder-logs\/.+\.log$/],
];

describe('secrets in the product: the API key is nowhere but the encrypted SecretStorage (code-server + Chromium, packaged VSIX)', function () {
  this.timeout(300_000);
  const key = canaryKey();
  let wb: Workbench;
  let fake: FakeModel;
  const checklist: Array<[string, boolean]> = [];
  const check = (label: string, ok: boolean, detail = '') => {
    checklist.push([label, ok]);
    assert.ok(ok, `${label} ${detail}`);
  };

  before(async () => {
    fake = await startFakeModel({ defaultTurn: echoing401 });
    // The key must come from the Set API Key flow, not from an inherited environment.
    delete process.env.OPENAI_API_KEY;
    wb = await openWorkbench({ 'tutor.provider': 'openai', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
    console.log('\n    secrets checklist (code-server)');
    for (const [label, ok] of checklist) console.log(`    [${ok ? 'x' : ' '}] ${label}`);
    console.log('    SecretStorage in code-server: localStorage "secrets.provider" (AES-256-GCM; server key half in <user-data-dir>/serve-web-key-half)\n');
  });

  it('Set API Key stores the key, a 401 that echoes it shows an error without it, and the export has none', async () => {
    const { page } = wb;
    await page.locator(TUTOR_ICON).waitFor({ timeout: 60_000 });
    await runFromPalette(page, tutorCommand('command.setApiKey.title'));
    // The palette's own box gives way to the key's: a password box (the key is never shown).
    const input = page.locator('.quick-input-widget input[type="password"]');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.quick-input-widget', { hasText: ui('Stored in VS Code Secret Storage only — never in settings or logs. Leave empty to remove the stored key.') }).waitFor();
    await input.fill(key);
    await input.press('Enter');
    await page.locator('.notifications-toasts', { hasText: ui('Tutor: API key saved in Secret Storage.') }).waitFor({ timeout: 30_000 });

    await page.locator(TUTOR_ICON).click();
    const frame = chatFrame(page);
    const box = frame.getByRole('textbox', { name: ui('Your question') });
    await box.waitFor({ timeout: 30_000 });
    await box.fill('What is 2 + 2?');
    await box.press('Enter');
    const notice = frame.locator('.entry.notice').last();
    await notice.waitFor({ timeout: 60_000 });
    // The run is over (no Stop button), so nothing more comes into the chat after this.
    await frame.getByRole('button', { name: ui('Stop the answer') }).waitFor({ state: 'hidden', timeout: 30_000 });
    const chat = fake.requests.filter((r) => r.path.endsWith('/chat/completions'));
    check('the key went to the provider as the bearer token', chat.length > 0 && sentKey(chat.at(-1)!) === key);
    const noticeText = await notice.innerText();
    const authAdvice = ui('The model provider did not accept the API key: it is missing, wrong or expired. Set a valid key with Tutor: Set API Key, or choose a local provider (Ollama, LM Studio) that needs none.');
    check('the chat shows the auth error and what to do', noticeText.includes(authAdvice), `${noticeText}\nexpected: ${authAdvice}`);
    check('the error notice does not contain the key', !noticeText.includes(key), noticeText);
    check('the chat webview DOM does not contain the key', !(await frame.locator('html').innerHTML()).includes(key));
    await screenshot(page, 'ui-secrets-auth-error');

    await runFromPalette(page, tutorCommand('command.exportThread.title'));
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editor.filter({ hasText: 'What is 2 + 2?' }).waitFor({ timeout: 30_000 });
    // Monaco renders spaces as no-break spaces.
    const exported = (await editor.innerText()).replace(/\u00a0/g, ' ');
    writeFileSync(resultsFile('secrets-export.md'), exported);
    check('the exported Markdown does not contain the key', exported.includes('What is 2 + 2?') && !exported.includes(key), exported);
  });

  it('the key is in no file of the profile, test-results, logs or browser storage', async () => {
    const { page } = wb;
    const storage = await page.evaluate(browserStorage);
    check('browser localStorage has the sealed SecretStorage entry', typeof storage.local['secrets.provider'] === 'string' && storage.local['secrets.provider'].length > 60);
    const localHits = Object.entries(storage.local).filter(([, v]) => v.includes(key)).map(([k]) => k);
    check('no localStorage entry holds the key in plain text (secrets.provider included)', localHits.length === 0, localHits.join(', '));
    check(`no IndexedDB record holds the key (${storage.indexedDb.length} records)`, !storage.indexedDb.some((r) => r.includes(key)));

    // Give VS Code's and Tutor's storage a moment to flush, then stop code-server so every log
    // and database file is final before the search.
    await page.waitForTimeout(3_000);
    await wb.stop();
    const profile = grepTree([wb.profileDir], key);
    // The search covered what matters: each kind of artifact is among the files searched.
    const where = profile.searched.map((f) => path.relative(wb.profileDir, f));
    const missing = ARTIFACTS.filter(([, pattern]) => !where.some((f) => pattern.test(f))).map(([name]) => name);
    check(`the search covered ${ARTIFACTS.map(([name]) => name).join(', ')}`, missing.length === 0, `missing: ${missing.join(', ')}\n${where.join('\n')}`);
    check(`code-server profile: settings.json, logs, global/workspace storage, Tutor's SQLite, code-server.log (${profile.files} files)`, profile.files > 20 && profile.hits.length === 0, profile.hits.join('\n'));
    const results = grepTree([resultsDir], key);
    check(`test-results/** incl. the exported Markdown (${results.files} files)`, results.hits.length === 0, results.hits.join('\n'));
  });
});
