/**
 * Valid request bodies, generated from the runtime's own zod request schemas: each schema is turned
 * into JSON Schema (zod's `toJSONSchema`, input side) and that into a fast-check arbitrary. So the
 * fuzzer follows the schemas as they change, and a body it calls valid is one the schema accepts
 * (refinements aside: a few cross-field rules only the runtime checks; and fields that take any
 * JSON are sometimes given JSON nested thousands deep, which the runtime refuses on purpose).
 *
 * Fields that hold ids (by name, e.g. `assistant_id`, `file_ids`) get pool references instead of
 * random text, so valid bodies name objects that exist.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { deepNesting } from './nasty';
import type { PoolKind, Ref } from './pool';

type JsonSchema = Record<string, unknown>;

/** Which pool kind an id-holding field names, by its property name. */
const ID_FIELDS: Record<string, PoolKind> = {
  assistant_id: 'assistant', file_id: 'file', file_ids: 'file', vector_store_ids: 'vector_store', tool_call_id: 'call',
  previous_response_id: 'response', conversation: 'conversation', container: 'container',
};

/** Generated values stay small: the hostile sizes come from the mutations, not from here. */
const MAX_ITEMS = 3;
const MAX_CHARS = 40;
const MAX_DEPTH = 3;

/** A field that takes any JSON (a function's parameters, a JSON schema) takes any depth too. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof({ weight: 9, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: deepNesting });

export const refTo = (kind: PoolKind): fc.Arbitrary<Ref> => fc.nat(63).map((n) => ({ $ref: kind, n }));

interface Context {
  defs: Record<string, JsonSchema>;
  depth: number;
}

/** Arbitrary values a zod schema accepts. */
export function validValues(schema: z.ZodType): fc.Arbitrary<unknown> {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return build(root, { defs: (root.$defs ?? {}) as Record<string, JsonSchema>, depth: 0 });
}

function build(s: JsonSchema, ctx: Context, name?: string): fc.Arbitrary<unknown> {
  const kind = name === undefined ? undefined : ID_FIELDS[name];
  if (kind) {
    if (s.type === 'array' || (Array.isArray(s.anyOf) && (s.anyOf as JsonSchema[]).some((b) => b.type === 'array'))) {
      return fc.array(refTo(kind), { minLength: 1, maxLength: MAX_ITEMS });
    }
    return refTo(kind);
  }
  if (typeof s.$ref === 'string') {
    // Recursive schemas (search filters) bottom out in their first, non-recursive branch.
    const target = ctx.defs[s.$ref.replace('#/$defs/', '')]!;
    if (ctx.depth >= MAX_DEPTH) return build((target.anyOf as JsonSchema[] | undefined)?.[0] ?? target, { ...ctx, depth: ctx.depth + 1 });
    return build(target, { ...ctx, depth: ctx.depth + 1 });
  }
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (union) return fc.oneof(...union.map((b) => build(b, ctx, name)));
  if (Array.isArray(s.type)) return fc.oneof(...(s.type as string[]).map((t) => build({ ...s, type: t }, ctx, name)));
  switch (s.type) {
    case 'string': return stringOf(s);
    case 'integer': return fc.integer({ min: bound(s.minimum, -1_000), max: bound(s.maximum, 1_000_000) });
    case 'number': return fc.double({ min: bound(s.minimum, -1_000), max: bound(s.maximum, 1_000), noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      const min = Number(s.minItems ?? 0);
      return fc.array(build((s.items ?? {}) as JsonSchema, ctx), { minLength: min, maxLength: Math.max(min, Math.min(Number(s.maxItems ?? MAX_ITEMS), MAX_ITEMS)) });
    }
    case 'object': return objectOf(s, ctx);
    default: return anyJson;
  }
}


function bound(value: unknown, fallback: number): number {
  return typeof value === 'number' && Math.abs(value) < 1e9 ? value : fallback;
}

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern));
  if (s.format === 'uri') return fc.webUrl();
  const min = Number(s.minLength ?? 0);
  const max = Math.max(min, Math.min(Number(s.maxLength ?? MAX_CHARS), MAX_CHARS));
  // Mostly words (they make searchable files and readable failures), sometimes any characters.
  return fc.oneof(
    fc.lorem({ maxCount: 4 }).map((t) => t.slice(0, max)),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
  ).filter((t) => t.length >= min);
}

function objectOf(s: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const names = Object.keys(properties);
  const extra = s.additionalProperties;
  if (names.length === 0 && typeof extra === 'object' && extra !== null) {
    // A record (metadata, attributes, free-form JSON Schema): a few keys of its value type.
    const keys = stringOf({ ...((s.propertyNames ?? {}) as JsonSchema), type: 'string' });
    const values = Object.keys(extra).length ? build(extra as JsonSchema, ctx) : anyJson;
    return fc.dictionary(keys, values, { maxKeys: 4 });
  }
  const model = Object.fromEntries(names.map((n) => [n, build(properties[n]!, ctx, n)]));
  return fc.record(model, { requiredKeys: (s.required ?? []) as string[] });
}
