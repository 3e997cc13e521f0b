// First: translations are loaded before any other module's top level runs.
import './l10nSetup';
import * as vscode from 'vscode';
import type * as RuntimeModule from '../runtime/index';
import type * as VerifyMathModule from '../runtime/tools/verifyMath/verifyMath';
import { ChatController, ChatViews, importConversation, ThreadStore, TutorParticipant } from './chat';
import { registerCommands } from './commands';
import { Knowledge, registerKnowledge } from './knowledge';
import { registerTutorChatModel, TUTOR_LM_VENDOR } from './lm';
import { registerTutorLmTools } from './lmTools';
import { localPythonConsent } from './localPythonConsent';
import { registerTutorMcpServer } from './mcp';
import { EmbeddedRuntime, remoteClient } from './runtimeHost';
import { TutorToolbox } from '../runtime/tools/toolbox';
import { ApiKeyStore } from './secrets';
import { readSettings } from './settings';
import { offerLocalProviderOnce, registerSetupView, SettingsProvider, watchNeedsSetup } from './setup';

/** What `activate` returns: used by Tutor's own integration tests and open to other extensions. */
export interface TutorApi {
  /** Milliseconds `activate` took, measured inside it. */
  readonly activationMs: number;
  readonly views: ChatViews;
  readonly controller: ChatController;
  readonly apiKeys: ApiKeyStore;
  readonly threads: ThreadStore;
  readonly runtime: EmbeddedRuntime;
  /** The workspace's knowledge vector store and the way from a citation back to its file. */
  readonly knowledge: Knowledge;
  /** @tutor in VS Code's Chat view. */
  readonly participant: TutorParticipant;
}

/** How long after activation the code interpreter starts warming (activation and first paint come first). */
const PREWARM_DELAY_MS = 2_000;

export function activate(context: vscode.ExtensionContext): TutorApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Tutor', { log: true });
  const apiKeys = new ApiKeyStore(context.secrets);
  const provider = new SettingsProvider(apiKeys);
  const threads = new ThreadStore(context.workspaceState, context.globalState);
  const pythonConsent = localPythonConsent(context.workspaceState);
  // Opened on first use, not here: activation stays cheap.
  const runtime = new EmbeddedRuntime(
    // A separate bundle, required on first use: activation never loads the runtime.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, on purpose
    async () => require(vscode.Uri.joinPath(context.extensionUri, 'dist', 'runtime.js').fsPath) as typeof RuntimeModule,
    context.globalStorageUri.fsPath,
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'sql-wasm.wasm').fsPath,
    () => provider,
    { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m, e) => log.error(m, e instanceof Error ? e : undefined) },
    { engine: () => readSettings().codeEngine, pythonPath: () => readSettings().pythonPath, approve: pythonConsent },
    provider.embedder(),
  );
  const connect = async () => {
    const settings = readSettings();
    // The server's token: the stored key, else OPENAI_API_KEY, as for a provider (README, Providers).
    if (settings.serverUrl) return { client: remoteClient(settings.serverUrl, await provider.apiKey()), server: settings.serverUrl };
    return { client: await runtime.client(), server: '' };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- its own bundle, loaded on the first check
  const loadVerifier = async () => (require(vscode.Uri.joinPath(context.extensionUri, 'dist', 'verifyMath.js').fsPath) as typeof VerifyMathModule).verifyMath;
  const knowledge = new Knowledge({ connect, server: () => readSettings().serverUrl, workspaceState: context.workspaceState, log });
  const controller = new ChatController({
    client: connect,
    globalState: context.globalState,
    threads,
    providerFailure: () => provider.lastFailure,
    // A Tutor server holds its own provider key; only the embedded runtime needs ours.
    missingKeyFor: async () => (readSettings().serverUrl ? undefined : provider.missingKeyFor()),
    log,
    version: String(context.extension.packageJSON.version),
    workspaceState: context.workspaceState,
    knowledge,
    loadVerifier,
  });
  const views = new ChatViews(context.extensionUri, controller);
  // @tutor in the Chat view: the same assistant, runtime and threads as the view above.
  const participant = new TutorParticipant({
    client: connect, globalState: context.globalState, threads, log, workspaceState: context.workspaceState, loadVerifier, knowledge,
    providerFailure: () => provider.lastFailure,
    missingKeyFor: async () => provider.missingKeyFor(),
    threadUpdated: (id) => void controller.threadUpdated(id),
    currentThread: () => threads.current()?.id,
  });
  // Tutor's tools for any participant or agent: the embedded runtime's sandbox and this workspace's Knowledge.
  const toolbox = new TutorToolbox({
    loadVerifier,
    python: async () => {
      const engine = (await runtime.get()).python;
      if (!engine) throw new Error('The embedded runtime has no code interpreter.');
      return engine;
    },
    pythonSession: `vscode-lm-tools-${vscode.env.sessionId}`,
    approveLocalPython: (code) => pythonConsent({ code }),
    searchKnowledge: (request) => knowledge.search(request),
  });
  context.subscriptions.push(
    log,
    runtime,
    controller,
    views,
    vscode.window.registerWebviewViewProvider(ChatViews.viewId, views),
    ...registerCommands({
      views, controller, apiKeys, threads, provider, globalState: context.globalState,
      importThread: (target) => importConversation({ client: connect, threads, switchTo: (id) => controller.switchThread(id) }, target),
    }),
    ...registerSetupView(),
    participant.register(context.extensionUri),
    ...registerTutorChatModel({ provider, settings: readSettings }),
    ...registerTutorLmTools({ toolbox: async () => toolbox, pythonEngine: () => readSettings().codeEngine }),
    ...registerKnowledge(knowledge, log),
    registerTutorMcpServer({ extensionUri: context.extensionUri, version: String(context.extension.packageJSON.version), knowledge }),
    ...watchNeedsSetup(context.secrets, async () => !!(await apiKeys.get())),
  );
  // The Chat view's model picker takes a third-party model only once someone asked for it; without
  // Copilot, this is what lets @tutor be used at all (not awaited: activation stays fast).
  void vscode.lm.selectChatModels({ vendor: TUTOR_LM_VENDOR }).then(undefined, (err: unknown) => log.warn(`Listing Tutor's chat model failed: ${String(err)}`));
  // First run: if nothing is configured, look for a running Ollama or LM Studio (not awaited: activation stays fast).
  void (async () => offerLocalProviderOnce({ config: vscode.workspace.getConfiguration('tutor'), hasKey: !!(await provider.apiKey()), state: context.globalState }))().catch((err: unknown) => log.warn(`Local provider check failed: ${String(err)}`));
  // Once activation's own work is done, warm the sandboxed Python (Tutor is being used: the view
  // or a command activated it). Only for the embedded runtime and the Pyodide engine.
  const prewarm = setTimeout(() => {
    const settings = readSettings();
    if (!settings.serverUrl && settings.codeEngine === 'pyodide') void runtime.prewarm();
  }, PREWARM_DELAY_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(prewarm) });
  return { activationMs: performance.now() - started, views, controller, apiKeys, threads, runtime, knowledge, participant };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it (the runtime flushes its database).
}
