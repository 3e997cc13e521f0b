// A tiny web server for the renderer's browser tests and bench: the renderer bundled with esbuild
// (test/webview/render/page.ts) in a page with the chat webview's own CSP, KaTeX's CSS and fonts
// and media/render.css, all from the page's own origin (http://127.0.0.1:PORT), as in VS Code.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { launchChromium, repoRoot } from '../../harness/codeServer.mjs';
import type {} from './page';
import { renderChatHtml } from '../../../src/extension/webviewHtml';

const here = path.join(repoRoot, 'test/webview/render');

export interface RenderTestPage {
  /** The test page. */
  url: string;
  /** Paths requested that the page does not serve (a payload phoning home would show here). */
  strayRequests: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.png': 'image/png',
};

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
  const bundle = await esbuild.build({
    entryPoints: [path.join(here, 'page.ts')], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2022', sourcemap: 'inline', logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.contents;
  const files: Record<string, string> = {
    '/render.css': path.join(repoRoot, 'media/render.css'),
    '/theme.css': path.join(here, 'fixtures/theme-dark.css'),
  };
  const strayRequests: string[] = [];
  let page = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (body: string | Uint8Array, type: string) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (url.pathname === '/') return send(page, 'text/html; charset=utf-8');
      if (url.pathname === '/page.js') return send(script, TYPES['.js']!);
      const file = files[url.pathname] ??
        (url.pathname.startsWith('/katex/') && !url.pathname.includes('..') ? path.join(repoRoot, 'node_modules/katex/dist', url.pathname.slice(7)) : undefined);
      if (file) {
        try {
          return send(await readFile(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
        } catch {
          // Falls through to 404.
        }
      }
      if (url.pathname !== '/favicon.ico') strayRequests.push(url.pathname + url.search);
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  const { csp, nonce } = extensionCsp(origin);
  page = pageHtml(csp, nonce);
  return {
    url: `${origin}/`,
    strayRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface OpenRenderPage {
  page: Page;
  server: RenderTestPage;
  close(): Promise<void>;
}

/** Starts the test page and opens it in Chromium (test/harness: launchChromium). */
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
