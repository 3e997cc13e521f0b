/**
 * The chat page's strings come from the extension host: it writes VS Code's bundle for the display
 * language into the page (a JSON element, `#tutor-l10n`), and `@vscode/l10n` — VS Code's own
 * library for translating outside the extension host — answers from it. main.ts imports this first,
 * so it runs before any module translates at load time. Without the element (a test page), English.
 */
import { config } from '@vscode/l10n';

const bundle = document.getElementById('tutor-l10n')?.textContent;
if (bundle) config({ contents: bundle });

/** The display language the page was written in (`<html lang>`), for numbers and dates. */
export const displayLanguage = document.documentElement.lang || 'en';

export { t } from '@vscode/l10n';
