import type OpenAI from 'openai';
import * as vscode from 'vscode';
import { parseConversation } from '../editor';
import { createThreadFrom, EMBEDDED_CONCURRENCY, ImportCancelled } from './threadImport';
import type { ThreadStore } from './threadStore';
import { errorMessage } from '../../common/errorMessage';

/** What an import did: the command returns it (tests and other extensions read it). */
export type ImportOutcome = { threadId: string; title: string; messages: number; ms: number } | { error: string } | { cancelled: true };

export interface ImportDeps {
  client(): Promise<{ client: OpenAI; server: string }>;
  threads: ThreadStore;
  /** Opens the new thread in the chat. */
  switchTo(threadId: string): Promise<void>;
}

/**
 * "Import Conversation from Markdown": reads a file "Export Conversation as Markdown" wrote (or
 * one with `## You` / `## Tutor` sections), makes a thread of it, adds it to the workspace's
 * conversations and opens it. `target` is the Explorer's file; without one the user picks a file.
 * Undefined when the user closed the file dialog.
 */
export async function importConversation(deps: ImportDeps, target?: vscode.Uri): Promise<ImportOutcome | undefined> {
  const uri = target ?? (await pickMarkdownFile());
  if (!uri) return undefined;
  const name = uri.path.split('/').pop() ?? uri.toString();
  let conversation;
  try {
    conversation = parseConversation(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch (err) {
    return failed(vscode.l10n.t('Could not read {0}: {1}', name, errorMessage(err)));
  }
  if (conversation.messages.length === 0) {
    // The headings stay English in every language: they are the export's file format, not UI.
    return failed(vscode.l10n.t('{0} holds no conversation to import. Tutor reads what "Export Conversation as Markdown" writes: messages in sections headed "## You" and "## Tutor".', name));
  }
  const { messages } = conversation;
  const title = conversation.title || name.replace(/\.(md|markdown)$/i, '');
  const started = Date.now();
  try {
    const threadId = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tutor: Importing "{0}"', title), cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      const { client, server } = await deps.client();
      let shown = 0;
      try {
        return await createThreadFrom(client, messages, {
          signal: abort.signal,
          concurrency: server === '' ? EMBEDDED_CONCURRENCY : 1,
          onProgress: (done, total) => {
            // Whole percents only: a thousand reports would cost more than the import.
            const percent = Math.floor((done / total) * 100);
            if (percent === shown) return;
            progress.report({ increment: percent - shown, message: vscode.l10n.t('{0} of {1} messages', done, total) });
            shown = percent;
          },
        });
      } finally {
        cancel.dispose();
      }
    });
    await deps.threads.add(threadId, title, messages.length);
    await deps.switchTo(threadId);
    return { threadId, title, messages: messages.length, ms: Date.now() - started };
  } catch (err) {
    if (err instanceof ImportCancelled) return { cancelled: true };
    return failed(vscode.l10n.t('Could not import {0}: {1}', name, errorMessage(err)));
  }
}

async function pickMarkdownFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Tutor: Import Conversation from Markdown'), openLabel: vscode.l10n.t('Import'), canSelectMany: false, filters: { Markdown: ['md', 'markdown'] } });
  return picked?.[0];
}

/** Says what went wrong, and returns it. */
function failed(message: string): { error: string } {
  void vscode.window.showErrorMessage(vscode.l10n.t('Tutor: {0}', message));
  return { error: message };
}
