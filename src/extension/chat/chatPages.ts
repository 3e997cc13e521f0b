import * as vscode from 'vscode';
import type { WebviewNotifications } from '../../common/protocol';
import type { ChatWebviewHost } from './chatWebviewHost';

/** The chat pages open now (the sidebar, the editor panel): each gets every notification. */
export class ChatPages {
  private readonly hosts = new Set<ChatWebviewHost>();

  /** Connects a page; it receives every notification from now on. */
  attach(host: ChatWebviewHost): vscode.Disposable {
    this.hosts.add(host);
    const onDispose = host.onDidDispose(() => this.hosts.delete(host));
    return new vscode.Disposable(() => {
      onDispose.dispose();
      this.hosts.delete(host);
    });
  }

  broadcast<K extends keyof WebviewNotifications>(method: K, params: WebviewNotifications[K]): void {
    for (const host of this.hosts) host.notify(method, params);
  }
}
