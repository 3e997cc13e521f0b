// A tiny web server for the renderer's browser tests and bench: the renderer bundled with esbuild
// (harness/render/page.ts) in a page with the chat webview's own CSP, KaTeX's CSS and fonts
// and media/render.css, all from the page's own origin (http://127.0.0.1:PORT), as in VS Code.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../chromium.mjs';
import { repoRoot } from '../repo.mjs';
import { bundleForBrowser, serveStaticSite } from '../staticSite';
import type {} from './page';
import { renderChatHtml } from '../../src/extension/chat/webviewHtml';

const here = path.join(repoRoot, 'harness/render');

export interface RenderTestPage {
  /** The test page. */
  url: string;
  /** Paths requested that the page does not serve (a payload phoning home would show here). */
  strayRequests: string[];
  close(): Promise<void>;
}

/** The CSP of the chat webview, taken from the extension's own HTML so the two cannot drift. */
function extensionCsp(origin: string): { csp: string; nonce: string } {
  const html = renderChatHtml({ cspSource: origin, scriptUri: `${origin}/page.js`, styleUris: [`${origin}/render.css`] });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  const nonce = /<script nonce="([^"]+)"/.exec(html)?.[1];
  if (!csp || !nonce) throw new Error('could not find the CSP in renderChatHtml()');
  return { csp, nonce };
}

function pageHtml(csp: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="/katex/katex.min.css">
<link rel="stylesheet" href="/theme.css">
<link rel="stylesheet" href="/render.css">
<title>Renderer test page</title>
</head>
<body>
<main id="messages"></main>
<script nonce="${nonce}" src="/page.js"></script>
</body>
</html>`;
}

/** Bundles page.ts and serves the test page on a free loopback port. */
export async function startRenderTestPage(): Promise<RenderTestPage> {
  const site = await serveStaticSite({
    scripts: { '/page.js': await bundleForBrowser('harness/render/page.ts') },
    files: {
      '/render.css': path.join(repoRoot, 'media/render.css'),
      '/theme.css': path.join(here, 'theme-dark.css'),
    },
    folders: { '/katex/': path.join(repoRoot, 'node_modules/katex/dist') },
  });
  const { csp, nonce } = extensionCsp(site.origin);
  site.setPage(pageHtml(csp, nonce));
  return { url: `${site.origin}/`, strayRequests: site.strayRequests, close: () => site.close() };
}

export interface OpenRenderPage {
  page: Page;
  server: RenderTestPage;
  close(): Promise<void>;
}

/** Starts the test page and opens it in Chromium (harness/chromium.mjs). */
export async function openRenderPage(viewport = { width: 560, height: 900 }): Promise<OpenRenderPage> {
  const server = await startRenderTestPage();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport });
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.tutor === 'object');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return {
      page,
      server,
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser.close();
    await server.close();
    throw error;
  }
}
