import type OpenAI from 'openai';
import * as vscode from 'vscode';
import { CITATION_SCHEME, CitationDocuments } from './citations';
import { collectFiles, DEFAULT_GLOB, MAX_UPLOAD_BYTES, type KnowledgeTarget, type Skipped } from './knowledgeFiles';
import { KnowledgeState } from './knowledgeState';
import { indexFiles, reasonOf } from './knowledgeUpload';
import type { SearchHit } from '../../runtime/fileSearch/types';

export interface KnowledgeDeps {
  /** The Assistants client in use (embedded or `tutor.server.url`) and which server that is. */
  connect(): Promise<{ client: OpenAI; server: string }>;
  /** Which server is configured, known without connecting ('' for the embedded runtime). */
  server(): string;
  workspaceState: vscode.Memento;
  log: vscode.LogOutputChannel;
}

/** A passage found in the workspace's knowledge (the runtime's search hit; offsets unknown over the API). */
export type KnowledgeHit = SearchHit;

/** What one "Add Files to Knowledge" did; the command returns it (tests and callers read it). */
export interface KnowledgeReport {
  storeId?: string;
  indexed: string[];
  unchanged: string[];
  failed: { path: string; reason: string }[];
  skipped: Skipped;
  truncated: boolean;
  cancelled: boolean;
}

/**
 * The workspace's knowledge: one vector store per workspace (and server), filled from workspace
 * files, and the way back from a file search citation to the passage it quotes.
 */
export class Knowledge {
  readonly state: KnowledgeState;
  readonly citations: CitationDocuments;
  /** Adds run one after another: two at once would race on the same store and path map. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: KnowledgeDeps) {
    this.state = new KnowledgeState(deps.workspaceState);
    this.citations = new CitationDocuments({
      connect: () => deps.connect(),
      storeId: () => this.knowledgeStoreId(),
      sourceOf: (fileId) => {
        const path = this.relativePathOf(fileId);
        return path === undefined ? undefined : vscode.Uri.parse(this.state.get(deps.server()).files[path]!.uri);
      },
    });
  }

  /** Fires when files were added to (or replaced in) the workspace's knowledge. */
  get onDidChangeFiles(): vscode.Event<void> {
    return this.state.onDidChange;
  }

  /**
   * The local paths of the files indexed for the server in use, sorted (the MCP server's
   * --knowledge list). Files from remote workspaces (no local path) are left out.
   */
  filePaths(): string[] {
    const files = Object.values(this.state.get(this.deps.server()).files);
    return files.map((f) => vscode.Uri.parse(f.uri)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath).sort();
  }

  /** The id of this workspace's knowledge vector store, once files have been added. */
  knowledgeStoreId(): string | undefined {
    return this.state.get(this.deps.server()).storeId;
  }

  /** Same as knowledgeStoreId (the name the chat controller's deps use). */
  storeId(): string | undefined {
    return this.knowledgeStoreId();
  }

  /** The workspace-relative path a knowledge file was uploaded from. */
  relativePathOf(fileId: string): string | undefined {
    return this.state.pathOf(this.deps.server(), fileId);
  }

  /**
   * Opens the file a citation points at — the workspace file when Tutor uploaded it, otherwise
   * the server's copy, read-only — and selects `quote` (the cited chunk) when it is found there;
   * otherwise the file opens at the top. False when there was nothing to open (the user is told).
   */
  openCitation(fileId: string, quote?: string): Promise<boolean> {
    return this.citations.open(fileId, quote);
  }

  /** Where a citation points (the passage in its file), for views that show it as a link. */
  locateCitation(fileId: string, quote?: string): Promise<vscode.Location | undefined> {
    return this.citations.locate(fileId, quote);
  }

  /**
   * Searches this workspace's knowledge store (embedded runtime or server alike) for `query`:
   * the passages with their workspace path as file name, or a sentence saying what to do when the
   * workspace has no knowledge yet.
   */
  async search(request: { query: string; maxResults: number; signal?: AbortSignal }): Promise<KnowledgeHit[] | string> {
    const storeId = this.knowledgeStoreId();
    // For the model (the search tool's answer), so English like the rest of its instructions.
    if (!storeId) return 'This workspace has no Knowledge yet: add course notes or exercise sheets with "Tutor: Add Files to Knowledge", then search again.';
    const { client } = await this.deps.connect();
    const page = await client.vectorStores.search(storeId, { query: request.query, max_num_results: request.maxResults }, { ...(request.signal ? { signal: request.signal } : {}) });
    return page.data.map((hit, i) => ({
      vector_store_id: storeId,
      file_id: hit.file_id,
      filename: this.relativePathOf(hit.file_id) ?? hit.filename,
      score: hit.score,
      text: hit.content.map((c) => c.text).join('\n'),
      chunk_index: i,
      start: 0,
      end: 0,
    }));
  }

