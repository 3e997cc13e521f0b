/**
 * Request plans: what fast-check generates and shrinks. A plan names its ids symbolically (pool
 * refs) and is turned into a concrete HTTP request only when sent (`resolve`), so one seed always
 * generates the same plans. Most plans are well-formed apart from one or two things; a valid plan
 * now and then keeps the server's state growing (threads with runs, stores with files).
 */
import fc from 'fast-check';
import { INCLUDE_SEARCH_CONTENT } from '../../../src/runtime/engine/publicStep';
import { type Endpoint, PARAM_KIND, paramsOf } from './endpoints';
import { buildUpload, type UploadPlan, uploadPlan } from './multipart';
import { badIdSegment, brokenJsonText, isRawJson, nastyJson, nastyKey, shortNasty } from './nasty';
import { type Entry, isRef, type Pool, type PoolKind, type Ref } from './pool';
import { refTo, validValues } from './schemaArb';

export type Auth = 'ok' | 'none' | 'wrong' | 'scheme-only' | 'lowercase-scheme' | 'basic' | 'long' | 'trailing-space';

export type BodyPlan =
  | { kind: 'json'; value: unknown; how: 'valid' | 'mutated' | 'not-an-object' }
  | { kind: 'text'; text: string | Uint8Array }
  | { kind: 'upload'; plan: UploadPlan }
  /** submit_tool_outputs answering every call the pool saw the run wait for. */
  | { kind: 'answer-all'; stream: boolean }
  | { kind: 'none' };

export interface RequestPlan {
  endpoint: Endpoint;
  /** Another method than the route's, to probe 404/405 handling. */
  method?: string;
  /** Which known object fills the path; `bad` puts a hostile segment or a deleted object's id in one place. */
  path: { n: number; coherent: boolean; bad?: { index: number; segment: string } | { index: number; stale: number } };
  query: [string, string | Ref][];
  /** Appended to the query string as written: broken percent-encoding and the like. */
  rawQuery?: string;
  body: BodyPlan;
  auth: Auth;
  contentType?: string;
}

/** A concrete request, ready for fetch. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** What this request probes, for the report: `valid`, `bad id`, `broken JSON`… */
  tags: string[];
}

/** `arb` with `some` chances in `some + none` to be there at all. */
const sometimes = <T>(arb: fc.Arbitrary<T>, some: number, none: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: some, arbitrary: arb }, { weight: none, arbitrary: fc.constant(undefined) });

// ── Bodies ──────────────────────────────────────────────────────────────────────────────────

type Mutation = { op: 'drop' | 'wrap'; at: number } | { op: 'add'; at: number; key: string; value: unknown } | { op: 'replace'; at: number; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop' as const, 'wrap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: nastyKey, value: nastyJson }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: nastyJson }) },
);

type Path = (string | number)[];

