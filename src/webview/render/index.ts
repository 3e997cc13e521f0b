// The chat webview's Markdown + math renderer. See README.md in this folder.
export type { CodeAction } from './codeBlockToolbar';
export { handleMessageEvents, type MessageActions } from './messageEvents';
export { renderMarkdown } from './renderMarkdown';
export { StreamingMessageView, type MessageViewOptions } from './streamingMessageView';
