import * as vscode from 'vscode';

/** One workspace file in the knowledge vector store, as it was when uploaded. */
export interface IndexedFile {
  fileId: string;
  /** The workspace file (a URI string: multi-root workspaces and remotes need more than a path). */
  uri: string;
  mtime: number;
  size: number;
  sha256: string;
}

/** A workspace's knowledge on one Assistants server: its vector store and what is in it. */
export interface ServerKnowledge {
  storeId?: string;
  /** By workspace-relative path, so re-adding a changed file finds the entry it replaces. */
  files: Record<string, IndexedFile>;
}

const KEY = 'tutor.knowledge';

/**
 * The workspace's knowledge bookkeeping, in workspaceState (so one vector store per workspace).
 * It is kept per server: file and vector store ids from the embedded runtime mean nothing to a
 * remote server set in `tutor.server.url`, and switching back must find the old store again.
 */
export class KnowledgeState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every save: what is indexed may have changed (the MCP server's file list follows it). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  dispose(): void {
    this.changed.dispose();
  }

  get(server: string): ServerKnowledge {
    const saved = this.memento.get<Record<string, ServerKnowledge>>(KEY, {})[server];
    // A copy: callers change it and save it back with set(); the memento's object stays untouched.
    return { storeId: saved?.storeId, files: { ...saved?.files } };
  }

  async set(server: string, knowledge: ServerKnowledge): Promise<void> {
    const all = { ...this.memento.get<Record<string, ServerKnowledge>>(KEY, {}) };
    all[server] = knowledge;
    await this.memento.update(KEY, all);
    this.changed.fire();
  }

  /** The workspace-relative path of an uploaded file, by its file id. */
  pathOf(server: string, fileId: string): string | undefined {
    const files = this.get(server).files;
    return Object.keys(files).find((p) => files[p]!.fileId === fileId);
  }
}