/** Every place in a value a mutation can hit (refs and raw text count as leaves). */
function placesIn(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (value !== null && typeof value === 'object' && !isRef(value) && !isRawJson(value)) {
    for (const [k, v] of Object.entries(value)) placesIn(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

/** A copy of `value` with the thing at `path` changed by `fn` (undefined deletes it). Copies only along the path. */
function updateAt(value: unknown, path: Path, fn: (old: unknown) => unknown): unknown {
  if (path.length === 0) return fn(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = updateAt(copy[head as number], rest, fn);
    if (next === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  const next = updateAt(copy[head as string], rest, fn);
  if (next === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

function mutate(value: unknown, m: Mutation): unknown {
  const places = placesIn(value);
  const path = places[m.at % places.length]!;
  switch (m.op) {
    case 'drop': return path.length ? updateAt(value, path, () => undefined) : {};
    case 'wrap': return updateAt(value, path, (old) => [old]);
    case 'replace': return updateAt(value, path, () => m.value);
    case 'add': return updateAt(value, path, (old) => (old !== null && typeof old === 'object' && !Array.isArray(old) ? { ...old, [m.key]: m.value } : { [m.key]: m.value }));
  }
}

function bodyArb(ep: Endpoint): fc.Arbitrary<BodyPlan> {
  if (ep.body === 'multipart') return uploadPlan.map((plan) => ({ kind: 'upload' as const, plan }));
  if (!ep.body) {
    // Routes without a body must ignore one (only POST and DELETE can carry it).
    const junk = fc.oneof(nastyJson.map((value) => ({ kind: 'json' as const, value, how: 'not-an-object' as const })), brokenJsonText.map((text) => ({ kind: 'text' as const, text })));
    return ep.method === 'GET' ? fc.constant({ kind: 'none' as const }) : fc.oneof({ weight: 9, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: junk });
  }
  const valid = validValues(ep.body);
  const options: fc.WeightedArbitrary<BodyPlan>[] = [
    { weight: 5, arbitrary: valid.map((value) => ({ kind: 'json' as const, value, how: 'valid' as const })) },
    {
      weight: 5,
      arbitrary: fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([value, ms]) => ({ kind: 'json' as const, value: ms.reduce(mutate, value), how: 'mutated' as const })),
    },
    { weight: 1, arbitrary: nastyJson.map((value) => ({ kind: 'json' as const, value, how: 'not-an-object' as const })) },
    { weight: 1, arbitrary: brokenJsonText.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  ];
  if (ep.path.endsWith('/submit_tool_outputs')) options.push({ weight: 4, arbitrary: fc.boolean().map((stream) => ({ kind: 'answer-all' as const, stream })) });
  return fc.oneof(...options);
}

// ── Queries ─────────────────────────────────────────────────────────────────────────────────

const limit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) },
  { weight: 3, arbitrary: fc.constantFrom('0', '-1', '101', '10000', '10001', 'abc', '', '1.5', '1e2', '0x10', ' 5', '5 ', '99999999999999999999', 'Infinity', 'NaN', '1,2', '٣') },
  { weight: 1, arbitrary: shortNasty },
);
const order = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('asc', 'desc') }, { weight: 1, arbitrary: fc.constantFrom('ASC', '', 'random') }, { weight: 1, arbitrary: shortNasty });

/** A cursor: mostly an item of this very list, sometimes of another list, or not an id at all. */
function cursor(lists: PoolKind): fc.Arbitrary<string | Ref> {
  return fc.oneof(
    { weight: 6, arbitrary: refTo(lists) },
    { weight: 1, arbitrary: fc.constantFrom<PoolKind>('assistant', 'thread', 'message', 'run', 'file', 'vector_store').chain(refTo) },
    { weight: 1, arbitrary: fc.oneof(shortNasty, fc.constantFrom('msg_missing', 'x'.repeat(5_000))) },
  );
}

const include = fc.oneof(fc.constant(INCLUDE_SEARCH_CONTENT), fc.constantFrom('file_search_call.results', 'code_interpreter_call.outputs', 'step_details', 'bogus', ''), shortNasty);

function queryArb(ep: Endpoint): fc.Arbitrary<[string, string | Ref][]> {
  const extra = sometimes(fc.array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'order', 'after', 'include', 'include[]', 'run_id', 'stream'), nastyKey), shortNasty), { minLength: 1, maxLength: 2 }), 1, 8);
  const page = (lists: PoolKind, more: Record<string, fc.Arbitrary<string | Ref | undefined>> = {}) =>
    fc.record({ limit: sometimes(limit, 1, 1), order: sometimes(order, 1, 1), after: sometimes(cursor(lists), 1, 3), before: sometimes(cursor(lists), 1, 5), ...more });
  const base: fc.Arbitrary<Record<string, string | Ref | undefined>> = (() => {
    switch (ep.query) {
      case 'list': return page(ep.lists!);
      case 'messages': return page('message', { run_id: sometimes(fc.oneof(refTo('run'), shortNasty), 1, 4) });
      case 'files': return page('file', { purpose: sometimes(fc.oneof(fc.constantFrom('assistants', 'vision', 'user_data', 'batch'), shortNasty), 1, 3) });
      case 'vs_files': return page('vs_file', { filter: sometimes(fc.oneof(fc.constantFrom('in_progress', 'completed', 'failed', 'cancelled'), shortNasty), 1, 3) });
      case 'steps': return page('step', { 'include[]': sometimes(include, 1, 3) });
      case 'include': return fc.record({ 'include[]': sometimes(include, 1, 4) });
      case 'items': return fc.record({ limit: sometimes(limit, 1, 1), order: sometimes(order, 1, 1), after: sometimes(cursor('item'), 1, 3), 'include[]': sometimes(include, 1, 3) });
      case 'response': return fc.record({ stream: sometimes(fc.constantFrom('true', 'false', 'yes'), 1, 3), starting_after: sometimes(fc.constantFrom('0', '3', '-1', 'x'), 1, 3), 'include[]': sometimes(include, 1, 3) });
      default: return fc.constant({});
    }
  })();
  return fc.tuple(base, extra).map(([b, x]) => [
    ...Object.entries(b).filter((e): e is [string, string | Ref] => e[1] !== undefined),
    ...(x ?? []),
  ]);
}

