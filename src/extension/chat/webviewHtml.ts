import { randomBytes } from 'node:crypto';
import { t } from '@vscode/l10n';

export interface WebviewHtmlParts {
  cspSource: string;
  scriptUri: string;
  styleUris: string[];
  /**
   * VS Code's display language (`vscode.env.language`) and its bundle (`vscode.l10n.bundle`): the
   * page is written in that language and hands the bundle to the webview's own strings. Absent:
   * English.
   */
  l10n?: { language: string; bundle?: Record<string, string> };
}

/** JSON safe inside a <script> element: `<` escaped, so no text in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Text safe inside an attribute value or an element. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
  const h = escapeHtml;
  const l10n = parts.l10n ?? { language: 'en' };
  return `<!DOCTYPE html>
<html lang="${escapeHtml(l10n.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${parts.styleUris.map((u) => `<link rel="stylesheet" href="${u}">`).join('\n')}
<title>Tutor</title>
${l10n.bundle ? `<script type="application/json" id="tutor-l10n">${scriptJson(l10n.bundle)}</script>` : ''}
</head>
<body>
<main class="chat">
  <header class="chat-header">
    <h1 id="thread-title" class="thread-title">${h(t('New conversation'))}</h1>
    <vscode-checkbox id="mode-solve" class="mode" toggle label="${h(t('Solve mode'))}" aria-label="${h(t('Solve mode: worked solutions instead of hints'))}" title="${h(t('Tutor mode gives hints first; Solve mode gives worked solutions.'))}"></vscode-checkbox>
  </header>
  <div id="transcript" class="transcript" role="feed" tabindex="0" aria-label="${h(t('Conversation with Tutor'))}"></div>
  <vscode-button id="jump" class="jump" secondary hidden aria-label="${h(t('Jump to latest message'))}">${h(t('↓ Jump to latest'))}</vscode-button>
  <form id="composer" class="composer" aria-label="${h(t('Ask Tutor'))}">
    <textarea id="question" rows="3" readonly aria-label="${h(t('Your question'))}" placeholder="${h(t('Ask Tutor… (Enter to send, Shift+Enter for a new line, Esc to stop)'))}"></textarea>
    <vscode-button id="send" type="submit" aria-label="${h(t('Send question'))}">${h(t('Send'))}</vscode-button>
    <vscode-button id="stop" secondary hidden aria-label="${h(t('Stop the answer'))}">${h(t('Stop'))}</vscode-button>
  </form>
  <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
</main>
<script nonce="${nonce}" src="${parts.scriptUri}"></script>
</body>
</html>`;
}
