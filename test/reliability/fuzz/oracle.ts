/**
 * Sends requests and judges the answers. What must hold for every request, however bad:
 * - no 5xx, and an answer at all (no reset, no hang);
 * - a 4xx carries OpenAI's error object: `error.message` a non-empty string, `type` a string,
 *   `code` and `param` strings or null (and the spec's ErrorResponse agrees);
 * - a 2xx JSON body matches the spec's schema for its object, and a 2xx event stream has only
 *   events the spec defines, with matching data, ending in `done`.
 * Every answer also feeds the pool, and the counts feed the report.
 */
import { schemaForResponseEvent, schemaForStreamEvent, specErrors } from '../../harness/spec';
import { schemaForBody } from '../../runtime/specWatch';
import type { Pool } from './pool';
import type { HttpRequest } from './requests';

/** Counts of what was sent and how it was answered. */
export class Stats {
  sent = 0;
  readonly byClass = new Map<string, number>();
  readonly byEndpoint = new Map<string, Map<string, number>>();
  readonly byTag = new Map<string, number>();
  /** Milliseconds spent waiting for answers, per endpoint (a figure for the report, never asserted). */
  readonly waited = new Map<string, number>();
  /** The slowest answers, for the report. */
  readonly slowest: { ms: number; what: string }[] = [];

  record(endpoint: string, tags: string[], outcome: number | 'no answer', ms = 0, what = endpoint): void {
    this.slowest.push({ ms, what: `${outcome} ${what}` });
    this.slowest.sort((a, b) => b.ms - a.ms).splice(5);
    const cls = typeof outcome === 'number' ? `${Math.floor(outcome / 100)}xx` : outcome;
    this.sent++;
    this.waited.set(endpoint, (this.waited.get(endpoint) ?? 0) + ms);
    bump(this.byClass, cls);
    const row = this.byEndpoint.get(endpoint) ?? new Map<string, number>();
    bump(row, cls);
    this.byEndpoint.set(endpoint, row);
    for (const tag of tags) bump(this.byTag, tag);
  }

