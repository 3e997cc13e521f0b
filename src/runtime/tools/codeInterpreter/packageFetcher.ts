import type { WorkerFetch, WorkerFetched } from './workerProtocol';

/** The largest package file handed to the sandbox (Pyodide's biggest wheels are tens of MB). */
export const MAX_PACKAGE_BYTES = 200 * 1024 * 1024;
/** Requests in flight at once; Pyodide asks for a package's dependencies in parallel. */
const MAX_IN_FLIGHT = 8;
const HEAD_TIMEOUT_MS = 3_000;
const GET_TIMEOUT_MS = 120_000;

/**
 * Fetches package files for the sandbox, which has no network of its own. The sandbox's code is
 * hostile, so this is a narrow door: only URLs under the configured package index, only GET and
 * HEAD, bounded in size, time and concurrency. Anything else gets a status, never an exception.
 */
export class PackageFetcher {
  private inFlight = 0;

  constructor(
    private readonly indexUrl: string | null,
    private readonly maxBytes = MAX_PACKAGE_BYTES,
  ) {}

  async answer(request: WorkerFetch): Promise<WorkerFetched> {
    const reply = (status: number, bytes?: Uint8Array): WorkerFetched => ({ type: 'fetched', id: request.id, status, ...(bytes ? { bytes } : {}) });
    if (!this.allowed(request)) return reply(403);
    if (this.inFlight >= MAX_IN_FLIGHT) return reply(429);
    this.inFlight++;
    try {
      const response = await fetch(request.url, { method: request.method, redirect: 'error', signal: AbortSignal.timeout(request.method === 'HEAD' ? HEAD_TIMEOUT_MS : GET_TIMEOUT_MS) });
      if (request.method === 'HEAD' || !response.ok) {
        await response.body?.cancel();
        return reply(response.status);
      }
      const bytes = await readBounded(response, this.maxBytes);
      return bytes ? reply(response.status, bytes) : reply(413);
    } catch {
      return reply(0);
    } finally {
      this.inFlight--;
    }
  }

  private allowed(request: WorkerFetch): boolean {
    if (!this.indexUrl || (request.method !== 'GET' && request.method !== 'HEAD') || typeof request.url !== 'string') return false;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return false;
    }
    // Compared after parsing, so `..` segments and encodings cannot walk out of the index folder.
    return url.href.startsWith(new URL(this.indexUrl).href) && !url.username && !url.password;
  }
}

/** The body, or undefined once it passes `limit` bytes (the rest is not read). */
async function readBounded(response: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    total += chunk.value.byteLength;
    if (total > limit) {
      await reader!.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
