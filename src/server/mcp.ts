// `tutor-assistants mcp`: Tutor's tools (the CAS check, the Python sandbox, Knowledge search) for
// any MCP client over stdio. The client's own model calls them; no model runs here.
import { existsSync } from 'node:fs';
import path from 'node:path';
// The low-level Server, not McpServer: McpServer takes tool inputs as zod schemas and writes its
// own JSON Schema from them, and the schemas must be TOOLBOX_SPECS' own (one source, the one VS
// Code's tools and the tests read too). The toolbox validates input itself.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, type CallToolResult, ErrorCode, ListToolsRequestSchema, McpError, type Tool, type ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { version } from '../../package.json';
import type { ProviderFactory } from '../providers/types';
import type { Logger } from '../runtime/domain/clock';
import type * as VerifyMathModule from '../runtime/tools/verifyMath/verifyMath';
import { openRuntime, type Runtime, TOOLBOX_SPECS, TutorToolbox, type ToolboxOutput, type ToolboxToolName } from '../runtime/index';
import type { McpOptions } from './mcpArgs';
import { indexKnowledge } from './mcpKnowledge';

/** What a client may assume of each tool: nothing here writes outside the sandbox or reaches the network. */
const ANNOTATIONS: Record<ToolboxToolName, ToolAnnotations> = {
  verify_math: { readOnlyHint: true, openWorldHint: false },
  run_python: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  search_knowledge: { readOnlyHint: true, openWorldHint: false },
};

/** search_knowledge's passages as structured content, for clients that show citations. */
const SEARCH_OUTPUT_SCHEMA: Tool['outputSchema'] = {
  type: 'object',
  properties: {
    passages: {
      type: 'array',
      items: {
        type: 'object',
        properties: { filename: { type: 'string' }, score: { type: 'number' }, text: { type: 'string' } },
        required: ['filename', 'score', 'text'],
      },
    },
  },
  required: ['passages'],
};

/** The tools as MCP lists them: TOOLBOX_SPECS plus MCP's annotations. */
export function mcpTools(): Tool[] {
  return TOOLBOX_SPECS.map((spec) => ({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: spec.inputSchema as Tool['inputSchema'],
    annotations: { title: spec.title, ...ANNOTATIONS[spec.name] },
    ...(spec.name === 'search_knowledge' ? { outputSchema: SEARCH_OUTPUT_SCHEMA } : {}),
  }));
}

/** A toolbox output as an MCP tool result: text first, then each image. */
export function mcpResult(name: ToolboxToolName, out: ToolboxOutput): CallToolResult {
  const content: CallToolResult['content'] = [{ type: 'text', text: out.text }];
  for (const image of out.images) content.push({ type: 'image', data: Buffer.from(image.data).toString('base64'), mimeType: image.mimeType });
  const result: CallToolResult = { content, isError: out.isError };
  // A tool with an output schema owes structured content on success (clients check it).
  if (name === 'search_knowledge' && !out.isError) {
    result.structuredContent = { passages: out.passages.map((p) => ({ filename: p.filename, score: p.score, text: p.text })) };
  }
  return result;
}

/** No run ever happens here, so no model is ever asked; a call would be a bug, and says so. */
const noModel: ProviderFactory = () => ({
  // eslint-disable-next-line require-yield -- refuses before the first chunk
  async *streamChat() {
    throw new Error('tutor-assistants mcp runs no model: its tools are called by the MCP client\'s model.');
  },
});

/**
 * The CAS is 3 MB: bundled, it is dist/verifyMath.js beside this file (the extension's copy, not
 * a second one inside this bundle), loaded on the first check; from source (tests under tsx), the
 * module itself.
 */
function loadVerifier(): typeof VerifyMathModule.verifyMath {
  const bundled = path.join(__dirname, 'verifyMath.js');
  const file = existsSync(bundled) ? bundled : path.join(__dirname, '..', 'runtime', 'tools', 'verifyMath', 'verifyMath.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, on purpose
  return (require(file) as typeof VerifyMathModule).verifyMath;
}

/** Starts the server on stdin/stdout; resolves once it is connected, with a stop function. */
export async function startMcpServer(options: McpOptions, logger: Logger): Promise<{ stop(): Promise<void> }> {
  // Bundled (dist/tutor-assistants.js), sql.js's WASM and the CAS bundle sit beside this file.
  const bundledWasm = path.join(__dirname, 'sql-wasm.wasm');
  const runtime: Runtime = await openRuntime({ ...(existsSync(bundledWasm) ? { wasmPath: bundledWasm } : {}), providers: noModel, logger });
  const knowledge = indexKnowledge(runtime, options.knowledge, logger);
  knowledge.ready.catch((err: unknown) => logger.error('indexing the knowledge failed', err));
  const toolbox = new TutorToolbox({
    loadVerifier: async () => loadVerifier(),
    python: async () => runtime.python!,
    // One client per process (stdio), so one notebook-like session.
    pythonSession: 'mcp',
    searchKnowledge: knowledge.search,
  });

  const server = new Server({ name: 'tutor', title: 'Tutor', version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: mcpTools() }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const spec = TOOLBOX_SPECS.find((s) => s.name === request.params.name);
    if (!spec) throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}". This server has ${TOOLBOX_SPECS.map((s) => s.name).join(', ')}.`);
    try {
      return mcpResult(spec.name, await toolbox.call(spec.name, request.params.arguments, extra.signal));
    } catch (err) {
      // The toolbox answers bad input itself; what reaches here is ours (the sandbox would not start…).
      logger.error(`${spec.name} failed`, err);
      return { content: [{ type: 'text', text: `${spec.name} failed inside Tutor: ${err instanceof Error ? err.message : String(err)}` }], isError: true };
    }
  });

  await server.connect(new StdioServerTransport());
  return {
    async stop() {
      await server.close();
      // Stops the Python sandbox's process too.
      await runtime.close();
    },
  };
}
