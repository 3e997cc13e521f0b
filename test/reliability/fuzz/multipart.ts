/**
 * Upload bodies for POST /files, built byte by byte so they can be wrong in the ways real clients
 * and proxies get them wrong: missing parts, a file sent as a plain field, hostile file names,
 * cut short, the wrong boundary, bare LF line ends.
 */
import fc from 'fast-check';
import { shortNasty } from './nasty';

export interface UploadPlan {
  purpose: { value: string } | 'missing' | 'twice';
  file: { name: string; type: string; content: Uint8Array } | { field: string } | 'missing';
  /** Parts the API does not know. */
  extra: { name: string; value: string }[];
  garble: 'none' | 'truncate' | 'wrong-boundary' | 'no-boundary-param' | 'lf-only' | 'no-closing' | 'not-multipart-header' | 'empty';
  /** Where `truncate` cuts, as a fraction of the body. */
  cut: number;
}

const encoder = new TextEncoder();

/** Words that make a searchable text file, so vector store ingestion succeeds as well as fails. */
const textContent = fc.lorem({ maxCount: 60, mode: 'sentences' }).map((t) => encoder.encode(t));

const fileName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('notes.txt', 'week1.md', 'data.json', 'table.csv', 'page.html', 'proof.tex', 'paper.pdf', 'image.png', 'script.py', 'archive.zip', 'noext') },
  { weight: 3, arbitrary: fc.tuple(shortNasty, fc.constantFrom('.txt', '.md', '.pdf', '', '.json')).map(([n, ext]) => n + ext) },
  { weight: 1, arbitrary: fc.constantFrom('../../etc/passwd', '..\\..\\tutor.sqlite', '/abs/path/file.txt', 'a"b.txt', 'x'.repeat(400) + '.txt', 'file\r\nX-Evil: 1.txt', '') },
);

const content = fc.oneof(
  { weight: 5, arbitrary: textContent },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_000 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
  // A PDF header over garbage: read as a PDF whatever the name says, and it is not one.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 500 }).map((b) => new Uint8Array([...encoder.encode('%PDF-1.7\n'), ...b])) },
  { weight: 1, arbitrary: fc.constant(encoder.encode('x'.repeat(1 << 20))) },
);

export const uploadPlan: fc.Arbitrary<UploadPlan> = fc.record({
  purpose: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('assistants', 'vision', 'user_data').map((value) => ({ value })) },
    { weight: 2, arbitrary: fc.oneof(fc.constantFrom('fine-tune', 'batch', 'assistants_output', 'ASSISTANTS', ''), shortNasty).map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'twice' as const) },
  ),
  file: fc.oneof(
    { weight: 8, arbitrary: fc.record({ name: fileName, type: fc.constantFrom('text/plain', 'application/octet-stream', 'application/pdf', '', 'x/y; z'), content }) },
    { weight: 1, arbitrary: shortNasty.map((field) => ({ field })) },
    { weight: 1, arbitrary: fc.constant('missing' as const) },
  ),
  extra: fc.array(fc.record({ name: fc.oneof(fc.constantFrom('purpose2', 'file', 'expires_after'), shortNasty), value: shortNasty }), { maxLength: 2 }),
  garble: fc.oneof(
    { weight: 10, arbitrary: fc.constant('none' as const) },
    { weight: 4, arbitrary: fc.constantFrom('truncate', 'wrong-boundary', 'no-boundary-param', 'lf-only', 'no-closing', 'not-multipart-header', 'empty') },
  ),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** The wire form of a plan: the bytes and the Content-Type header to send with them. */
export function buildUpload(plan: UploadPlan): { body: Uint8Array; contentType: string } {
  const boundary = '----tutorfuzz7MA4YWxkTrZu0gW';
  const eol = plan.garble === 'lf-only' ? '\n' : '\r\n';
  const chunks: Uint8Array[] = [];
  // Header values travel as UTF-8 bytes inside the body; quotes are escaped as browsers do.
  const quoted = (s: string) => `"${s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
  const field = (name: string, value: string) => {
    chunks.push(encoder.encode(`--${boundary}${eol}Content-Disposition: form-data; name=${quoted(name)}${eol}${eol}${value}${eol}`));
  };
  if (typeof plan.purpose === 'object') field('purpose', plan.purpose.value);
  if (plan.purpose === 'twice') {
    field('purpose', 'assistants');
    field('purpose', 'vision');
  }
  if (plan.file !== 'missing') {
    if ('field' in plan.file) field('file', plan.file.field);
    else {
      const head = `--${boundary}${eol}Content-Disposition: form-data; name="file"; filename=${quoted(plan.file.name)}${eol}${plan.file.type ? `Content-Type: ${plan.file.type}${eol}` : ''}${eol}`;
      chunks.push(encoder.encode(head), plan.file.content, encoder.encode(eol));
    }
  }
  for (const x of plan.extra) field(x.name, x.value);
  if (plan.garble !== 'no-closing') chunks.push(encoder.encode(`--${boundary}--${eol}`));
  let body = concat(chunks);
  if (plan.garble === 'truncate') body = body.subarray(0, Math.floor(body.length * plan.cut));
  if (plan.garble === 'empty') body = new Uint8Array();
  const contentType = {
    'wrong-boundary': 'multipart/form-data; boundary=not-the-boundary',
    'no-boundary-param': 'multipart/form-data',
    'not-multipart-header': 'application/json',
  }[plan.garble as string] ?? `multipart/form-data; boundary=${boundary}`;
  return { body, contentType };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
