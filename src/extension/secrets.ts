import * as vscode from 'vscode';

const API_KEY = 'tutor.apiKey';

/**
 * The provider API key lives in SecretStorage (the OS keychain on desktop) and nowhere else:
 * never in settings, logs or the webview.
 */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(API_KEY);
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(API_KEY, key);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(API_KEY);
  }
}

/** A key is one line of visible ASCII; anything else is almost certainly a paste accident. */
export function validateApiKey(value: string): string | undefined {
  const key = value.trim();
  if (!key) return vscode.l10n.t('Enter a key, or press Escape to cancel.');
  if (!/^[\x21-\x7e]+$/.test(key)) return vscode.l10n.t('A key has no spaces or line breaks. Paste only the key itself.');
  if (key.length < 8) return vscode.l10n.t('That is too short to be an API key.');
  return undefined;
}
