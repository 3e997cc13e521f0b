// One loopback web server for the browser tests that load webview code without VS Code (the
// renderer page and the chat page): a page, esbuild bundles, single files and whole folders, all
// from one origin as a webview has, and a list of every path asked for that is not served — a
// payload phoning home, or the page loading what it should not, shows up there.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './repo.mjs';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.png': 'image/png',
};

/** Bundles browser code (a repo-relative entry) as one IIFE script, the way the webview ships. */
export async function bundleForBrowser(entry: string, alias: Record<string, string> = {}): Promise<Uint8Array> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, entry)], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2022', sourcemap: 'inline', logLevel: 'silent', alias,
  });
  return result.outputFiles[0]!.contents;
}

export interface SiteContent {
  /** Scripts by URL path, e.g. `{ '/page.js': bytes }`. */
  scripts: Record<string, Uint8Array>;
  /** Single files by URL path: absolute file paths. */
  files: Record<string, string>;
  /** Folders by URL prefix (ending in `/`): absolute folder paths. Paths with `..` are refused. */
  folders: Record<string, string>;
}

export interface StaticSite {
  /** `http://127.0.0.1:PORT`, known before the page is, so the page can name it (its CSP does). */
  origin: string;
  /** Paths the page asked for that are not served. */
  strayRequests: string[];
  /** Sets the page served at `/`. */
  setPage(html: string): void;
  close(): Promise<void>;
}

/** Serves `content` on a free loopback port; `/` answers with what `setPage` gave. */
export async function serveStaticSite(content: SiteContent): Promise<StaticSite> {
  const strayRequests: string[] = [];
  let html = '';
  const fileFor = (pathname: string): string | undefined => {
    if (content.files[pathname]) return content.files[pathname];
    if (pathname.includes('..')) return undefined;
    const prefix = Object.keys(content.folders).find((p) => pathname.startsWith(p));
    return prefix ? path.join(content.folders[prefix]!, pathname.slice(prefix.length)) : undefined;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (body: string | Uint8Array, type: string) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (url.pathname === '/') return send(html, 'text/html; charset=utf-8');
      const script = content.scripts[url.pathname];
      if (script) return send(script, TYPES['.js']!);
      const file = fileFor(url.pathname);
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
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    strayRequests,
    setPage: (page) => (html = page),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
