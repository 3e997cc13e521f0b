// The chat webview's Markdown + math renderer. See README.md in this folder.
export type { CodeAction } from './codeBlockToolbar';
export { renderCodeBlock } from './codeBlock';
export { handleMessageEvents, type MessageActions } from './messageEvents';
export { renderMarkdown } from './renderMarkdown';
export { isSafeImageSrc, SANDBOX_HREF_ATTRIBUTE } from './sanitizeHtml';
export { StreamingMessageView, type MessageViewOptions } from './streamingMessageView';
