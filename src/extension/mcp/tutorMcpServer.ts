import { createHash } from 'node:crypto';
import * as vscode from 'vscode';

/** The provider id, also contributed in package.json (`mcpServerDefinitionProviders`). */
const PROVIDER_ID = 'tutor.mcp';

/**
 * Windows refuses command lines past 32,767 characters. A Knowledge of thousands of files would
 * pass that as one `--knowledge` per file, so past this budget the workspace folders are passed
 * instead and the server walks them (it reads the same kinds of files).
 */
const MAX_ARGS_CHARS = 24_000;

/** What the definition needs of the knowledge room: its indexed files and when they change. */
export interface McpKnowledge {
  filePaths(): string[];
  readonly onDidChangeFiles: vscode.Event<void>;
}

export interface TutorMcpDeps {
  extensionUri: vscode.Uri;
  /** The extension's version (the server's too: it is the same build). */
  version: string;
  knowledge: McpKnowledge;
}

/**
 * The server as VS Code starts it: the bundled CLI under the editor's own runtime. In desktop VS
 * Code `process.execPath` is Electron, which behaves as plain Node only with ELECTRON_RUN_AS_NODE;
 * in code-server it is Node, which ignores the variable. The version carries a digest of the file
 * list, so VS Code sees that the server changed when the Knowledge did and offers to restart it.
 */
export function mcpServerDefinition(deps: TutorMcpDeps): vscode.McpStdioServerDefinition {
  const cli = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'tutor-assistants.js').fsPath;
  let paths = deps.knowledge.filePaths();
  if (paths.reduce((chars, p) => chars + p.length + ' --knowledge '.length, 0) > MAX_ARGS_CHARS) {
    paths = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }
  const digest = createHash('sha256').update(paths.join('\n')).digest('hex').slice(0, 8);
  return new vscode.McpStdioServerDefinition('Tutor', process.execPath, [cli, 'mcp', ...paths.flatMap((p) => ['--knowledge', p])], { ELECTRON_RUN_AS_NODE: '1' }, `${deps.version}+${digest}`);
}

/**
 * Lists Tutor's MCP server in VS Code (MCP: List Servers, the agent's tools) without any
 * configuration by the user, and tells VS Code when the Knowledge it searches changes.
 */
export function registerTutorMcpServer(deps: TutorMcpDeps): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const listeners = [
    deps.knowledge.onDidChangeFiles(() => changed.fire()),
    // Knowledge is kept per server (embedded or tutor.server.url): another server, another list.
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('tutor.server.url') && changed.fire()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
  ];
  const registration = vscode.lm.registerMcpServerDefinitionProvider(PROVIDER_ID, {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => [mcpServerDefinition(deps)],
  });
  return vscode.Disposable.from(registration, ...listeners, changed);
}
