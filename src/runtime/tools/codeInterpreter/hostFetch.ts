import type { FromWorker, WorkerFetched } from './workerProtocol';

const waiting = new Map<number, (reply: WorkerFetched) => void>();
let nextId = 0;

/**
 * The sandbox's `fetch`: Pyodide's loadPackage calls the global fetch for package files, and the
 * sandbox has no network (workerSpawn.ts networkJail), so each request goes to the host over the
 * IPC channel (PackageFetcher answers, for the package index only). Runs inside the sandbox.
 */
export function installHostFetch(post: (message: FromWorker) => void): void {
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') throw new TypeError(`The sandbox fetches package files only (not ${method}).`);
    const id = ++nextId;
    const reply = await new Promise<WorkerFetched>((resolve) => {
      waiting.set(id, resolve);
      post({ type: 'fetch', id, url, method });
    });
    if (reply.status === 0) throw new TypeError(`fetch failed: the host could not reach ${url}`);
    return new Response(method === 'HEAD' || !reply.bytes ? null : (reply.bytes as Uint8Array<ArrayBuffer>), { status: reply.status });
  };
}

/** Hands the host's answer to the fetch that asked (called for every 'fetched' message). */
export function settleHostFetch(reply: WorkerFetched): void {
  waiting.get(reply.id)?.(reply);
  waiting.delete(reply.id);
}
