/**
 * The chat room: the conversation behind every chat view (ChatController), the views that show it
 * (ChatViews) and the per-workspace thread list (ThreadStore). The rest of the extension uses these.
 */
export { ChatController } from './chatController';
export type { ChatControllerDeps } from './chatControllerDeps';
export { ChatViews } from './chatView';
export { ThreadStore, type ThreadMeta } from './threadStore';
