// Helpers for the secrets suites: a recognisable canary key, a provider that echoes the key it
// was sent back in a 401 (as a careless proxy or an old server might), and a recursive grep of
// the artifacts a test left behind.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RecordedRequest, Turn } from '../../harness/fakeModel';

/** A key no real provider issues and no file contains by chance. */
export function canaryKey(): string {
  return `sk-tutor-canary-${randomBytes(16).toString('hex')}`;
}

/** The key the provider was sent, from the bearer header or Azure's api-key header. */
export function sentKey(request: RecordedRequest): string {
  const auth = request.headers.authorization ?? '';
  return auth.replace(/^Bearer\s+/i, '') || String(request.headers['api-key'] ?? '');
}

/** A 401 whose message repeats the key it was sent, in full. */
export const echoing401: Turn = {
  respond: (_body, request) => ({
    error: {
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${sentKey(request)}. You can find your API key in your account.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
    },
  }),
};

/**
 * Every file under `roots` whose bytes contain `needle` (as UTF-8, UTF-16LE, or base64 when it
 * starts on a 3-byte boundary: the ways a string lands in a file), and the files looked at.
 * Unreadable entries (sockets, files that vanished) are skipped.
 */
export function grepTree(roots: string[], needle: string, skip: (file: string) => boolean = () => false): { hits: string[]; files: number; searched: string[] } {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le'), Buffer.from(Buffer.from(needle).toString('base64').slice(0, 24))];
  const hits: string[] = [];
  const searched: string[] = [];
  const visit = (p: string) => {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(p)) visit(path.join(p, name));
      return;
    }
    if (!stat.isFile() || skip(p)) return;
    searched.push(p);
    let bytes: Buffer;
    try {
      bytes = readFileSync(p);
    } catch {
      return;
    }
    if (forms.some((f) => bytes.includes(f))) hits.push(p);
  };
  for (const root of roots) visit(root);
  return { hits, files: searched.length, searched };
}
