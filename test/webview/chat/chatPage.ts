// The chat webview as VS Code shows it, without VS Code: the page from the extension's own
// renderChatHtml() (its CSP, nonce and markup), the real webview bundle built from
// src/webview/main.ts as esbuild.mjs builds it, media/*.css and KaTeX's CSS, all served from one
// loopback origin, plus fakeVsCodeApi.ts in place of `acquireVsCodeApi`. Tests drive it with
// host messages and read what the webview posts back.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../harness/chromium.mjs';
import { repoRoot } from '../../../harness/repo.mjs';
import { bundleForBrowser, serveStaticSite } from '../../../harness/staticSite';
import type {} from './fakeVsCodeApi';
import { config as configL10n } from '@vscode/l10n';
import { renderChatHtml } from '../../../src/extension/chat/webviewHtml';

/** A display language and VS Code's bundle for it, as the host passes them (`vscode.env.language`, `vscode.l10n.bundle`). */
export interface PageLanguage {
  language: string;
  bundle: Record<string, string>;
}

/**
 * The extension's page with the fake API's script first (same nonce) and a dark theme's
 * variables. With `l10n`, written as the host writes it in that language: the host's own
 * @vscode/l10n is pointed at the bundle (as l10nSetup.ts does at activation) for the page's text,
 * then back to English for the rest of this process.
 */
function pageHtml(origin: string, l10n?: PageLanguage): string {
  if (l10n) configL10n({ contents: l10n.bundle });
  let html: string;
  try {
    html = renderChatHtml({
      cspSource: origin,
      scriptUri: `${origin}/webview.js`,
      styleUris: [`${origin}/katex/katex.min.css`, `${origin}/media/render.css`, `${origin}/media/chat.css`],
      ...(l10n ? { l10n } : {}),
    });
  } finally {
    if (l10n) configL10n({ contents: {} });
  }
  const nonce = /<script nonce="([^"]+)"/.exec(html)?.[1];
  if (!nonce) throw new Error('no script nonce in renderChatHtml()');
  return html
    .replace('<link ', `<link rel="stylesheet" href="${origin}/theme.css">\n<link `)
    .replace('<script nonce=', `<script nonce="${nonce}" src="${origin}/fake-vscode-api.js"></script>\n<script nonce=`);
}

export interface ChatPage {
  page: Page;
  /** Paths the page asked for that are not served (something loading what it should not). */
  strayRequests: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
  /** Sends a host notification and waits a frame, so renders scheduled by it have run. */
  notify(method: string, params: unknown): Promise<void>;
  close(): Promise<void>;
}

/** Builds the bundles, serves the page on a free loopback port and opens it in Chromium. */
export async function openChatPage(viewport = { width: 480, height: 900 }, l10n?: PageLanguage): Promise<ChatPage> {
  const [webview, fakeApi] = await Promise.all([
    // As esbuild.mjs builds dist/webview.js (one KaTeX), so the test runs what ships.
    bundleForBrowser('src/webview/main.ts', { katex: path.join(repoRoot, 'node_modules/katex') }),
    bundleForBrowser('test/webview/chat/fakeVsCodeApi.ts'),
  ]);
  const site = await serveStaticSite({
    scripts: { '/webview.js': webview, '/fake-vscode-api.js': fakeApi },
    files: {
      '/theme.css': path.join(repoRoot, 'harness/render/theme-dark.css'),
    },
    // Whatever stylesheets the page names (render, chat, tools), as the webview's media root does.
    folders: { '/media/': path.join(repoRoot, 'media'), '/katex/': path.join(repoRoot, 'node_modules/katex/dist') },
  });
  const origin = site.origin;
  site.setPage(pageHtml(origin, l10n));

  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await site.close();
  };
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__host?.ready === true);
    return {
      page,
      strayRequests: site.strayRequests,
      pageErrors,
      async notify(method, params) {
        await page.evaluate(([m, p]) => window.__host.notify(m as string, p), [method, params] as const);
        await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