const rawQuery = fc.constantFrom('%', '%zz=1', 'limit=%', '=', '&&&', 'a[b]=c', 'include[]=%ED%A0%80', 'limit=1&limit=2', 'order=asc&order=desc', 'after=', '%00=%00');

// ── Whole plans ─────────────────────────────────────────────────────────────────────────────

const auth: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 40, arbitrary: fc.constant('ok' as const) },
  { weight: 1, arbitrary: fc.constantFrom<Auth>('none', 'wrong', 'scheme-only', 'lowercase-scheme', 'basic', 'long', 'trailing-space') },
);

const WRONG_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml', ';;;', ''];

/** Plans for one endpoint. */
export function planArb(ep: Endpoint): fc.Arbitrary<RequestPlan> {
  return fc.record({
    endpoint: fc.constant(ep),
    method: sometimes(fc.constantFrom(...WRONG_METHODS.filter((m) => m !== ep.method)), 1, 24),
    path: fc.record({
      n: fc.nat(63),
      coherent: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      bad: sometimes(fc.oneof(fc.record({ index: fc.nat(), segment: badIdSegment }), fc.record({ index: fc.nat(), stale: fc.nat(63) })), 1, 8),
    }),
    query: queryArb(ep),
    rawQuery: sometimes(rawQuery, 1, 30),
    body: bodyArb(ep),
    auth,
    contentType: sometimes(fc.constantFrom(...CONTENT_TYPES), 1, 15),
  }, { requiredKeys: ['endpoint', 'path', 'query', 'body', 'auth'] });
}

// ── Resolution ──────────────────────────────────────────────────────────────────────────────