  /** Adds the target's files to the workspace store; no UI besides `progress`. */
  add(target: KnowledgeTarget, progress: (message: string, fraction: number) => void, token: vscode.CancellationToken): Promise<KnowledgeReport> {
    const run = this.queue.then(() => this.addNow(target, progress, token));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async addNow(target: KnowledgeTarget, progress: (message: string, fraction: number) => void, token: vscode.CancellationToken): Promise<KnowledgeReport> {
    progress(vscode.l10n.t('Finding files…'), 0);
    const { files, skipped, truncated } = await collectFiles(target, token);
    const report: KnowledgeReport = { storeId: this.knowledgeStoreId(), indexed: [], unchanged: [], failed: [], skipped, truncated, cancelled: token.isCancellationRequested };
    if (!files.length || token.isCancellationRequested) return report;
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => controller.abort());
    try {
      const { client, server } = await this.deps.connect();
      const workspaceName = vscode.workspace.name ?? 'workspace';
      const result = await indexFiles({ client, server, state: this.state, workspaceName, log: this.deps.log }, files, progress, controller.signal);
      return { ...report, ...result };
    } finally {
      listener.dispose();
    }
  }
}

/** Registers "Add Files to Knowledge" and the read-only citation documents; the caller disposes them. */
export function registerKnowledge(knowledge: Knowledge, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const addFiles = async (arg?: unknown, selected?: unknown): Promise<KnowledgeReport | undefined> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Tutor: knowledge belongs to a workspace. Open a folder first, then add its files.'));
      return undefined;
    }
    const target = targetFrom(arg, selected) ?? (await askTarget());
    if (!target) return undefined;
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tutor knowledge'), cancellable: true },
        (progress, token) => {
          let shown = 0;
          return knowledge.add(target, (message, fraction) => {
            // withProgress adds up increments; the sink speaks in fractions of the whole.
            const increment = Math.max(0, fraction * 100 - shown);
            shown += increment;
            progress.report({ message, increment });
          }, token);
        },
      );
      void showSummary(report, log);
      return report;
    } catch (err) {
      log.error('Knowledge: adding files failed', err instanceof Error ? err : undefined);
      void vscode.window.showErrorMessage(failureAdvice(err, vscode.workspace.getConfiguration('tutor').get<string>('server.url', '').trim()));
      return undefined;
    }
  };
  return [
    knowledge.state,
    vscode.workspace.registerTextDocumentContentProvider(CITATION_SCHEME, knowledge.citations),
    vscode.commands.registerCommand('tutor.addFilesToKnowledge', addFiles),
    // The explorer's wording ("Add to Tutor Knowledge"): same command, hidden from the palette.
    vscode.commands.registerCommand('tutor.addToKnowledge', addFiles),
  ];
}

/**
 * The command's argument, when it has one: the explorer passes the clicked resource and the
 * whole selection; tests and other extensions pass `{ glob }`, a Uri or a list of Uris.
 */
function targetFrom(arg: unknown, selected: unknown): KnowledgeTarget | undefined {
  if (Array.isArray(selected) && selected.length && selected.every((u) => u instanceof vscode.Uri)) return { uris: selected };
  if (arg instanceof vscode.Uri) return { uris: [arg] };
  if (Array.isArray(arg) && arg.length && arg.every((u) => u instanceof vscode.Uri)) return { uris: arg };
  if (arg && typeof arg === 'object' && typeof (arg as { glob?: unknown }).glob === 'string') return { glob: (arg as { glob: string }).glob };
  return undefined;
}

async function askTarget(): Promise<KnowledgeTarget | undefined> {
  const choose = { label: vscode.l10n.t('$(files) Choose files or folders…'), detail: vscode.l10n.t('Pick them in a file dialog; folders are added with everything inside.') };
  const glob = { label: vscode.l10n.t('$(search) Match a glob…'), detail: vscode.l10n.t('For example {0}', DEFAULT_GLOB) };
  const picked = await vscode.window.showQuickPick([choose, glob], { title: vscode.l10n.t('Tutor: Add Files to Knowledge'), placeHolder: vscode.l10n.t('Files ignored by .gitignore, dotfiles and node_modules are left out.') });
  if (picked === choose) {
    const uris = await vscode.window.showOpenDialog({
      canSelectFiles: true, canSelectFolders: true, canSelectMany: true,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: vscode.l10n.t('Add to Tutor Knowledge'),
    });
    return uris?.length ? { uris } : undefined;
  }
  if (picked === glob) {
    const pattern = await vscode.window.showInputBox({
      title: vscode.l10n.t('Tutor: Add Files to Knowledge'),
      prompt: vscode.l10n.t('A glob relative to the workspace folder(s)'),
      value: DEFAULT_GLOB,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a glob, e.g. docs/**/*.md')),
    });
    return pattern?.trim() ? { glob: pattern.trim() } : undefined;
  }
  return undefined;
}

