import * as vscode from 'vscode';
import type { ChatController } from './chatController';
import { ChatWebviewHost } from './chatWebviewHost';

/**
 * The sidebar chat (`tutor.chat`) and the "Open in Editor" panel: two pages over one controller,
 * so both show the same thread and stay in sync.
 */
export class ChatViews implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'tutor.chat';
  private sidebar: ChatWebviewHost | undefined;
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const onDidHide = new vscode.EventEmitter<void>();
    const host = new ChatWebviewHost(view.webview, this.extensionUri, this.controller.handlers, {
      onDidDispose: view.onDidDispose as vscode.Event<void>,
      onDidHide: onDidHide.event,
    });
    const visibility = view.onDidChangeVisibility(() => {
      if (!view.visible) onDidHide.fire();
    });
    const attached = this.controller.attach(host);
    host.onDidDispose(() => {
      visibility.dispose();
      attached.dispose();
      onDidHide.dispose();
      if (this.sidebar === host) this.sidebar = undefined;
    });
    this.sidebar = host;
  }

  /** The sidebar's page, once VS Code has resolved it. */
  get sidebarHost(): ChatWebviewHost | undefined {
    return this.sidebar;
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViews.viewId}.focus`);
  }

  /** Opens (or reveals) the chat as an editor tab. */
  openInEditor(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('tutor.chatPanel', 'Tutor', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tutor.svg');
    const onDidHide = new vscode.EventEmitter<void>();
    const host = new ChatWebviewHost(panel.webview, this.extensionUri, this.controller.handlers, { onDidDispose: panel.onDidDispose as vscode.Event<void>, onDidHide: onDidHide.event });
    const state = panel.onDidChangeViewState(() => {
      if (!panel.visible) onDidHide.fire();
    });
    const attached = this.controller.attach(host);
    panel.onDidDispose(() => {
      state.dispose();
      attached.dispose();
      onDidHide.dispose();
      this.panel = undefined;
    });
    this.panel = panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
