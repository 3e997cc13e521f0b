import { z } from 'zod';
import { MAX_FILTER_TERMS, MAX_SEARCH_QUERIES, MAX_SEARCH_QUERY_CHARS } from './limits';
import { atMostKeys, listQuerySchema, metadata } from './requests';

/*
 * Request bodies of the Vector Stores API, after the spec's CreateVectorStoreRequest,
 * CreateVectorStoreFileRequest, CreateVectorStoreFileBatchRequest and VectorStoreSearchRequest.
 * Strict like the rest: an unknown field is a 400 naming it.
 */


/** File attributes: like metadata, but values may also be numbers and booleans (they can be filtered on). */
export const attributesSchema = atMostKeys(16, 'Attributes have at most 16 keys')
  .pipe(z.record(z.string().max(64, 'Attribute keys are at most 64 characters'), z.union([z.string().max(512, 'Attribute values are at most 512 characters'), z.number(), z.boolean()])))
  .nullable();

export const chunkingSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto') }),
  z.strictObject({
    type: z.literal('static'),
    static: z
      .strictObject({
        max_chunk_size_tokens: z.number().int().min(100, "'max_chunk_size_tokens' must be between 100 and 4096").max(4096, "'max_chunk_size_tokens' must be between 100 and 4096"),
        chunk_overlap_tokens: z.number().int().min(0, "'chunk_overlap_tokens' must not be negative"),
      })
      .refine((s) => s.chunk_overlap_tokens <= s.max_chunk_size_tokens / 2, "'chunk_overlap_tokens' must not exceed half of 'max_chunk_size_tokens'"),
  }),
]);
export type ChunkingParam = z.infer<typeof chunkingSchema>;

export const expiresAfterSchema = z.strictObject({
  anchor: z.literal('last_active_at'),
  days: z.number().int().min(1, "'days' must be between 1 and 365").max(365, "'days' must be between 1 and 365"),
});

export const createVectorStoreSchema = z.strictObject({
  name: z.string().max(256).optional(),
  description: z.string().max(512).optional(),
  file_ids: z.array(z.string().min(1)).max(500, 'At most 500 file ids; add more with file batches').optional(),
  expires_after: expiresAfterSchema.optional(),
  chunking_strategy: chunkingSchema.optional(),
  metadata: metadata.optional(),
});
export type CreateVectorStoreParams = z.infer<typeof createVectorStoreSchema>;

export const modifyVectorStoreSchema = z.strictObject({
  name: z.string().max(256).nullable().optional(),
  expires_after: expiresAfterSchema.nullable().optional(),
  metadata: metadata.optional(),
});
export type ModifyVectorStoreParams = z.infer<typeof modifyVectorStoreSchema>;

export const createFileSchema = z.strictObject({
  file_id: z.string().min(1),
  chunking_strategy: chunkingSchema.optional(),
  attributes: attributesSchema.optional(),
});
export type CreateFileParams = z.infer<typeof createFileSchema>;

export const updateFileSchema = z.strictObject({ attributes: attributesSchema });

export const createBatchSchema = z
  .strictObject({
    file_ids: z.array(z.string().min(1)).min(1, "'file_ids' must not be empty").max(2000, 'At most 2000 files per batch').optional(),
    files: z.array(createFileSchema).min(1, "'files' must not be empty").max(2000, 'At most 2000 files per batch').optional(),
    chunking_strategy: chunkingSchema.optional(),
    attributes: attributesSchema.optional(),
  })
  .refine((b) => (b.file_ids === undefined) !== (b.files === undefined), { message: "Give exactly one of 'file_ids' and 'files'", path: ['file_ids'] });
export type CreateBatchParams = z.infer<typeof createBatchSchema>;

const statusFilter = z.enum(['in_progress', 'completed', 'failed', 'cancelled']);
export const listFilesQuerySchema = listQuerySchema.extend({ filter: statusFilter.optional() });

const comparisonFilter = z.strictObject({
  type: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin']),
  key: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
});
export type ComparisonFilter = z.infer<typeof comparisonFilter>;
export type AttributeFilter = ComparisonFilter | { type: 'and' | 'or'; filters: AttributeFilter[] };
const attributeFilter: z.ZodType<AttributeFilter> = z.lazy(() =>
  z.union([comparisonFilter, z.strictObject({ type: z.enum(['and', 'or']), filters: z.array(attributeFilter) })]),
);

/**
 * Counts a filter's comparisons and list values, iteratively and stopping at `max`, before the
 * recursive schema validates it (a 280,000-leaf filter held the event loop for 3 s).
 */
function filterTermsAtMost(value: unknown, max: number): boolean {
  const stack = [value];
  let terms = 0;
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const { filters, value: listed } = node as { filters?: unknown; value?: unknown };
    if (Array.isArray(filters)) stack.push(...filters.slice(0, max + 1));
    else if ((terms += Array.isArray(listed) ? Math.max(1, listed.length) : 1) > max) return false;
    if (terms > max) return false;
  }
  return true;
}

const searchQuery = z.string().min(1, "'query' must not be empty").max(MAX_SEARCH_QUERY_CHARS);

export const searchSchema = z.strictObject({
  // Counted before the union validates each query (its own errors would only say "Invalid input").
  query: z
    .custom<unknown>((v) => !Array.isArray(v) || v.length <= MAX_SEARCH_QUERIES, `'query' holds at most ${MAX_SEARCH_QUERIES} queries`)
    .pipe(z.union([searchQuery, z.array(searchQuery).min(1, "'query' must not be empty")])),
  // Accepted for compatibility; queries are searched as written (there is no model to rewrite them).
  rewrite_query: z.boolean().optional(),
  max_num_results: z.number().int().min(1, "'max_num_results' must be between 1 and 50").max(50, "'max_num_results' must be between 1 and 50").default(10),
  filters: z
    .custom<unknown>((v) => filterTermsAtMost(v, MAX_FILTER_TERMS), `'filters' holds at most ${MAX_FILTER_TERMS} comparisons and list values in all`)
    .pipe(attributeFilter)
    .optional(),
  ranking_options: z
    .strictObject({ ranker: z.enum(['none', 'auto', 'default-2024-11-15']).optional(), score_threshold: z.number().min(0).max(1).optional() })
    .optional(),
});
export type SearchParams = z.infer<typeof searchSchema>;

/** One entry of `tool_resources.file_search.vector_stores`: a store to create with these files. */
export const vectorStoreHelperSchema = z.strictObject({
  file_ids: z.array(z.string().min(1)).max(10_000).optional(),
  chunking_strategy: chunkingSchema.optional(),
  metadata: metadata.optional(),
});
