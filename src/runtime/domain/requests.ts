import { z } from 'zod';
import { invalidInput } from './errors';
import { MAX_FUNCTION_DESCRIPTION_CHARS, MAX_METADATA_KEYS, MAX_TEXT_CHARS } from './limits';

/*
 * Request bodies and queries, following the spec's Create… and Modify… request schemas. Objects are
 * strict: like OpenAI, an unknown field is a 400 naming it, not something silently dropped.
 */

/**
 * Checks a map's key count before its entries are validated one by one: a metadata object with
 * two million keys was refused only after 11.7 s of validating them.
 */
export function atMostKeys(max: number, message: string) {
  return z.custom<unknown>((value) => {
    if (typeof value !== 'object' || value === null) return true;
    let count = 0;
    for (const key in value) if (Object.hasOwn(value, key) && ++count > max) return false;
    return true;
  }, message);
}

export const metadata = atMostKeys(MAX_METADATA_KEYS, `Metadata has at most ${MAX_METADATA_KEYS} keys`)
  .pipe(z.record(z.string().max(64, 'Metadata keys are at most 64 characters'), z.string().max(512, 'Metadata values are at most 512 characters')))
  .nullable();

/** Free text the API bounds (see limits.ts for where each bound comes from). */
const text = (max = MAX_TEXT_CHARS) => z.string().max(max);

const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Function names are 1–64 letters, digits, underscores or dashes');

export const toolSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('code_interpreter') }),
  z.strictObject({
    type: z.literal('file_search'),
    file_search: z
      .strictObject({
        max_num_results: z.number().int().min(1).max(50).optional(),
        ranking_options: z
          .strictObject({ ranker: z.enum(['auto', 'default_2024_08_21']).optional(), score_threshold: z.number().min(0).max(1) })
          .optional(),
      })
      .optional(),
  }),
  z.strictObject({
    type: z.literal('function'),
    function: z.strictObject({
      name: functionName,
      description: text(MAX_FUNCTION_DESCRIPTION_CHARS).optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);
export type ToolParam = z.infer<typeof toolSchema>;

const tools = z.array(toolSchema).max(128, 'At most 128 tools');

const toolResources = z
  .strictObject({
    code_interpreter: z.strictObject({ file_ids: z.array(z.string()).max(20).optional() }).optional(),
    file_search: z
      .strictObject({
        vector_store_ids: z.array(z.string()).max(1).optional(),
        vector_stores: z.array(z.record(z.string(), z.unknown())).max(1).optional(),
      })
      .optional(),
  })
  .nullable();

// The spec requires json_schema.name (and every assistant and run echoes the format back, so a
// nameless one accepted here became a response off the spec; found by fuzzing).
const jsonSchemaFormat = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Response format names are 1–64 letters, digits, underscores or dashes'),
  description: z.string().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullable().optional(),
});

const responseFormat = z.union([
  z.literal('auto'),
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({ type: z.literal('json_schema'), json_schema: jsonSchemaFormat }),
]);

const temperature = z.number().min(0).max(2).nullable();
const topP = z.number().min(0).max(1).nullable();

export const createAssistantSchema = z.strictObject({
  model: z.string().min(1, "'model' must not be empty"),
  name: z.string().max(256).nullable().optional(),
  description: z.string().max(512).nullable().optional(),
  instructions: text().nullable().optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(),
  tools: tools.optional(),
  tool_resources: toolResources.optional(),
  metadata: metadata.optional(),
  temperature: temperature.optional(),
  top_p: topP.optional(),
  response_format: responseFormat.nullable().optional(),
});
export const modifyAssistantSchema = createAssistantSchema.partial();

const attachment = z.strictObject({
  file_id: z.string(),
  tools: z.array(z.discriminatedUnion('type', [z.strictObject({ type: z.literal('code_interpreter') }), z.strictObject({ type: z.literal('file_search') })])),
});

const contentPart = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: text() }),
  z.strictObject({ type: z.literal('image_file'), image_file: z.strictObject({ file_id: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }) }),
  z.strictObject({ type: z.literal('image_url'), image_url: z.strictObject({ url: z.url(), detail: z.enum(['auto', 'low', 'high']).optional() }) }),
]);
export type ContentPartParam = z.infer<typeof contentPart>;

