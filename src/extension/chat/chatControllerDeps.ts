import type OpenAI from 'openai';
import type * as vscode from 'vscode';
import type { WorkspaceFunctionDeps } from '../functions';
import type { ProviderFailure } from './errorAdvice';
import type { ThreadStore } from './threadStore';

/** What the chat needs from the rest of the extension (extension.ts wires it). */
export interface ChatControllerDeps {
  /** The SDK client for the configured server, and which server that is ('' = embedded). */
  client(): Promise<{ client: OpenAI; server: string }>;
  globalState: vscode.Memento;
  threads: ThreadStore;
  /**
   * The embedded runtime's provider failure in the run that just failed (its kind and the
   * provider's words); remote servers report theirs in the run's last_error alone.
   */
  providerFailure(): ProviderFailure | undefined;
  /**
   * The provider whose key is missing ('OpenAI', 'Azure OpenAI'), when the embedded runtime would
   * need one and none is stored or in the environment; undefined when a question can go.
   */
  missingKeyFor(): Promise<string | undefined>;
  log: vscode.LogOutputChannel;
  /** The extension's version, for the webview's liveness check. */
  version: string;
  workspaceState: vscode.Memento;
  /** Loads verify_math's checker (a separate bundle, loaded on first use). */
  loadVerifier: WorkspaceFunctionDeps['loadVerifier'];
  /** The workspace's knowledge: its vector store, and where its files live. */
  knowledge: {
    storeId(): string | undefined;
    relativePathOf(fileId: string): string | undefined;
    openCitation(fileId: string, quote?: string): Promise<boolean>;
  };
}
