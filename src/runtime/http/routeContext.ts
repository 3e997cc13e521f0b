import type { Context } from 'hono';
import { ApiError } from './apiError';
import { MAX_JSON_VALUES } from '../domain/limits';
import type { Page } from '../store/types';
import type { AssistantService } from '../services/assistants';
import type { Containers } from '../services/containers';
import type { ConversationService } from '../services/conversations';
import type { ResponseService } from '../services/responses';
import type { FileService } from '../services/files';
import type { RunService } from '../services/runs';
import type { Conversation } from '../services/threads';
import type { VectorStoreService } from '../services/vectorStores/service';

/** What every route module gets: the services, injected once. Routes parse, call one, and shape its answer. */
export interface RouteDeps {
  assistants: AssistantService;
  threads: Conversation;
  runs: RunService;
  files: FileService;
  vectorStores: VectorStoreService;
  responses: ResponseService;
  conversations: ConversationService;
  containers: Containers;
}

/**
 * How deeply a request body may nest. Free-form fields (a function's `parameters`, a JSON schema,
 * search filters) accept any JSON, and code that walks it recursively (JSON.stringify when storing,
 * the filter matcher) overflowed the stack on a body nested thousands deep: a 500, found by
 * fuzzing. Real schemas and filters stay far below this.
 */
export const MAX_JSON_DEPTH = 100;

/** Reads a JSON body; a missing, broken or absurdly nested body is a 400 in OpenAI's words. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  if (valuesExceed(text, MAX_JSON_VALUES)) {
    throw ApiError.badRequest(`The JSON body holds more than ${MAX_JSON_VALUES.toLocaleString('en-US')} values (object members and array elements); no request to this API needs that many.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw ApiError.badRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) throw ApiError.badRequest(`The JSON body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`);
  return body;
}

/**
 * Whether the JSON text has more than `max` values, counted as the commas and colons outside
 * strings, before JSON.parse spends time on them. Counting them anywhere (indexOf, fast) settles
 * almost every body; only text with more than `max` of them walks the characters to skip strings.
 */
function valuesExceed(text: string, max: number): boolean {
  let anywhere = 0;
  for (const mark of [',', ':']) {
    for (let i = text.indexOf(mark); i !== -1 && anywhere <= max; i = text.indexOf(mark, i + 1)) anywhere++;
  }
  if (anywhere <= max) return false;
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // a backslash: the next character is escaped
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if ((ch === 0x2c || ch === 0x3a) && ++count > max) return true;
  }
  return false;
}

/** Whether objects and arrays nest deeper than `max`; iterative, so any depth is safe to ask about. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The query string as a plain object, keeping repeated keys (`include[]`) as arrays. */
export function queryObject(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(c.req.queries())) out[k] = v.length === 1 ? v[0]! : v;
  return out;
}

/**
 * A list response in OpenAI's shape. The spec types first_id/last_id as strings; for an empty page
 * we send "" (falsy, like the live API's null, so `if (page.first_id)` checks behave the same).
 */
export function listBody<T extends { id: string }>(page: Page<T>) {
  return { object: 'list' as const, data: page.data, first_id: page.data[0]?.id ?? '', last_id: page.data.at(-1)?.id ?? '', has_more: page.has_more };
}
