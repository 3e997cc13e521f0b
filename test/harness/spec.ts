/**
 * Checks values against OpenAI's OpenAPI description (`../shared/openai-openapi.yaml`, see findSpec), so tests can
 * prove the runtime's wire shapes match OpenAI's, and say which field is wrong when they don't.
 *
 * Schema names used for the Assistants API (all under `#/components/schemas/`):
 * AssistantObject, ThreadObject, MessageObject, MessageDeltaObject, RunObject, RunStepObject,
 * RunStepDeltaObject, ListAssistantsResponse, ListMessagesResponse, ListRunsResponse,
 * ListRunStepsResponse, DeleteAssistantResponse, DeleteThreadResponse, DeleteMessageResponse,
 * ErrorResponse and Error (the `data` of an `error` stream event). There is no ListThreadsResponse:
 * the API cannot list threads. Any other name in `schemaNames()` works too.
 *
 * @example
 *   assertMatchesSpec('RunObject', run);
 *   specErrors('RunObject', { ...run, required_action: 'x' });
 *   // → ['RunObject: /required_action must be object or null (got "x")']
 */
import { AssertionError } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Schema = AnySchemaObject;

/** The folder holding package.json: CI clones the repo elsewhere, with shared/ beside it. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const SPEC_FILE = path.join('shared', 'openai-openapi.yaml');

/** The checkout a local clone was made from (`git clone . /tmp/x` records it as origin), if any. */
function localOrigin(root: string): string | undefined {
  try {
    const url = execFileSync('git', ['-C', root, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (url.startsWith('file://')) return fileURLToPath(url);
    return path.isAbsolute(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the spec is: `shared/` beside this checkout, as CI lays it out; else `shared/` beside the
 * local checkout this one was cloned from, so a throwaway `git clone .` runs the same suites.
 * When neither has it, the first place is named in the error the first spec check throws.
 */
function findSpec(): string {
  const root = findRepoRoot(__dirname);
  const origin = localOrigin(root);
  const places = [path.resolve(root, '..', SPEC_FILE), ...(origin ? [path.resolve(origin, '..', SPEC_FILE)] : [])];
  return places.find((place) => existsSync(place)) ?? places[0]!;
}

export const specPath = findSpec();

/** Refs are rewritten to this absolute base so any subschema can be compiled on its own. */
const SPEC_ID = 'https://tutor.local/openai-openapi.json';
const REF_PREFIX = '#/components/schemas/';

// Parsing the 3 MB file takes a couple of seconds: do it once, on first use.
let loaded: { raw: Record<string, Schema>; schemas: Record<string, Schema>; ajv: Ajv2020 } | undefined;
function spec(): { raw: Record<string, Schema>; schemas: Record<string, Schema>; ajv: Ajv2020 } {
  if (loaded) return loaded;
  if (!existsSync(specPath)) throw new Error(`OpenAI's OpenAPI description is missing: put it at ${specPath} (shared/ beside the checkout).`);
  const doc = parse(readFileSync(specPath, 'utf8')) as { components: { schemas: Record<string, Schema> } };
  const raw = doc.components.schemas;
  const schemas: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(raw)) schemas[name] = normalize(schema, name);
  // verbose: union errors then carry their branches and data, which `explain` re-checks one by one.
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  // The spec's own format for timestamps. Seconds, not milliseconds: Date.now() here is a real bug.
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 1e11 });
  ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
  loaded = { raw, schemas, ajv };
  return loaded;
}

// Keywords that hold subschemas; everything else (enum, required, default, …) is data, left alone.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_ONE = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else', 'propertyNames',
  'unevaluatedItems', 'unevaluatedProperties'];
// OpenAPI-only annotations: dropped so nothing depends on ajv ignoring unknown keywords.
const OPENAPI_ONLY = ['nullable', 'discriminator', 'example', 'xml', 'externalDocs', '$recursiveAnchor'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of one component schema that ajv's 2020-12 dialect reads the way OpenAPI means it:
 * `nullable: true` (an OpenAPI 3.0 leftover the file still uses) admits null, boolean
 * `exclusiveMinimum` becomes the numeric form, `$recursiveRef` points at its component, and
 * refs become absolute.
 */
function normalize(schema: unknown, component: string): Schema {
  if (!isObject(schema)) return schema as Schema;
  const out: Schema = {};
  let nullable = schema.nullable === true;
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || OPENAPI_ONLY.includes(key)) continue;
    if (SCHEMA_MAPS.includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, component)]));
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      // `allOf: [$ref, { nullable: true }]` is how the file makes a referenced schema nullable.
      const marker = (v: unknown) => isObject(v) && v.nullable === true && !('type' in v) && !('$ref' in v);
      if (key === 'allOf' && value.some(marker)) nullable = true;
      const kept = key === 'allOf' ? value.filter((v) => !marker(v)) : value;
      out[key] = kept.map((v) => normalize(v, component));
    } else if (SCHEMA_ONE.includes(key) && (isObject(value) || typeof value === 'boolean')) {
      out[key] = normalize(value, component);
    } else if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.startsWith('#') ? SPEC_ID + value : value;
    } else if (key === '$recursiveRef') {
      out.$ref = SPEC_ID + REF_PREFIX + component;
    } else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') {
      const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (value && typeof schema[bound] === 'number') out[key] = schema[bound];
    } else {
      out[key] = value;
    }
  }
  if (typeof schema.exclusiveMinimum === 'boolean' && schema.exclusiveMinimum) delete out.minimum;
  if (typeof schema.exclusiveMaximum === 'boolean' && schema.exclusiveMaximum) delete out.maximum;
  return nullable ? allowNull(out) : out;
}