/**
 * One message: what was indexed, what failed (with the first reason) and what was left out, and
 * why. Each sentence is translated whole; the summary strings them together, and the list of
 * reasons is joined with the language's own separator (Chinese lists with 、).
 */
export function summarize(report: KnowledgeReport): string {
  const s = report.skipped;
  const why = [
    s.ignored && vscode.l10n.t('{0} ignored by .gitignore', s.ignored),
    s.excluded && vscode.l10n.t('{0} in node_modules or .git', s.excluded),
    s.hidden && vscode.l10n.t('{0} hidden (dotfiles)', s.hidden),
    s.tooLarge && vscode.l10n.t('{0} over {1} MB', s.tooLarge, MAX_UPLOAD_BYTES / 1024 / 1024),
    s.outside && vscode.l10n.t('{0} outside the workspace', s.outside),
  ].filter((reason): reason is string => !!reason);
  const skippedCount = s.ignored + s.excluded + s.hidden + s.tooLarge + s.outside;
  const skippedText = skippedCount ? vscode.l10n.t('{0} skipped ({1}).', skippedCount, why.join(vscode.l10n.t(', '))) : '';
  const tooMany = report.truncated ? vscode.l10n.t('The glob matched too many files; only the first 10,000 were considered: narrow it down.') : '';
  const nothing = !report.indexed.length && !report.unchanged.length && !report.failed.length;
  if (nothing && !report.cancelled) {
    return [vscode.l10n.t('Tutor knowledge: no files to add.'), skippedText || vscode.l10n.t('Nothing matched: pick other files or another glob.'), tooMany].filter(Boolean).join(' ');
  }
  const parts = [report.cancelled ? vscode.l10n.t('Cancelled.') : ''];
  const indexed = report.indexed.length;
  const unchanged = report.unchanged.length;
  if (unchanged) parts.push(indexed === 1 ? vscode.l10n.t('1 file indexed, {0} unchanged.', unchanged) : vscode.l10n.t('{0} files indexed, {1} unchanged.', indexed, unchanged));
  else parts.push(indexed === 1 ? vscode.l10n.t('1 file indexed.') : vscode.l10n.t('{0} files indexed.', indexed));
  const first = report.failed[0];
  if (first) parts.push(vscode.l10n.t('{0} failed ({1}: {2}).', report.failed.length, first.path, first.reason.replace(/\.$/, '')));
  parts.push(skippedText, tooMany);
  return vscode.l10n.t('Tutor knowledge: {0}', parts.filter(Boolean).join(' '));
}

async function showSummary(report: KnowledgeReport, log: vscode.LogOutputChannel): Promise<void> {
  const message = summarize(report);
  log.info(message);
  if (!report.failed.length) {
    await vscode.window.showInformationMessage(message);
    return;
  }
  for (const f of report.failed) log.warn(`Knowledge: ${f.path}: ${f.reason}`);
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showWarningMessage(message, showLog);
  if (choice === showLog) log.show(true);
}

/** What went wrong, and what to do about it. */
function failureAdvice(err: unknown, serverUrl: string): string {
  const status = (err as { status?: number }).status;
  if (status === 404 && serverUrl) {
    return vscode.l10n.t('Tutor: the Assistants server at {0} has no Vector Stores API, so it cannot hold knowledge. Update it, or clear the tutor.server.url setting to use the built-in runtime.', serverUrl);
  }
  if (status === 401 || status === 403) return vscode.l10n.t('Tutor: the Assistants server refused the request. Set its token with Tutor: Set API Key, then add the files again.');
  const reason = reasonOf(err).replace(/\.$/, '');
  return serverUrl
    ? vscode.l10n.t('Tutor: could not add files to knowledge: {0}. Check that the Assistants server at {1} is reachable, then try again; details are in the Tutor output channel.', reason, serverUrl)
    : vscode.l10n.t("Tutor: could not add files to knowledge: {0}. Check that Tutor's built-in runtime is reachable, then try again; details are in the Tutor output channel.", reason);
}
