import * as vscode from 'vscode';
import { ChatViewProvider } from './chatView';
import { NO_RUNTIME_NOTICE, registerCommands } from './commands';
import { ApiKeyStore } from './secrets';

/** What `activate` returns: used by Tutor's own integration tests and open to other extensions. */
export interface TutorApi {
  /** Milliseconds `activate` took, measured inside it. */
  readonly activationMs: number;
  readonly chat: ChatViewProvider;
  readonly apiKeys: ApiKeyStore;
}

export function activate(context: vscode.ExtensionContext): TutorApi {
  const started = performance.now();
  const apiKeys = new ApiKeyStore(context.secrets);
  const chat = new ChatViewProvider(context.extensionUri, {
    'app/ping': ({ sentAt }) => ({ version: String(context.extension.packageJSON.version), receivedAt: Math.max(sentAt, Date.now()) }),
    'chat/send': () => ({ accepted: false, notice: NO_RUNTIME_NOTICE }),
  });
  context.subscriptions.push(
    chat,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chat),
    ...registerCommands({ chat, apiKeys }),
  );
  return { activationMs: performance.now() - started, chat, apiKeys };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it.
}