function allowNull(schema: Schema): Schema {
  const composed = ['$ref', 'allOf', 'anyOf', 'oneOf', 'enum', 'const', 'not'].some((k) => k in schema);
  // A plain typed schema just gains 'null' (clearer errors); anything else is wrapped.
  if (schema.type !== undefined && !composed) {
    const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    return { ...schema, type: [...new Set([...types, 'null'])] };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** Every schema name under `#/components/schemas`. */
export function schemaNames(): string[] {
  return Object.keys(spec().raw);
}

const compiled = new WeakMap<object, ValidateFunction>();
function compile(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = spec().ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

const byName = new Map<string, ValidateFunction>();
function validatorFor(name: string): ValidateFunction {
  let validate = byName.get(name);
  if (!validate) {
    if (!Object.hasOwn(spec().raw, name)) throw new Error(`no schema "${name}" in ${specPath}`);
    validate = compile({ $ref: SPEC_ID + REF_PREFIX + name });
    byName.set(name, validate);
  }
  return validate;
}

/**
 * What is wrong with `value` as a `#/components/schemas/<schemaName>`, one message per problem,
 * each naming the field path: `RunObject: /required_action must be object or null (got "x")`.
 * Empty when it matches. Extra properties are reported only where the spec forbids them.
 */
export function specErrors(schemaName: string, value: unknown): string[] {
  const messages = explain(validatorFor(schemaName), value, '');
  return [...new Set(messages)].map((m) => `${schemaName}: ${m}`);
}

/** Throws an AssertionError listing every problem `specErrors` finds. */
export function assertMatchesSpec(schemaName: string, value: unknown): void {
  const errors = specErrors(schemaName, value);
  if (errors.length === 0) return;
  throw new AssertionError({
    message: `does not match the OpenAI spec's ${schemaName}:\n  ${errors.join('\n  ')}`,
    actual: value,
    expected: schemaName,
    operator: 'assertMatchesSpec',
  });
}

let eventTable: Map<string, string | undefined> | undefined;
/**
 * The schema of an Assistants stream event's `data`, read from the spec's AssistantStreamEvent
 * (each variant has an `event` enum and a `data` $ref): `thread.run.step.delta` → RunStepDeltaObject,
 * `error` → Error. Undefined for `done` (its data is the string `[DONE]`) and unknown events.
 */
export function schemaForStreamEvent(event: string): string | undefined {
  if (!eventTable) {
    const table = new Map<string, string | undefined>();
    const { raw } = spec();
    const visit = (schema: unknown): void => {
      if (!isObject(schema)) return;
      if (typeof schema.$ref === 'string') visit(raw[schema.$ref.slice(REF_PREFIX.length)]);
      for (const variant of [schema.oneOf, schema.anyOf].flat()) visit(variant);
      const props = isObject(schema.properties) ? schema.properties : {};
      const names = isObject(props.event) && Array.isArray(props.event.enum) ? props.event.enum : [];
      const ref = isObject(props.data) ? props.data.$ref : undefined;
      for (const name of names) {
        table.set(String(name), typeof ref === 'string' ? ref.slice(REF_PREFIX.length) : undefined);
      }
    };
    visit(raw.AssistantStreamEvent);
    eventTable = table;
  }
  return eventTable.get(event);
}

let responseEventTable: Map<string, string> | undefined;
/**
 * The schema of a Responses stream event, read from the spec's ResponseStreamEvent (each variant
 * is a schema whose `type` enum names the event): `response.output_text.delta` →
 * ResponseTextDeltaEvent. The Responses API names each SSE event by its data's `type`.
 */
export function schemaForResponseEvent(type: string): string | undefined {
  if (!responseEventTable) {
    const table = new Map<string, string>();
    const { raw } = spec();
    for (const variant of (raw.ResponseStreamEvent?.anyOf ?? []) as { $ref?: string }[]) {
      const name = variant.$ref?.slice(REF_PREFIX.length);
      const props = name && isObject(raw[name]?.properties) ? (raw[name]!.properties as Record<string, unknown>) : {};
      const types = isObject(props.type) && Array.isArray(props.type.enum) ? props.type.enum : [];
      for (const t of types) table.set(String(t), name!);
    }
    // The stream's own error event is ResponseErrorEvent, listed apart from the union.
    table.set('error', 'ResponseErrorEvent');
    responseEventTable = table;
  }
  return responseEventTable.get(type);
}

/** Asserts a stream event's `data` matches the schema its event name calls for. */
export function assertStreamEventMatchesSpec(event: string, data: unknown): void {
  const schemaName = schemaForStreamEvent(event);
  if (schemaName === undefined) {
    if (event === 'done' && data === '[DONE]') return;
    throw new AssertionError({ message: `the spec defines no data schema for stream event "${event}"` });
  }
  const errors = specErrors(schemaName, data);
  if (errors.length === 0) return;
  throw new AssertionError({
    message: `event ${event}: data does not match the OpenAI spec:\n  ${errors.join('\n  ')}`,
    actual: data,
    expected: schemaName,
    operator: 'assertStreamEventMatchesSpec',
  });
}

// ---- Turning ajv's errors into one readable line per real problem ----
//
// With allErrors, a failed oneOf/anyOf comes with the errors of every branch it tried, interleaved
// and with schema paths relative to whichever $ref they sit in, so "which branch did you mean" cannot
// be read off the list. Instead each failed union is re-checked here branch by branch, branches that
// plainly don't apply (wrong JSON type, or a different `type`/`object` tag) are set aside, and only
// the closest branch's problems are reported. Everything at or under a failed union's path is
// re-derived from the union's own schema, so a problem put there by some unrelated allOf sibling
// would go unreported; the Assistants schemas have none.

const isUnion = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf';
const within = (p: string, ancestor: string) => p === ancestor || p.startsWith(ancestor + '/');

function explain(validate: ValidateFunction, data: unknown, base: string): string[] {
  if (validate(data)) return [];
  const errors = [...(validate.errors ?? [])];
  const unions = errors.filter(isUnion);
  // A union is nested in another if it sits under its data path (and, at the same path, came first).
  // (Unions of one schema at one path, like anyOf beside oneOf, are one group, explained together.)
  const sameGroup = (a: ErrorObject, b: ErrorObject) => a.parentSchema === b.parentSchema && a.instancePath === b.instancePath;
  const outer = unions.filter((u, i) => !unions.some((o, j) => !sameGroup(o, u)
    && within(u.instancePath, o.instancePath) && (o.instancePath !== u.instancePath || j > i)));
  const messages: string[] = [];
  for (const e of errors) {
    if (!outer.some((u) => within(e.instancePath, u.instancePath))) messages.push(describe(e, base));
  }
  const done: ErrorObject[] = [];
  for (const u of outer) {
    if (done.some((d) => sameGroup(d, u))) continue;
    done.push(u);
    messages.push(...explainLevel(u.parentSchema as Schema, u.data, base + u.instancePath));
  }
  return messages;
}

const withoutUnions = new WeakMap<object, Schema>();
/** The schema's own checks first, then each of its unions. */
function explainLevel(parent: Schema, data: unknown, at: string): string[] {
  let rest = withoutUnions.get(parent);
  if (!rest) {
    rest = { ...parent };
    delete rest.oneOf;
    delete rest.anyOf;
    withoutUnions.set(parent, rest);
  }
  const messages = explain(compile(rest), data, at);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches: unknown = parent[keyword];
    if (Array.isArray(branches)) messages.push(...explainUnion(keyword, branches as Schema[], data, at));
  }
  return messages;
}

function explainUnion(keyword: 'anyOf' | 'oneOf', branches: Schema[], data: unknown, at: string): string[] {
  const tried = branches.map((schema) => {
    const validate = compile(schema);
    const ok = validate(data);
    return { schema, validate, ok, errors: ok ? [] : [...(validate.errors ?? [])] };
  });
  const passing = tried.filter((t) => t.ok);
  if (passing.length === 1 || (keyword === 'anyOf' && passing.length > 1)) return [];
  if (passing.length > 1) {
    return [`${where(at)} matches more than one oneOf alternative (${passing.map((t) => label(t.schema)).join(', ')})`];
  }
  const misfits = tried.map((t) => misfit(t.schema, data));
  const candidates = tried.filter((_, i) => !misfits[i]);
  if (candidates.length > 0) {
    // The closest branch is the one with the fewest problems.
    return candidates.map((t) => explain(t.validate, data, at)).reduce((a, b) => (b.length < a.length ? b : a));
  }
  // No branch fits even roughly: say what the value's tag or type must be.
  const m = merge(misfits as Misfit[]);
  if (m.tag !== undefined && isObject(data)) {
    return [`${at}/${m.tag} must be one of ${[...new Set(m.values)].map(show).join(', ')} (got ${show(data[m.tag])})`];
  }
  return [`${where(at)} must be ${[...new Set(m.types)].join(' or ')} (got ${show(data)})`];
}

/** Why a branch plainly is not the one meant: the value's JSON type, or its `type`/`object` tag. */
interface Misfit { types: string[]; tag?: string; values: unknown[] }

const TAGS = ['type', 'object'];

/** The Misfit if `schema` cannot be what `data` was meant as; undefined if it might be. */
function misfit(schema: unknown, data: unknown, depth = 0): Misfit | undefined {
  if (!isObject(schema) || depth > 30) return undefined; // the depth bound stops recursive refs
  if (typeof schema.$ref === 'string') {
    const target = spec().schemas[schema.$ref.slice(SPEC_ID.length + REF_PREFIX.length)];
    const m = misfit(target, data, depth + 1);
    if (m) return m;
  }
  if (schema.type !== undefined) {
    const types = [schema.type].flat().map(String);
    if (!types.some((t) => hasType(data, t))) return { types, values: [] };
  }
  if (isObject(data) && isObject(schema.properties)) {
    for (const tag of TAGS) {
      const p = schema.properties[tag];
      const values = isObject(p) && Array.isArray(p.enum) ? p.enum as unknown[] : isObject(p) && 'const' in p ? [p.const] : undefined;
      if (values && tag in data && !values.includes(data[tag])) return { types: [], tag, values };
    }
  }
  for (const member of asList(schema.allOf)) {
    const m = misfit(member, data, depth + 1);
    if (m) return m;
  }
  for (const keyword of ['anyOf', 'oneOf']) {
    const branches = asList(schema[keyword]);
    const misfits = branches.map((b) => misfit(b, data, depth + 1));
    if (branches.length > 0 && misfits.every(Boolean)) return merge(misfits as Misfit[]);
  }
  return undefined;
}

function merge(misfits: Misfit[]): Misfit {
  const tag = misfits.find((m) => m.tag !== undefined)?.tag;
  return {
    types: misfits.flatMap((m) => m.types),
    tag,
    values: misfits.filter((m) => m.tag === tag).flatMap((m) => m.values),
  };
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function hasType(data: unknown, type: string): boolean {
  switch (type) {
    case 'null': return data === null;
    case 'array': return Array.isArray(data);
    case 'object': return isObject(data);
    case 'integer': return Number.isInteger(data);
    default: return typeof data === type; // string, number, boolean
  }
}

function allowedValues(e: ErrorObject): unknown[] {
  return e.keyword === 'const' ? [e.params.allowedValue] : (e.params.allowedValues as unknown[]);
}

function label(schema: Schema): string {
  if (typeof schema.$ref === 'string') return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  return typeof schema.title === 'string' ? schema.title : JSON.stringify(schema.type ?? 'schema');
}

const where = (p: string) => p || '(root)';

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (isObject(value)) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(e: ErrorObject, base: string): string {
  const at = where(base + e.instancePath);
  switch (e.keyword) {
    case 'required': return `${base}${e.instancePath}/${String(e.params.missingProperty)} is required`;
    case 'type': return `${at} must be ${String(e.params.type).split(',').join(' or ')} (got ${show(e.data)})`;
    case 'enum':
    case 'const': return `${at} must be one of ${allowedValues(e).map(show).join(', ')} (got ${show(e.data)})`;
    case 'additionalProperties': return `${base}${e.instancePath}/${String(e.params.additionalProperty)} is not allowed by the spec`;
    case 'format':
      if (e.params.format === 'unixtime') return `${at} must be a Unix time in seconds (got ${show(e.data)})`;
      return `${at} must match format "${String(e.params.format)}" (got ${show(e.data)})`;
    default: return `${at} ${e.message ?? e.keyword} (got ${show(e.data)})`;
  }
}
