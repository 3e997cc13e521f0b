/**
 * The chat room: the conversation behind every chat view (ChatController), the views that show it
 * (ChatViews), the per-workspace thread list (ThreadStore) and importing a conversation into it.
 * The rest of the extension uses these.
 */
export { ChatController } from './chatController';
export type { ChatControllerDeps } from './chatControllerDeps';
export { ChatViews } from './chatView';
export { ThreadStore, type ThreadMeta } from './threadStore';
export { importConversation, type ImportOutcome } from './importConversation';
export { TutorParticipant, TUTOR_PARTICIPANT_ID, type TutorParticipantDeps } from './participant/tutorParticipant';
