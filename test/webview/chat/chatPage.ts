// The chat webview as VS Code shows it, without VS Code: the page from the extension's own
// renderChatHtml() (its CSP, nonce and markup), the real webview bundle built from
// src/webview/main.ts as esbuild.mjs builds it, media/*.css and KaTeX's CSS, all served from one
// loopback origin, plus fakeVsCodeApi.ts in place of `acquireVsCodeApi`. Tests drive it with
// host messages and read what the webview posts back.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, repoRoot } from '../../harness/codeServer.mjs';
import type {} from './fakeVsCodeApi';
import { renderChatHtml } from '../../../src/extension/webviewHtml';

const TYPES: Record<string, string> = { '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' };

async function bundle(entry: string, alias: Record<string, string> = {}): Promise<Uint8Array> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, entry)], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2022', sourcemap: 'inline', logLevel: 'silent', alias,
  });
  return result.outputFiles[0]!.contents;
}

/** The extension's page with the fake API's script first (same nonce) and a dark theme's variables. */
function pageHtml(origin: string): string {
  const html = renderChatHtml({
    cspSource: origin,
    scriptUri: `${origin}/webview.js`,
    styleUris: [`${origin}/katex/katex.min.css`, `${origin}/media/render.css`, `${origin}/media/chat.css`],
  });
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
export async function openChatPage(viewport = { width: 480, height: 900 }): Promise<ChatPage> {
  const [webview, fakeApi] = await Promise.all([
    // As esbuild.mjs builds dist/webview.js (one KaTeX), so the test runs what ships.
    bundle('src/webview/main.ts', { katex: path.join(repoRoot, 'node_modules/katex') }),
    bundle('test/webview/chat/fakeVsCodeApi.ts'),
  ]);
  const strayRequests: string[] = [];
  let html = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (body: string | Uint8Array, type: string) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (url.pathname === '/') return send(html, 'text/html; charset=utf-8');
      if (url.pathname === '/webview.js') return send(webview, 'text/javascript');
      if (url.pathname === '/fake-vscode-api.js') return send(fakeApi, 'text/javascript');
      const file = url.pathname.includes('..')
        ? undefined
        : url.pathname === '/theme.css'
          ? path.join(repoRoot, 'test/webview/render/fixtures/theme-dark.css')
          : url.pathname.startsWith('/media/') && url.pathname.endsWith('.css')
            ? path.join(repoRoot, url.pathname)
            : url.pathname.startsWith('/katex/')
              ? path.join(repoRoot, 'node_modules/katex/dist', url.pathname.slice('/katex/'.length))
              : undefined;
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
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  html = pageHtml(origin);

  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
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
      strayRequests,
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