export const createMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([text(), z.array(contentPart).min(1, "'content' must not be an empty array")]),
  attachments: z.array(attachment).nullable().optional(),
  metadata: metadata.optional(),
});
export type CreateMessageParams = z.infer<typeof createMessageSchema>;

export const modifyMetadataSchema = z.strictObject({ metadata: metadata.optional() });

export const createThreadSchema = z.strictObject({
  messages: z.array(createMessageSchema).max(32).optional(),
  tool_resources: toolResources.optional(),
  metadata: metadata.optional(),
});
export const modifyThreadSchema = z.strictObject({ tool_resources: toolResources.optional(), metadata: metadata.optional() });

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string() }) }),
  z.strictObject({ type: z.literal('code_interpreter') }),
  z.strictObject({ type: z.literal('file_search') }),
]);

const runFields = {
  assistant_id: z.string().min(1),
  model: z.string().nullable().optional(),
  instructions: text().nullable().optional(),
  tools: tools.nullable().optional(),
  metadata: metadata.optional(),
  temperature: temperature.optional(),
  top_p: topP.optional(),
  stream: z.boolean().nullable().optional(),
  max_prompt_tokens: z.number().int().min(256, "'max_prompt_tokens' must be at least 256").nullable().optional(),
  max_completion_tokens: z.number().int().min(256, "'max_completion_tokens' must be at least 256").nullable().optional(),
  truncation_strategy: z
    .strictObject({ type: z.enum(['auto', 'last_messages']), last_messages: z.number().int().min(1).nullable().optional() })
    .nullable()
    .optional(),
  tool_choice: toolChoice.nullable().optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.nullable().optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(),
};

export const createRunSchema = z.strictObject({
  ...runFields,
  additional_instructions: text().nullable().optional(),
  additional_messages: z.array(createMessageSchema).nullable().optional(),
});
export type CreateRunParams = z.infer<typeof createRunSchema>;

export const createThreadAndRunSchema = z.strictObject({
  ...runFields,
  thread: createThreadSchema.optional(),
  tool_resources: toolResources.optional(),
});

export const submitToolOutputsSchema = z.strictObject({
  tool_outputs: z.array(z.strictObject({ tool_call_id: z.string().optional(), output: z.string().optional() })),
  stream: z.boolean().nullable().optional(),
});

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, "'limit' must be between 1 and 100").max(100, "'limit' must be between 1 and 100").default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().min(1).optional(),
  before: z.string().min(1).optional(),
});
export const listMessagesQuerySchema = listQuerySchema.extend({ run_id: z.string().min(1).optional() });
export const includeQuerySchema = z.strictObject({ 'include[]': z.union([z.string(), z.array(z.string())]).optional() });

/** Parses with a schema, turning the first problem into a 400 that names the parameter, as OpenAI does. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  // reportInput: zod 4 leaves `issue.input` out otherwise, and every wrong value then read as
  // missing ("Missing required parameter: 'model'" for `"model": 5`; found by fuzzing).
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const full = path ? `${path}.${key}` : key;
    throw invalidInput(`Unrecognized request argument supplied: ${full}`, full, 'unknown_parameter');
  }
  if (issue.code === 'too_big' && issue.origin === 'string' && typeof issue.input === 'string' && issue.message.startsWith('Too big')) {
    // OpenAI's own words and code for an over-long string, so clients that match on them still do.
    const message = `Invalid '${path}': string too long. Expected a string with maximum length ${Number(issue.maximum)}, but got a string with length ${issue.input.length} instead.`;
    throw invalidInput(message, path || null, 'string_above_max_length');
  }
  const message = issue.code === 'invalid_type' && issue.input === undefined ? `Missing required parameter: '${path}'.` : `Invalid '${path}': ${issue.message}`;
  throw invalidInput(message, path || null, issue.input === undefined ? 'missing_required_parameter' : 'invalid_value');
}
