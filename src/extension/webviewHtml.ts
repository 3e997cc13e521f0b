import { randomBytes } from 'node:crypto';

export interface WebviewHtmlParts {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
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
<link rel="stylesheet" href="${parts.styleUri}">
<title>Tutor</title>
</head>
<body>
<main class="chat">
  <div id="transcript" class="transcript" role="log" aria-live="polite" aria-label="Conversation with Tutor">
    <p class="empty">Ask a question about math or code. Tutor gives hints first and the full solution when you ask for it.</p>
  </div>
  <form id="composer" class="composer" aria-label="Ask Tutor">
    <textarea id="question" rows="3" aria-label="Your question" placeholder="Ask Tutor… (Enter to send, Shift+Enter for a new line)"></textarea>
    <button id="send" type="submit" aria-label="Send question">Send</button>
  </form>
</main>
<script nonce="${nonce}" src="${parts.scriptUri}"></script>
</body>
</html>`;
}
