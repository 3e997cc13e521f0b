/**
 * The editor room: what Tutor reads from and does to the editor — a selection turned into a
 * question, and the chat's editor actions (copy, insert at the cursor, open a link, save a file,
 * export a conversation and read one back).
 */
export { formatSelection } from './selectionPrompt';
export { rangeBody } from './selectionBody';
export { isMathSelection } from './selectionKind';
export { copyCode, insertAtCursor, openLink, saveFileAs } from './editorActions';
export { exportMarkdown } from './exportMarkdown';
export { conversationMarkdown, parseConversation, type ConversationText } from './conversationMarkdown';
