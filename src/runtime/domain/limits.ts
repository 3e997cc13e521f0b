/**
 * The runtime's size limits in one place, each with where it comes from. They keep one hostile
 * request from taking the server's memory or its event loop: a limit is checked before the work
 * it protects (bytes before parsing, counts before validation, queries before searching).
 */

const KB = 1024;
const MB = 1024 * KB;

/** Uploads: OpenAI documents 512 MB per file for the Files API (`POST /files`). */
export const MAX_UPLOAD_BYTES = 512 * MB;
/** The multipart framing and the `purpose` field around an upload's bytes. */
export const MULTIPART_OVERHEAD_BYTES = 64 * KB;

/**
 * A body refused by its declared Content-Length is still read and dropped after the 413 when it
 * is at most this big, so a client still writing it (fetch, the SDK) reads the answer instead of
 * failing on a closed socket and retrying the same body. Larger or chunked refused bodies close
 * the connection: reading them would cost more than the client's retry. The Node adapter drains
 * the same amount before it gives up on a connection.
 */
export const REFUSED_BODY_DRAIN_BYTES = 64 * MB;

/**
 * JSON request bodies, per route family, sized to the largest request the API's own limits allow
 * (the field limits below), with room for JSON escaping. Over it: 413 before anything is parsed.
 */
export const JSON_BODY_LIMITS = {
  /** Instructions (256,000 characters) and up to 128 tools with descriptions and schemas. */
  assistants: 4 * MB,
  /** A thread created with up to 32 messages of up to 256,000 characters, or a run's additional messages. */
  threads: 16 * MB,
  /** Search queries and filters, file ids for batches, attributes. */
  vector_stores: 1 * MB,
  /** A response's input items (or a conversation's first ones), each up to 256,000 characters, and its tools. */
  responses: 16 * MB,
  conversations: 16 * MB,
  /** A name and up to 50 file ids. */
  containers: 64 * 1024,
} as const;

/**
 * How many values (object members and array elements) a JSON body may hold. Parsing cost grows
 * with them, not with bytes: an 8 MB object of 800,000 short keys took 0.5 s to parse here, the
 * same bytes as one string 12 ms. No request the API allows comes near this.
 */
export const MAX_JSON_VALUES = 100_000;

/**
 * Text fields. The spec gives 256,000 characters for an assistant's `instructions`; it names no
 * bound for message text, run instructions or additional instructions, so they get the same.
 */
export const MAX_TEXT_CHARS = 256_000;
/** OpenAI refuses function descriptions over 1,024 characters (`string_above_max_length`). */
export const MAX_FUNCTION_DESCRIPTION_CHARS = 1_024;
/** The spec's Metadata: "Set of 16 key-value pairs", keys up to 64 characters, values up to 512. */
export const MAX_METADATA_KEYS = 16;

/**
 * Vector store search. The spec bounds neither the number of queries nor a filter's size; each
 * query is one ranking pass over the store, and each filter value is checked per candidate, so
 * both are capped well above what a person or a model writes.
 */
export const MAX_SEARCH_QUERIES = 20;
export const MAX_SEARCH_QUERY_CHARS = 4_096;
/** Comparisons in a compound filter plus the values of every `in`/`nin` list. */
export const MAX_FILTER_TERMS = 1_000;

/** How long request-path work may hold the event loop before it yields to other requests. */
export const YIELD_AFTER_MS = 20;
