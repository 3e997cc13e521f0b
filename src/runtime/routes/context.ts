import type { Context } from 'hono';
import { ApiError } from '../errors';
import type { RunEngine } from '../engine/runEngine';
import type { Clock } from '../clock';
import type { IdSource } from '../ids';
import type { ObjectStore } from '../store/types';
import type { Page } from '../store/types';
import type { VectorStoreService } from '../vectorStores/service';

/** What every route module gets: the runtime's parts, injected once. */
export interface RouteDeps {
  store: ObjectStore;
  engine: RunEngine;
  ids: IdSource;
  clock: Clock;
  vectorStores: VectorStoreService;
}

/** Reads a JSON body; a missing or broken body is a 400 in OpenAI's words. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw ApiError.badRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
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
