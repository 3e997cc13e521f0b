import type OpenAI from 'openai';
import * as vscode from 'vscode';
import { findPassage } from './passage';

/**
 * Read-only documents for cited files that are not (or no longer) in the workspace, and for
 * files VS Code cannot show as text (PDFs): `tutor-knowledge:/<fileId>/<filename>`. The file name
 * stays last so VS Code picks the language from its extension.
 */
export const CITATION_SCHEME = 'tutor-knowledge';

/** Files whose bytes are not text: their citations open the text the vector store extracted. */
const BINARY = /\.(pdf|docx?|pptx?|xlsx?|odt|rtf)$/i;

export interface CitationDeps {
  connect(): Promise<{ client: OpenAI }>;
  storeId(): string | undefined;
  /** The workspace file an uploaded file came from, when Tutor uploaded it. */
  sourceOf(fileId: string): vscode.Uri | undefined;
}

export class CitationDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly deps: CitationDeps) {}

  /** Opens what `fileId` cites, at `quote` when it is found; false when there is nothing to open. */
  async open(fileId: string, quote?: string): Promise<boolean> {
    const location = await this.locate(fileId, quote);
    if (!location) return false;
    const editor = await vscode.window.showTextDocument(location.uri, { selection: location.range, preview: true });
    editor.revealRange(location.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }

  /**
   * Where `fileId` cites: the passage `quote` in the workspace file (or the server's copy), the
   * file's start when the passage is not found, undefined when there is no file to point at.
   */
  async locate(fileId: string, quote?: string): Promise<vscode.Location | undefined> {
    const doc = await this.document(fileId);
    if (!doc) return undefined;
    const found = quote ? findPassage(doc.getText(), quote) : undefined;
    const range = found ? new vscode.Range(doc.positionAt(found.start), doc.positionAt(found.end)) : new vscode.Range(0, 0, 0, 0);
    return new vscode.Location(doc.uri, range);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [fileId = '', ...rest] = uri.path.replace(/^\//, '').split('/');
    const name = rest.join('/');
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => controller.abort());
    try {
      const { client } = await this.deps.connect();
      const raw = BINARY.test(name) ? undefined : await this.rawText(client, fileId, controller.signal);
      return raw ?? (await this.extracted(client, fileId, controller.signal))
        ?? vscode.l10n.t("Tutor cannot show {0}: the server no longer has this file, or it is not text. Add the file to Tutor's knowledge again (Tutor: Add Files to Knowledge).", name || fileId);
    } finally {
      listener.dispose();
    }
  }

  /** The workspace file when Tutor uploaded it from there and VS Code can show it; else the server's copy. */
  private async document(fileId: string): Promise<vscode.TextDocument | undefined> {
    const source = this.deps.sourceOf(fileId);
    if (source && !BINARY.test(source.path)) {
      try {
        return await vscode.workspace.openTextDocument(source);
      } catch {
        // Deleted or moved since it was added: the server's copy still has the passage.
      }
    }
    let filename: string;
    try {
      filename = (await (await this.deps.connect()).client.files.retrieve(fileId)).filename;
    } catch {
      void vscode.window.showWarningMessage(vscode.l10n.t("Tutor: the cited file is gone from the workspace and from the server. Add the file to Tutor's knowledge again (Tutor: Add Files to Knowledge)."));
      return undefined;
    }
    return vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: CITATION_SCHEME, path: `/${fileId}/${filename}` }));
  }

  /** The file's bytes as text, or undefined when they are not UTF-8 text (NULs or invalid sequences). */
  private async rawText(client: OpenAI, fileId: string, signal: AbortSignal): Promise<string | undefined> {
    try {
      const bytes = new Uint8Array(await (await client.files.content(fileId, { signal })).arrayBuffer());
      if (bytes.includes(0)) return undefined;
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }

  /** The text the knowledge store extracted from the file (what file search quotes), if it holds it. */
  private async extracted(client: OpenAI, fileId: string, signal: AbortSignal): Promise<string | undefined> {
    const storeId = this.deps.storeId();
    if (!storeId) return undefined;
    try {
      const parts: string[] = [];
      for await (const part of client.vectorStores.files.content(fileId, { vector_store_id: storeId }, { signal })) parts.push(part.text ?? '');
      return parts.join('\n');
    } catch {
      return undefined;
    }
  }
}
