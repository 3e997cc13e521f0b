import { Messenger } from '../common/messenger';
import type {
  HostNotifications,
  HostRequests,
  ToWebviewMessage,
  WebviewNotifications,
  WebviewRequests,
} from '../common/protocol';

/** The slice of the VS Code webview API this view uses. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type RequestHandlers = { [K in keyof WebviewRequests]: (p: WebviewRequests[K][0]) => Promise<WebviewRequests[K][1]> | WebviewRequests[K][1] };
type NotificationHandlers = { [K in keyof WebviewNotifications]: (p: WebviewNotifications[K]) => void };

/**
 * The only module that talks to `acquireVsCodeApi` (it may be called once per page). Components
 * use the typed `request` / `notify` below and never post raw messages themselves.
 */
export function connectToHost(requests: RequestHandlers, notifications: NotificationHandlers) {
  const api = acquireVsCodeApi();
  const peer = new Messenger<HostRequests, WebviewRequests>((m) => api.postMessage(m), requests);

  window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
    // Messages come from our own host; VS Code delivers nothing else to this window.
    const msg = event.data;
    if (msg.kind === 'reply') peer.settle(msg);
    else if (msg.kind === 'request') void peer.answer(msg.id, msg.method, msg.params);
    else if (msg.kind === 'notify') {
      const handler = notifications[msg.method] as (p: unknown) => void;
      handler(msg.params);
    }
  });

  return {
    request: <K extends keyof HostRequests & string>(method: K, params: HostRequests[K][0]) => peer.request(method, params),
    notify: <K extends keyof HostNotifications & string>(method: K, params: HostNotifications[K]) =>
      api.postMessage({ kind: 'notify', method, params }),
    getState: () => api.getState(),
    setState: (state: unknown) => api.setState(state),
  };
}
