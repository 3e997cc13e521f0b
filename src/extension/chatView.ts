import * as vscode from 'vscode';
import { Messenger } from '../common/messenger';
import {
  parseToHostMessage,
  type HostRequests,
  type WebviewNotifications,
  type WebviewRequests,
} from '../common/protocol';
import { renderChatHtml } from './webviewHtml';

type HostHandlers = { [K in keyof HostRequests]: (p: HostRequests[K][0]) => Promise<HostRequests[K][1]> | HostRequests[K][1] };

/**
 * Hosts the sidebar chat (`tutor.chat`). Notifications sent before the view has loaded are kept
 * and delivered once its script reports ready, so a command may reveal the view and talk to it
 * in one go.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'tutor.chat';

  private view: vscode.WebviewView | undefined;
  private peer: Messenger<WebviewRequests, HostRequests> | undefined;
  private ready = false;
  private readonly queued: { method: keyof WebviewNotifications; params: unknown }[] = [];
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time a (re)loaded view's script is ready to talk. */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: HostHandlers,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    const peer = new Messenger<WebviewRequests, HostRequests>((m) => void view.webview.postMessage(m), this.handlers);
    this.peer = peer;
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(peer, raw)),
      view.onDidDispose(() => this.disposeView()),
      // Without retainContextWhenHidden a hidden view's page is discarded; it reloads and says
      // ready again when shown. Until then nothing it was asked can be answered.
      view.onDidChangeVisibility(() => {
        if (!view.visible) {
          this.ready = false;
          peer.failPending('The Tutor view is not open');
        }
      }),
    );
    view.webview.html = renderChatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
    });
  }

  /** True once the current view's script has said it is listening. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Sends a request to the webview; fails with a clear message when no view is loaded. */
  async request<K extends keyof WebviewRequests & string>(method: K, params: WebviewRequests[K][0]) {
    if (!this.peer || !this.ready) return { ok: false as const, error: 'The Tutor view is not open' };
    return this.peer.request(method, params);
  }

  /** Posts a notification now, or as soon as the view is ready. */
  notify<K extends keyof WebviewNotifications>(method: K, params: WebviewNotifications[K]): void {
    if (this.view && this.ready) void this.view.webview.postMessage({ kind: 'notify', method, params });
    else this.queued.push({ method, params });
  }

  /** Reveals the sidebar view, creating it if needed. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
  }

  private receive(peer: Messenger<WebviewRequests, HostRequests>, raw: unknown): void {
    const msg = parseToHostMessage(raw);
    if (!msg) return; // Not ours or malformed: ignored at the edge, never trusted further in.
    if (msg.kind === 'reply') peer.settle(msg);
    else if (msg.kind === 'request') void peer.answer(msg.id, msg.method, msg.params);
    else if (msg.method === 'view/ready') {
      this.ready = true;
      for (const { method, params } of this.queued.splice(0)) {
        void this.view?.webview.postMessage({ kind: 'notify', method, params });
      }
      this.readyEmitter.fire();
    }
  }

  private disposeView(): void {
    this.ready = false;
    this.peer?.failPending('The chat view closed before it replied');
    this.peer = undefined;
    this.view = undefined;
    for (const d of this.viewDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    this.disposeView();
    this.readyEmitter.dispose();
  }
}
