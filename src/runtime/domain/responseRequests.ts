import { z } from 'zod';
import { MAX_TEXT_CHARS } from './limits';
import { metadata } from './requests';

/*
 * Request bodies of the Responses and Conversations APIs, after the spec's CreateResponse,
 * CreateConversationBody and friends. The top level is strict (an unknown parameter is a 400 that
 * names it); input items are not, because SDKs send back output items whole (with `annotations`,
 * `logprobs`, `phase`…) and those fields mean nothing to a model.
 */

const text = z.string().max(MAX_TEXT_CHARS);

const inputPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input_text'), text }),
  z.object({ type: z.literal('output_text'), text }),
  z.object({ type: z.literal('refusal'), refusal: text }),
  z.object({ type: z.literal('input_image'), image_url: z.url().max(MAX_TEXT_CHARS).nullable().optional(), file_id: z.string().nullable().optional(), detail: z.enum(['auto', 'low', 'high']).optional() }),
]);
export type InputPart = z.infer<typeof inputPart>;

const messageItem = z.object({
  type: z.literal('message').optional(),
  id: z.string().optional(),
  status: z.enum(['in_progress', 'completed', 'incomplete']).optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([text, z.array(inputPart)]),
});

const functionCallItem = z.object({
  type: z.literal('function_call'),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  status: z.enum(['in_progress', 'completed', 'incomplete']).optional(),
});

const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  id: z.string().nullable().optional(),
  call_id: z.string().min(1),
  output: z.union([text, z.array(inputPart)]),
  status: z.enum(['in_progress', 'completed', 'incomplete']).nullable().optional(),
});

const itemReference = z.object({ type: z.literal('item_reference'), id: z.string().min(1) });

/** A built-in call sent back whole from an earlier response's output (stateless chaining). */
const fileSearchCallItem = z.object({
  type: z.literal('file_search_call'),
  id: z.string().min(1),
  status: z.enum(['in_progress', 'searching', 'completed', 'incomplete', 'failed']).optional(),
  queries: z.array(text).max(20),
  results: z.array(z.object({ file_id: z.string(), filename: z.string().optional(), score: z.number().optional(), text: text.optional() })).max(50).nullable().optional(),
});

const codeInterpreterCallItem = z.object({
  type: z.literal('code_interpreter_call'),
  id: z.string().min(1),
  status: z.enum(['in_progress', 'interpreting', 'completed', 'incomplete', 'failed']).optional(),
  container_id: z.string().min(1),
  code: text.nullable(),
  outputs: z.array(z.discriminatedUnion('type', [z.object({ type: z.literal('logs'), logs: text }), z.object({ type: z.literal('image'), url: z.string() })])).max(50).nullable().optional(),
});

/** One input item. A message may leave out `type` (the spec's EasyInputMessage). */
export const inputItemSchema = z.union([
  z.discriminatedUnion('type', [functionCallItem, functionCallOutputItem, itemReference, fileSearchCallItem, codeInterpreterCallItem]),
  messageItem,
]);
export type InputItemParam = z.infer<typeof inputItemSchema>;

const functionTool = z.strictObject({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Function names are 1–64 letters, digits, underscores or dashes'),
  description: z.string().max(1024).nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});
export type FunctionToolParam = z.infer<typeof functionTool>;

const fileSearchTool = z.strictObject({
  type: z.literal('file_search'),
  vector_store_ids: z.array(z.string().min(1)).min(1, "'vector_store_ids' names at least one vector store").max(16),
  max_num_results: z.number().int().min(1, "'max_num_results' must be between 1 and 50").max(50, "'max_num_results' must be between 1 and 50").optional(),
  ranking_options: z.object({ ranker: z.string().optional(), score_threshold: z.number().min(0).max(1).optional() }).optional(),
  filters: z.unknown().optional(),
});
export type FileSearchToolParam = z.infer<typeof fileSearchTool>;

const codeInterpreterTool = z.strictObject({
  type: z.literal('code_interpreter'),
  container: z.union([
    z.string().min(1),
    z.object({ type: z.literal('auto'), file_ids: z.array(z.string().min(1)).max(50).optional(), memory_limit: z.enum(['1g', '4g', '16g', '64g']).nullable().optional(), network_policy: z.unknown().optional() }),
  ]),
});
export type CodeInterpreterToolParam = z.infer<typeof codeInterpreterTool>;

