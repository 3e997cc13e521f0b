import type { ChatMode, ThreadView } from '../../common/protocol';
import { copyCode, insertAtCursor, openLink } from '../editor';
import type { ApprovalDecision } from '../functions';
import type { HostHandlers } from './chatWebviewHost';
import { runErrorAction } from './errorActions';
import type { ThreadReader } from './threadReader';

/** The conversation's side of a page's requests (the ChatController). */
export interface Conversation {
  sync(): Promise<ThreadView>;
  reader: Pick<ThreadReader, 'older' | 'find'>;
  send(text: string): Promise<{ accepted: boolean; notice?: string }>;
  stop(): Promise<boolean>;
  retry(): Promise<{ accepted: boolean }>;
  setMode(mode: ChatMode): Promise<ChatMode>;
  approve(callId: string, decision: ApprovalDecision): boolean;
  openCitation(messageId: string, n: number): Promise<boolean>;
  saveFile(fileId: string): Promise<boolean>;
}

/**
 * What a chat page may ask, and who answers: the conversation's requests go to the controller,
 * code blocks and links to the editor actions, a notice's button to its fix.
 */
export function pageRequests(controller: Conversation, version: string): HostHandlers {
  return {
    'app/ping': ({ sentAt }) => ({ version, receivedAt: Math.max(sentAt, Date.now()) }),
    'chat/sync': () => controller.sync(),
    'chat/older': (request) => controller.reader.older(request),
    'chat/find': ({ query }) => controller.reader.find(query),
    'chat/send': ({ text }) => controller.send(text),
    'chat/stop': async () => ({ stopped: await controller.stop() }),
    'chat/retry': () => controller.retry(),
    'chat/setMode': async ({ mode }) => ({ mode: await controller.setMode(mode) }),
    'chat/action': async ({ action }) => {
      if (action === 'retry') await controller.retry();
      else await runErrorAction(action);
      return { done: true };
    },
    'chat/code': async ({ action, code }) => ({ done: action === 'copy' ? await copyCode(code) : await insertAtCursor(code) }),
    'chat/openLink': async ({ href }) => ({ opened: await openLink(href) }),
    'chat/approve': ({ callId, decision }) => ({ done: controller.approve(callId, decision) }),
    'chat/openCitation': async ({ messageId, n }) => ({ opened: await controller.openCitation(messageId, n) }),
    'chat/saveFile': async ({ fileId }) => ({ saved: await controller.saveFile(fileId) }),
  };
}
