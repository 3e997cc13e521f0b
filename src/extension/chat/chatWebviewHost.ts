import * as vscode from 'vscode';
import { Messenger } from '../../common/messenger';
import { parseToHostMessage, type HostRequests, type WebviewNotifications, type WebviewRequests } from '../../common/protocol';
import { renderChatHtml } from './webviewHtml';

export type HostHandlers = { [K in keyof HostRequests]: (p: HostRequests[K][0]) => Promise<HostRequests[K][1]> | HostRequests[K][1] };

/**
 * One chat page (the sidebar view or the editor panel): sets its HTML and options, validates what
 * it posts at the edge, answers its requests, and holds notifications until its script says ready.
 * Without retainContextWhenHidden a hidden page is discarded; it reloads, says ready again and
 * asks the host for the thread (chat/sync), so nothing is lost.
 */
export class ChatWebviewHost implements vscode.Disposable {
  private peer: Messenger<WebviewRequests, HostRequests>;
  private ready = false;
  private readonly queued: { method: keyof WebviewNotifications; params: unknown }[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidBecomeReady = this.readyEmitter.event;
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    handlers: HostHandlers,
    events: { onDidDispose: vscode.Event<void>; onDidHide: vscode.Event<void> },
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    this.peer = new Messenger<WebviewRequests, HostRequests>((m) => void webview.postMessage(m), handlers);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      events.onDidHide(() => {
        this.ready = false;
        this.peer.failPending('The Tutor view is not open');
      }),
      events.onDidDispose(() => this.dispose()),
    );
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    webview.html = renderChatHtml({
      cspSource: webview.cspSource,
      scriptUri: uri('dist', 'webview.js'),
      styleUris: [uri('dist', 'katex', 'katex.min.css'), uri('media', 'render.css'), uri('media', 'chat.css')],
      l10n: { language: vscode.env.language, bundle: vscode.l10n.bundle },
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  request<K extends keyof WebviewRequests & string>(method: K, params: WebviewRequests[K][0]) {
    if (!this.ready) return Promise.resolve({ ok: false as const, error: 'The Tutor view is not open' });
    return this.peer.request(method, params);
  }

  /** Posts a notification now, or as soon as the page is ready. */
  notify<K extends keyof WebviewNotifications>(method: K, params: WebviewNotifications[K]): void {
    if (this.ready) void this.webview.postMessage({ kind: 'notify', method, params });
    else this.queued.push({ method, params });
  }

  /** Drops what was queued for a page that has not loaded (a fresh sync will replace it). */
  clearQueue(): void {
    this.queued.length = 0;
  }

  private receive(raw: unknown): void {
    const msg = parseToHostMessage(raw);
    if (!msg) return; // Not ours or malformed: ignored at the edge, never trusted further in.
    if (msg.kind === 'reply') this.peer.settle(msg);
    else if (msg.kind === 'request') void this.peer.answer(msg.id, msg.method, msg.params);
    else if (msg.method === 'view/ready') {
      this.ready = true;
      for (const { method, params } of this.queued.splice(0)) void this.webview.postMessage({ kind: 'notify', method, params });
      this.readyEmitter.fire();
    }
  }

  dispose(): void {
    this.ready = false;
    this.peer.failPending('The chat view closed before it replied');
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposeEmitter.fire();
    this.readyEmitter.dispose();
    this.disposeEmitter.dispose();
  }
}