const BUILT_IN_TOOLS = new Set(['function', 'file_search', 'code_interpreter']);
const toolParam = z.discriminatedUnion('type', [functionTool, fileSearchTool, codeInterpreterTool]);
export type ToolParam = z.infer<typeof toolParam>;

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), name: z.string().min(1) }),
  z.strictObject({ type: z.enum(['file_search', 'code_interpreter']) }),
]);

const textFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'A format name is 1–64 letters, digits, underscores or dashes'),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);

export const createResponseSchema = z.strictObject({
  model: z.string().min(1),
  input: z.union([text, z.array(inputItemSchema)]).optional(),
  instructions: text.nullable().optional(),
  previous_response_id: z.string().min(1).nullable().optional(),
  conversation: z.union([z.string().min(1), z.strictObject({ id: z.string().min(1) })]).nullable().optional(),
  store: z.boolean().nullable().optional(),
  background: z.boolean().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().optional() }).nullable().optional(),
  tools: z
    .array(z.unknown())
    .max(128)
    .superRefine((tools, ctx) => {
      // A built-in tool gets its own answer rather than "expected 'function'".
      tools.forEach((t, i) => {
        const type = typeof t === 'object' && t !== null ? (t as { type?: unknown }).type : undefined;
        if (typeof type === 'string' && !BUILT_IN_TOOLS.has(type)) ctx.addIssue({ code: 'custom', path: [i, 'type'], input: type, message: `The ${type} tool is not offered by Tutor's Responses API; it runs function, file_search and code_interpreter tools.` });
      });
    })
    .pipe(z.array(toolParam))
    .optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  max_output_tokens: z.number().int().min(16, "'max_output_tokens' must be at least 16").nullable().optional(),
  max_tool_calls: z.number().int().min(1).nullable().optional(),
  text: z.strictObject({ format: textFormat.optional(), verbosity: z.enum(['low', 'medium', 'high']).nullable().optional() }).optional(),
  include: z.array(z.string()).nullable().optional(),
  metadata: metadata.optional(),
  truncation: z.enum(['auto', 'disabled']).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  user: z.string().optional(),
  safety_identifier: z.string().optional(),
  prompt_cache_key: z.string().optional(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
  reasoning: z.strictObject({ effort: z.string().nullable().optional(), summary: z.string().nullable().optional(), generate_summary: z.string().nullable().optional() }).nullable().optional(),
});
export type CreateResponseParams = z.infer<typeof createResponseSchema>;

export const retrieveResponseQuerySchema = z.strictObject({
  stream: z.enum(['true', 'false']).optional(),
  starting_after: z.coerce.number().int().min(0).optional(),
  include_obfuscation: z.enum(['true', 'false']).optional(),
  'include[]': z.union([z.string(), z.array(z.string())]).optional(),
});

export const createConversationSchema = z.strictObject({
  items: z.array(inputItemSchema).max(20, 'A conversation starts with at most 20 items').nullable().optional(),
  metadata: metadata.optional(),
});

export const updateConversationSchema = z.strictObject({ metadata });

export const createItemsSchema = z.strictObject({ items: z.array(inputItemSchema).min(1).max(20, 'At most 20 items are added at once') });

/** Conversation items and a response's input items page by item id, like the spec's lists. */
export const itemListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, "'limit' must be between 1 and 100").max(100, "'limit' must be between 1 and 100").default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().min(1).optional(),
  'include[]': z.union([z.string(), z.array(z.string())]).optional(),
});
export type ItemListQuery = z.infer<typeof itemListQuerySchema>;

export const itemQuerySchema = z.strictObject({ 'include[]': z.union([z.string(), z.array(z.string())]).optional() });

export const createContainerSchema = z.strictObject({
  name: z.string().min(1).max(256),
  file_ids: z.array(z.string().min(1)).max(50).optional(),
  expires_after: z.strictObject({ anchor: z.literal('last_active_at'), minutes: z.number().int().min(1).max(20 * 60) }).optional(),
  memory_limit: z.enum(['1g', '4g', '16g', '64g']).optional(),
  network_policy: z.object({ type: z.literal('disabled') }).optional(),
});
export type ContainerParams = z.infer<typeof createContainerSchema>;