  /** The report as lines of text: totals, then one line per endpoint. */
  report(): string[] {
    const classes = ['2xx', '4xx', '5xx', 'no answer'];
    const cell = (m: Map<string, number>) => classes.map((c) => String(m.get(c) ?? 0).padStart(7)).join('');
    const lines = [
      `requests sent: ${this.sent}`,
      `by status class: ${classes.map((c) => `${c} ${this.byClass.get(c) ?? 0}`).join(', ')}`,
      `by kind of input: ${[...this.byTag].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ')}`,
      `${'endpoint'.padEnd(76)}${classes.map((c) => c.padStart(7)).join('')}  ms/req`,
    ];
    for (const [endpoint, row] of [...this.byEndpoint].sort((a, b) => a[0].localeCompare(b[0]))) {
      const n = [...row.values()].reduce((a, b) => a + b, 0);
      lines.push(`${endpoint.padEnd(76)}${cell(row)}${String(Math.round((this.waited.get(endpoint) ?? 0) / n)).padStart(8)}`);
    }
    lines.push('slowest answers:', ...this.slowest.map((x) => `  ${x.ms} ms: ${x.what}`));
    return lines;
  }
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** How long one request may take before it counts as a hang (runs stream for well under a second). */
const ANSWER_WITHIN_MS = 90_000;

/** Sends one request; returns what was wrong with the answer (empty: nothing). */
/** A request in one line, for the report: method, path, what it probes and how big its body was. */
function summary(r: HttpRequest): string {
  const size = r.body === undefined ? 0 : typeof r.body === 'string' ? r.body.length : r.body.byteLength;
  return `${r.method} ${new URL(r.url).pathname.slice(0, 100)} [${r.tags.join(', ')}] body ${size} chars`;
}

export async function exchange(request: HttpRequest, endpoint: string, pool: Pool, stats: Stats, serverExit: () => string | undefined): Promise<string[]> {
  let res: Response;
  const started = Date.now();
  try {
    res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      // Uint8Array bodies are sent as they are (the DOM typings want an ArrayBuffer-backed view).
      ...(request.body !== undefined ? { body: request.body as BodyInit } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
  } catch (err) {
    stats.record(endpoint, request.tags, 'no answer', Date.now() - started);
    const exit = serverExit();
    const cause = (err as { cause?: unknown }).cause;
    return [exit ? `the server died: ${exit}` : `no answer: ${String(err)}${cause ? ` (${String(cause)})` : ''}`];
  }
  try {
    const problems = await judge(request, res, pool);
    // Counted once the body is in: a streamed run's time is the run's.
    stats.record(endpoint, request.tags, res.status, Date.now() - started, summary(request));
    return problems;
  } catch (err) {
    // Reading the body failed: the server cut the response off.
    stats.record(endpoint, request.tags, res.status, Date.now() - started);
    return [`${res.status} answer could not be read: ${String(err)}`];
  }
}

async function judge(request: HttpRequest, res: Response, pool: Pool): Promise<string[]> {
  const type = res.headers.get('content-type') ?? '';
  const path = new URL(request.url).pathname;
  if (request.method === 'HEAD') {
    await res.arrayBuffer();
    return res.status >= 500 ? [`${res.status} to HEAD`] : [];
  }
  if (res.status >= 500 || res.status < 200 || (res.status >= 300 && res.status < 400)) {
    return [`status ${res.status}: ${(await res.text()).slice(0, 600)}`];
  }
  if (res.status >= 400) return errorProblems(res.status, await res.text());
  if (type.includes('text/event-stream')) return /^\/v1\/responses/.test(path) ? responseStreamProblems(await res.text(), pool) : streamProblems(await res.text(), pool);
  if (/^\/v1\/files\/[^/]+\/content$/.test(path)) {
    // A file's own bytes, whatever their type.
    await res.arrayBuffer();
    return [];
  }
  const text = await res.text();
  if (!type.includes('application/json')) return [`${res.status} with content-type "${type}": ${text.slice(0, 200)}`];
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [`${res.status} body is not JSON: ${text.slice(0, 200)}`];
  }
  // A Response has an `error` field of its own (null, or why it failed): only a bare error object is one.
  if ('error' in body && !('object' in body)) return [`${res.status} carries an error: ${text.slice(0, 300)}`];
  pool.learn(body, path);
  // The spec gives these deletions no body schema; OpenAI answers {id, object, deleted}.
  if (body.deleted === true && (body.object === 'response' || body.object === 'container.deleted')) {
    return typeof body.id === 'string' && Object.keys(body).length === 3 ? [] : [`${res.status} a deletion is {id, object, deleted}: ${text.slice(0, 200)}`];
  }
  const schema = schemaForBody(body, path);
  if (!schema) return [`${res.status}: no spec schema for a body with object "${String(body.object)}" at ${path}`];
  return specErrors(schema, body).map((e) => `${res.status} body does not match the spec: ${e}`);
}

/** The problems of an error answer's body, judged as OpenAI's error object. */
function errorProblems(status: number, text: string): string[] {
  let body: { error?: Record<string, unknown> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return [`${status} body is not JSON: ${JSON.stringify(text.slice(0, 200))}`];
  }
  const e = body?.error;
  if (typeof e !== 'object' || e === null) return [`${status} body has no error object: ${text.slice(0, 200)}`];
  const problems: string[] = [];
  if (typeof e.message !== 'string' || e.message === '') problems.push(`${status} error.message is not a non-empty string`);
  if (typeof e.type !== 'string') problems.push(`${status} error.type is not a string`);
  if (e.code !== null && typeof e.code !== 'string') problems.push(`${status} error.code is neither a string nor null`);
  if (e.param !== null && typeof e.param !== 'string') problems.push(`${status} error.param is neither a string nor null`);
  problems.push(...specErrors('ErrorResponse', body).map((p) => `${status} error body: ${p}`));
  return problems.map((p) => `${p} — ${text.slice(0, 200)}`);
}

/** The problems of a run's event stream: undefined events, data off the spec, a missing `done`. */
function streamProblems(text: string, pool: Pool): string[] {
  const problems: string[] = [];
  const blocks = text.split('\n\n').filter((b) => b.trim());
  for (const block of blocks) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (!event || data === undefined) {
      problems.push(`stream block without event or data: ${block.slice(0, 120)}`);
      continue;
    }
    if (event === 'done') continue;
    // The runtime says `error` only when something outside the run's own handling broke.
    if (event === 'error') problems.push(`stream error event: ${data.slice(0, 300)}`);
    const schema = schemaForStreamEvent(event);
    if (!schema) {
      problems.push(`stream event the spec does not define: ${event}`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      problems.push(`${event}: data is not JSON`);
      continue;
    }
    pool.learn(parsed);
    problems.push(...specErrors(schema, parsed).map((e) => `${event}: ${e}`));
  }
  if (!/^event: done$/m.exec(blocks.at(-1) ?? '')) problems.push(`stream did not end with done (${blocks.length} events)`);
  return problems;
}

/**
 * The problems of a Responses stream: events the spec does not define, data off the spec, sequence
 * numbers that do not count up from where the stream began. It has no `done`: it ends after its
 * last event (a cancelled response's stream just stops).
 */
function responseStreamProblems(text: string, pool: Pool): string[] {
  const problems: string[] = [];
  let last: number | undefined;
  for (const block of text.split('\n\n').filter((b) => b.trim())) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (!event || data === undefined) {
      problems.push(`stream block without event or data: ${block.slice(0, 120)}`);
      continue;
    }
    if (event === 'error') problems.push(`stream error event: ${data.slice(0, 300)}`);
    const schema = schemaForResponseEvent(event);
    if (!schema) {
      problems.push(`stream event the spec does not define: ${event}`);
      continue;
    }
    let parsed: { type?: string; sequence_number?: number };
    try {
      parsed = JSON.parse(data) as typeof parsed;
    } catch {
      problems.push(`${event}: data is not JSON`);
      continue;
    }
    if (parsed.type !== event) problems.push(`${event}: data says type ${String(parsed.type)}`);
    if (last !== undefined && parsed.sequence_number !== last + 1) problems.push(`${event}: sequence_number ${String(parsed.sequence_number)} after ${last}`);
    last = parsed.sequence_number;
    pool.learn(parsed);
    problems.push(...specErrors(schema, parsed).map((e) => `${event}: ${e}`));
  }
  return problems;
}
