import { randomBytes } from 'node:crypto';

export interface WebviewHtmlParts {
  cspSource: string;
  scriptUri: string;
  styleUris: string[];
}

/**
 * The chat page. The CSP allows nothing by default; our one script runs by nonce and styles come
 * only from the extension's own media (`cspSource`), so model output can never add a script.
 */
export function renderChatHtml(parts: WebviewHtmlParts): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src ${parts.cspSource}`,
    `font-src ${parts.cspSource}`,
    `img-src ${parts.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${parts.styleUris.map((u) => `<link rel="stylesheet" href="${u}">`).join('\n')}
<title>Tutor</title>
</head>
<body>
<main class="chat">
  <header class="chat-header">
    <h1 id="thread-title" class="thread-title">New conversation</h1>
    <vscode-checkbox id="mode-solve" class="mode" toggle label="Solve mode" aria-label="Solve mode: worked solutions instead of hints" title="Tutor mode gives hints first; Solve mode gives worked solutions."></vscode-checkbox>
  </header>
  <div id="transcript" class="transcript" role="feed" tabindex="0" aria-label="Conversation with Tutor"></div>
  <vscode-button id="jump" class="jump" secondary hidden aria-label="Jump to latest message">↓ Jump to latest</vscode-button>
  <form id="composer" class="composer" aria-label="Ask Tutor">
    <textarea id="question" rows="3" readonly aria-label="Your question" placeholder="Ask Tutor… (Enter to send, Shift+Enter for a new line, Esc to stop)"></textarea>
    <vscode-button id="send" type="submit" aria-label="Send question">Send</vscode-button>
    <vscode-button id="stop" secondary hidden aria-label="Stop the answer">Stop</vscode-button>
  </form>
  <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
</main>
<script nonce="${nonce}" src="${parts.scriptUri}"></script>
</body>
</html>`;
}