/** Turns a plan into a request against the pool as it is now. */
export function resolve(plan: RequestPlan, pool: Pool, baseUrl: string, token: string): HttpRequest {
  const ep = plan.endpoint;
  const tags: string[] = [];
  const params = paramsOf(ep.path);
  const owners: Partial<Entry> = {};
  const values = new Map<string, string>();
  const anchor = plan.path.coherent && ep.anchor ? pool.pick(ep.anchor, plan.path.n) : undefined;
  params.forEach((param, i) => {
    const own = i === params.length - 1;
    const fromAnchor = anchor ? (anchor[param as keyof Entry] ?? (own ? anchor.id : undefined)) : undefined;
    const id = fromAnchor ?? pool.idOf(own && ep.anchor ? ep.anchor : PARAM_KIND[param]!, plan.path.n + i * 7);
    values.set(param, encodeURIComponent(id));
    if (param === 'thread_id' || param === 'run_id' || param === 'vector_store_id') owners[param] = id;
  });
  const bad = plan.path.bad;
  if (bad && params.length) {
    const segment = 'segment' in bad ? bad.segment : encodeURIComponent(pool.idOf('stale', bad.stale));
    values.set(params[bad.index % params.length]!, segment);
    tags.push('segment' in bad ? 'bad id' : 'deleted id');
  }
  const path = ep.path.replace(/\{(\w+)\}/g, (_, p: string) => values.get(p)!);
  const idOf = (ref: Ref) => pool.idOf(ref.$ref, ref.n, owners);

  const search = new URLSearchParams();
  for (const [k, v] of plan.query) search.append(k, isRef(v) ? idOf(v) : v);
  let query = search.toString();
  if (plan.rawQuery) {
    query = query ? `${query}&${plan.rawQuery}` : plan.rawQuery;
    tags.push('broken query');
  }

  const method = plan.method ?? ep.method;
  if (plan.method) tags.push('wrong method');
  const headers: Record<string, string> = { 'openai-beta': 'assistants=v2' };
  const authorization = authHeader(plan.auth, token);
  if (authorization !== undefined) headers.authorization = authorization;
  if (plan.auth !== 'ok') tags.push('bad auth');

  let body: string | Uint8Array | undefined;
  const b = plan.body;
  if (b.kind === 'json') {
    body = toJson(b.value, idOf);
    headers['content-type'] = 'application/json';
    tags.push(b.how === 'valid' ? 'valid body' : b.how === 'mutated' ? 'mutated body' : 'non-object body');
  } else if (b.kind === 'text') {
    body = b.text;
    headers['content-type'] = 'application/json';
    tags.push('broken JSON');
  } else if (b.kind === 'upload') {
    const upload = buildUpload(b.plan);
    body = upload.body;
    headers['content-type'] = upload.contentType;
    tags.push(b.plan.garble === 'none' ? 'upload' : 'garbled upload');
  } else if (b.kind === 'answer-all') {
    const calls = pool.callsOf(owners.run_id ?? '');
    body = JSON.stringify({ tool_outputs: calls.map((tool_call_id) => ({ tool_call_id, output: '42' })), stream: b.stream });
    headers['content-type'] = 'application/json';
    tags.push('valid body');
  }
  // fetch cannot send a body with GET or HEAD.
  if (method === 'GET' || method === 'HEAD') body = undefined;
  if (plan.contentType !== undefined && body !== undefined) {
    if (plan.contentType) headers['content-type'] = plan.contentType;
    else delete headers['content-type'];
    tags.push('wrong content type');
  }
  if (!tags.length) tags.push('valid');
  return { method, url: `${baseUrl}${path}${query ? `?${query}` : ''}`, headers, ...(body !== undefined ? { body } : {}), tags };
}

function authHeader(auth: Auth, token: string): string | undefined {
  switch (auth) {
    case 'ok': return `Bearer ${token}`;
    case 'none': return undefined;
    case 'wrong': return `Bearer ${token.slice(0, -1)}x`;
    case 'scheme-only': return 'Bearer';
    case 'lowercase-scheme': return `bearer ${token}`;
    case 'basic': return `Basic ${Buffer.from(`user:${token}`).toString('base64')}`;
    case 'long': return `Bearer ${'t'.repeat(8_000)}`;
    case 'trailing-space': return `Bearer ${token} `;
  }
}

/** JSON text of a body: refs become ids, raw pieces are spliced in as written. */
function toJson(value: unknown, idOf: (ref: Ref) => string): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (isRef(v)) return idOf(v);
    if (isRawJson(v)) return `\u0001RAW${raws.push(v.$raw) - 1}\u0001`;
    return v;
  }) ?? 'null';
  return raws.reduce((t, raw, i) => t.replace(`"\\u0001RAW${i}\\u0001"`, () => raw), text);
}
